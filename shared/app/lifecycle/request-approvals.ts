// Use case: recommend entries from the evidence and ask a person to approve them (one digest), or approve by policy.
import { newNonce, signToken } from '../../domain/approval-token.ts';
import { mapConcurrently } from '../../domain/concurrency.ts';
import { type Entry, type EntryTransition, newEntry, transition } from '../../domain/lifecycle.ts';
import { approvalDigest, targetListMessage } from '../../domain/notifications.ts';
import { type Proposal, recommend, wildcardFor } from '../../domain/recommendation.ts';
import { DAY_MS } from '../../domain/time.ts';
import { collect, type LifecycleDeps } from './lifecycle-deps.ts';

export interface RequestedApproval {
  target: string;
  kind: Entry['kind'];
  hostnames: string[];
  /** The approval link (absent in a dry run). */
  link?: string;
}

export interface RequestApprovalsResult {
  pending: RequestedApproval[];
  autoApproved: string[];
}

const RECOMMENDER = 'policy:recommend';

/**
 * Turns the hostnames whose evidence meets the policy (and wildcard suggestions) into entries: pending
 * with a signed, single-use approval link each and announced in **one** digest (split only when SNS's
 * size limit demands), or approved at once when under a trusted suffix. Every step is a conditional
 * write; an entry another run created or moved meanwhile is left to that run.
 */
export async function requestApprovals(
  deps: LifecycleDeps,
  options: { dryRun?: boolean } = {},
): Promise<RequestApprovalsResult> {
  const { settings } = deps;
  const now = deps.now();
  const hostnames = await collect(
    deps.inventory.recentHostnames(now - settings.policy.lookBackDays * DAY_MS),
  );
  const targets = new Set<string>();
  for (const record of hostnames) {
    targets.add(record.hostname);
    const wildcard = wildcardFor(record.hostname, settings.policy);
    if (wildcard !== undefined) targets.add(wildcard);
  }
  const entries = await deps.entries.getEntries([...targets]);
  const proposals = recommend({ hostnames, entries, policy: settings.policy, now });

  const result: RequestApprovalsResult = { pending: [], autoApproved: [] };
  if (options.dryRun === true) {
    for (const proposal of proposals) {
      if (proposal.autoApprove) result.autoApproved.push(proposal.target);
      else result.pending.push({ target: proposal.target, kind: proposal.kind, hostnames: proposal.covers });
    }
    return result;
  }

  const outcomes = await mapConcurrently(proposals, 8, (proposal) =>
    askOrApprove(deps, proposal, entries.get(proposal.target), now),
  );
  const digest: { entry: Entry; link: string }[] = [];
  for (const outcome of outcomes) {
    if (outcome === undefined) continue;
    if (outcome.link === undefined) {
      result.autoApproved.push(outcome.entry.target);
    } else {
      digest.push({ entry: outcome.entry, link: outcome.link });
      result.pending.push({
        target: outcome.entry.target,
        kind: outcome.entry.kind,
        hostnames: outcome.entry.covers,
        link: outcome.link,
      });
    }
  }

  if (digest.length > 0) {
    for (const message of approvalDigest(digest, settings.approvalLinkHours))
      await deps.notifier.publish(message);
  }
  if (result.autoApproved.length > 0) {
    for (const message of targetListMessage(
      `egress-scout: ${result.autoApproved.length} allowlist entries approved by policy`,
      'These entries are under a trusted suffix and were approved without asking; the next promote adds them to the rule group.',
      result.autoApproved,
    )) {
      await deps.notifier.publish(message);
    }
  }
  return result;
}

/**
 * Moves one proposal to candidate, then to approved (trusted suffix) or pending with a signed link;
 * undefined when a concurrent run moved the entry first.
 */
async function askOrApprove(
  deps: LifecycleDeps,
  proposal: Proposal,
  existing: Entry | undefined,
  now: number,
): Promise<{ entry: Entry; link?: string } | undefined> {
  const { settings } = deps;
  const candidate = proposeStep(proposal, existing, now);
  if (!(await deps.entries.saveTransition(candidate))) return undefined;
  if (proposal.autoApprove) {
    const approved = transition(candidate.entry, 'approved', {
      at: now,
      by: 'policy:trusted-suffix',
      reason: 'under a trusted suffix: approved without asking',
      changes: { decidedBy: 'policy:trusted-suffix', decidedAt: now },
    });
    if (!(await deps.entries.saveTransition(approved))) return undefined;
    await deps.inventory.setHostnameStatus(proposal.covers, 'approved');
    return { entry: approved.entry };
  }
  const approval = { nonce: newNonce(), expiresAt: now + settings.approvalLinkHours * 3_600_000 };
  const pending = transition(candidate.entry, 'pending', {
    at: now,
    by: RECOMMENDER,
    reason: `approval requested; the link works until ${new Date(approval.expiresAt).toISOString()}`,
    changes: { approval },
  });
  if (!(await deps.entries.saveTransition(pending))) return undefined;
  await deps.inventory.setHostnameStatus(proposal.covers, 'pending');
  const token = signToken(settings.approvalSecret, {
    target: proposal.target,
    scope: 'decide',
    nonce: approval.nonce,
    expiresAt: approval.expiresAt,
  });
  return { entry: pending.entry, link: `${settings.approvalBaseUrl.replace(/\/+$/, '')}/approvals/${token}` };
}

/** observed -> candidate for a new entry; expired/snoozed -> candidate, with fresh evidence, for an old one. */
function proposeStep(proposal: Proposal, existing: Entry | undefined, now: number): EntryTransition {
  const reason =
    proposal.kind === 'wildcard'
      ? `${proposal.covers.length} observed hostnames share this domain`
      : `${proposal.evidence.windowHits} hits on ${proposal.evidence.daysSeen} days in ${proposal.evidence.windowDays} days from ${proposal.evidence.sources} source(s)`;
  if (existing === undefined) {
    return newEntry(
      { target: proposal.target, covers: proposal.covers, evidence: proposal.evidence },
      { at: now, by: RECOMMENDER, reason },
    );
  }
  return transition(existing, 'candidate', {
    at: now,
    by: RECOMMENDER,
    reason: `recommended again: ${reason}`,
    changes: {
      covers: proposal.covers,
      evidence: proposal.evidence,
      approval: undefined,
      coveredBy: undefined,
      snoozedUntil: undefined,
      decidedBy: undefined,
      decidedAt: undefined,
    },
  });
}
