// Use cases: show an approval link's entry (changes nothing) and record a person's decision on it, exactly once.
import { type TokenRejection, verifyToken } from '../../domain/approval-token.ts';
import { LifecycleError } from '../../domain/errors.ts';
import type { Entry, EntryStatus, HistoryRecord } from '../../domain/lifecycle.ts';
import { targetCovers, transition } from '../../domain/lifecycle.ts';
import { targetListMessage } from '../../domain/notifications.ts';
import { DAY_MS } from '../../domain/time.ts';
import type { LifecycleDeps } from './lifecycle-deps.ts';

export type Decision = 'approve' | 'reject' | 'snooze';
export const DECISIONS: readonly Decision[] = ['approve', 'reject', 'snooze'];

/** Why a link cannot be used: each gets its own page, none changes anything. */
export type LinkRefusal = TokenRejection | 'unknown_entry' | 'already_decided' | 'superseded';

export type ApprovalView =
  | { ok: true; entry: Entry; history: HistoryRecord[] }
  | { ok: false; reason: LinkRefusal; entry?: Entry };

export type DecisionOutcome =
  | { ok: true; entry: Entry; decision: Decision; alsoApproved: string[] }
  | { ok: false; reason: LinkRefusal; entry?: Entry };

const STATUS_OF: Record<Decision, EntryStatus> = {
  approve: 'approved',
  reject: 'rejected',
  snooze: 'snoozed',
};

/**
 * What an approval link shows. A GET of the link calls only this: mail scanners open every link, so
 * looking must never decide.
 */
export async function viewApproval(deps: LifecycleDeps, token: string): Promise<ApprovalView> {
  const checked = await checkLink(deps, token);
  if (!checked.ok) return checked;
  return { ok: true, entry: checked.entry, history: await deps.entries.getHistory(checked.entry.target) };
}

/**
 * Records the decision a person made on the approval page (a POST from a button). The token must be
 * genuine, unexpired, for this entry's current approval request and unused: the first decision wins,
 * any later use of the link is refused.
 */
export async function decideByLink(
  deps: LifecycleDeps,
  input: { token: string; decision: Decision; by: string },
): Promise<DecisionOutcome> {
  const checked = await checkLink(deps, input.token);
  if (!checked.ok) return checked;
  return applyDecision(deps, checked.entry, input.decision, input.by, 'from the approval link');
}

/**
 * The authenticated twin of the link (`POST /candidates/{id}/approve|reject`): decides a candidate or
 * pending entry by its target, for a caller the API has already authorised.
 */
export async function decideEntry(
  deps: LifecycleDeps,
  input: { target: string; decision: Decision; by: string },
): Promise<DecisionOutcome> {
  const entry = (await deps.entries.getEntries([input.target])).get(input.target);
  if (entry === undefined) return { ok: false, reason: 'unknown_entry' };
  if (entry.status !== 'pending' && entry.status !== 'candidate') {
    return { ok: false, reason: 'already_decided', entry };
  }
  return applyDecision(deps, entry, input.decision, input.by, 'through the API');
}

async function checkLink(
  deps: LifecycleDeps,
  token: string,
): Promise<{ ok: true; entry: Entry } | { ok: false; reason: LinkRefusal; entry?: Entry }> {
  const verified = verifyToken(deps.settings.approvalSecret, token, 'decide', deps.now());
  if (!verified.ok) return verified;
  const { target, nonce } = verified.claims;
  const entry = (await deps.entries.getEntries([target])).get(target);
  if (entry === undefined) return { ok: false, reason: 'unknown_entry' };
  if (entry.status !== 'pending') return { ok: false, reason: 'already_decided', entry };
  if (entry.approval?.nonce !== nonce) return { ok: false, reason: 'superseded', entry };
  return { ok: true, entry };
}

async function applyDecision(
  deps: LifecycleDeps,
  entry: Entry,
  decision: Decision,
  by: string,
  via: string,
): Promise<DecisionOutcome> {
  if (!DECISIONS.includes(decision)) throw new LifecycleError(`unknown decision ${JSON.stringify(decision)}`);
  const now = deps.now();
  const to = STATUS_OF[decision];
  const step = transition(entry, to, {
    at: now,
    by,
    reason: `${decision === 'snooze' ? 'snoozed' : `${to}`} ${via}`,
    changes: {
      approval: undefined,
      decidedBy: by,
      decidedAt: now,
      snoozedUntil:
        decision === 'snooze' ? now + deps.settings.policy.reproposeAfterDays * DAY_MS : undefined,
    },
  });
  if (!(await deps.entries.saveTransition(step))) {
    // Someone decided (or the link was used) between our read and our write: first decision wins.
    return { ok: false, reason: 'already_decided', entry };
  }
  await deps.inventory.setHostnameStatus(entry.covers, to);

  const alsoApproved: string[] = [];
  if (decision === 'approve' && entry.kind === 'wildcard') {
    // A wildcard's approval covers its hostnames: their own open entries follow it.
    const open = await deps.entries.listEntries(['candidate', 'pending']);
    for (const covered of open.filter((e) => e.kind === 'exact' && targetCovers(entry.target, e.target))) {
      const follow = transition(covered, 'approved', {
        at: now,
        by,
        reason: `approved with ${entry.target}`,
        changes: { approval: undefined, coveredBy: entry.target, decidedBy: by, decidedAt: now },
      });
      if (await deps.entries.saveTransition(follow)) alsoApproved.push(covered.target);
    }
  }

  const verb = { approve: 'approved', reject: 'rejected', snooze: 'snoozed' }[decision];
  for (const message of targetListMessage(
    `egress-scout: ${entry.target} ${verb}`,
    `${entry.target} was ${verb} by ${by} ${via} at ${new Date(now).toISOString()}.${
      decision === 'approve' ? ' The next promote adds it to the rule group.' : ''
    }`,
    [entry.target, ...alsoApproved.map((target) => `${target} (covered by ${entry.target})`)],
  )) {
    await deps.notifier.publish(message);
  }
  return { ok: true, entry: step.entry, decision, alsoApproved };
}
