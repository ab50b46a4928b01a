// Use case: put approved entries into the managed domain list (never half-applied), mark them promoted, report drift.

import { mapConcurrently } from '../../domain/concurrency.ts';
import type { Entry } from '../../domain/lifecycle.ts';
import { targetCovers, transition } from '../../domain/lifecycle.ts';
import { targetListMessage, warningMessage } from '../../domain/notifications.ts';
import {
  type CapacityFit,
  checkDomainListFit,
  domainListCapacity,
} from '../../domain/rule-group-capacity.ts';
import type { RuleGroupSnapshot } from '../ports/allowlist-rule-group.ts';
import type { LifecycleDeps } from './lifecycle-deps.ts';
import { updateRuleGroup } from './rule-group-update.ts';

export interface Drift {
  /** In the rule group, not put there by egress-scout (people, other tools): reported, never removed. */
  unmanaged: string[];
  /** Put there by egress-scout, no longer in the rule group: reported, never re-added behind anyone's back. */
  missing: string[];
}

export interface PromoteResult {
  /** Entries that moved to promoted in this run. */
  promoted: string[];
  /** Targets this run added to the rule group. */
  added: string[];
  /** Approved targets that do not fit the group's capacity (nothing was changed). */
  notFitting: string[];
  capacity: { used: number; total: number; percentUsed: number };
  drift: Drift;
  warnings: string[];
  describeCalls: number;
  updateCalls: number;
}

/** Targets the firewall-side template seeds an empty list with (RFC 2606 `.invalid`): neither drift nor ours. */
export function isPlaceholderTarget(target: string): boolean {
  return target === 'invalid' || target.endsWith('.invalid');
}

interface Plan {
  toAdd: string[];
  /** Approved targets already covered by the list (themselves or by a wildcard): target -> covering target. */
  covered: Map<string, string>;
  fit: CapacityFit | undefined;
}

/**
 * Adds every approved entry missing from the rule group in **one** UpdateRuleGroup (redone from a fresh
 * DescribeRuleGroup when the token is stale). Checks capacity first: if the new list does not fit,
 * nothing changes and a warning goes out; at 80 % a warning goes out too. Targets already present are
 * not added twice. Then reports drift between the group and what egress-scout put there.
 */
export async function promoteApproved(
  deps: LifecycleDeps,
  options: { dryRun?: boolean } = {},
): Promise<PromoteResult> {
  const now = deps.now();
  const approved = orderWildcardsFirst(await deps.entries.listEntries(['approved']));
  const warnings: string[] = [];
  let plan: Plan = { toAdd: [], covered: new Map(), fit: undefined };

  const update = await updateRuleGroup<Plan>(deps.ruleGroup, async (snapshot) => {
    plan = planAdditions(approved, snapshot);
    if (plan.toAdd.length === 0 || plan.fit?.fits === false || options.dryRun === true) {
      return { targets: undefined, plan };
    }
    // Recorded before the update: a crash between the two leaves a `missing` drift report, never a
    // target of ours mistaken for someone else's.
    await deps.entries.recordManagedTargets(plan.toAdd);
    return { targets: [...snapshot.targets, ...plan.toAdd], plan };
  });
  plan = update.plan;
  const snapshot = update.snapshot;

  const notFitting = plan.fit?.fits === false ? plan.toAdd : [];
  if (notFitting.length > 0 && options.dryRun !== true) {
    const fit = plan.fit as CapacityFit;
    const warning = `${notFitting.length} approved entries do not fit: the list would need ${fit.required} of ${fit.capacity} capacity units`;
    warnings.push(warning);
    await deps.notifier.publish(
      warningMessage('the allowlist rule group is full', [
        `${warning} in ${snapshot.ruleGroupName}.`,
        'Nothing was changed: a rule group is never updated with part of a list.',
        'Make room (remove entries), or create a rule group with more capacity and point egress-scout at it.',
        '',
        ...notFitting.map((target) => `* ${target}`),
      ]),
    );
  }

  const promoted: string[] = [];
  if (options.dryRun !== true && notFitting.length === 0) {
    const managed = await deps.entries.listManagedTargets();
    const inGroup = new Set(snapshot.targets);
    const marked = await mapConcurrently(approved, 8, async (entry) => {
      const inList = inGroup.has(entry.target);
      const coveredBy = plan.covered.get(entry.target);
      if (!inList && coveredBy === undefined) return undefined;
      const step = transition(entry, 'promoted', {
        at: now,
        by: 'policy:promote',
        reason: inList
          ? managed.has(entry.target)
            ? `added to ${snapshot.ruleGroupName}`
            : `already in ${snapshot.ruleGroupName} (not added by egress-scout, so it will never remove it)`
          : `covered by ${coveredBy} in ${snapshot.ruleGroupName}`,
        changes: {
          addedToRuleGroup: inList && managed.has(entry.target),
          coveredBy: inList ? entry.coveredBy : coveredBy,
        },
      });
      if (!(await deps.entries.saveTransition(step))) return undefined;
      await deps.inventory.setHostnameStatus(entry.covers, 'promoted');
      return entry.target;
    });
    promoted.push(...marked.filter((target): target is string => target !== undefined));
    if (promoted.length > 0) {
      for (const message of targetListMessage(
        `egress-scout: ${promoted.length} allowlist ${promoted.length === 1 ? 'entry' : 'entries'} promoted`,
        `Now allowed by ${snapshot.ruleGroupName}:`,
        promoted,
      )) {
        await deps.notifier.publish(message);
      }
    }
  }

  const used = domainListCapacity({
    targetCount: snapshot.targets.length,
    targetTypeCount: snapshot.targetTypes.length,
    generatedRulesType: snapshot.generatedRulesType,
  });
  const fitNow = checkDomainListFit(snapshot.capacity, {
    targetCount: snapshot.targets.length,
    targetTypeCount: snapshot.targetTypes.length,
    generatedRulesType: snapshot.generatedRulesType,
  });
  if (fitNow.nearlyFull && update.updated) {
    const warning = `${snapshot.ruleGroupName} uses ${fitNow.percentUsed}% of its capacity (${used} of ${snapshot.capacity})`;
    warnings.push(warning);
    await deps.notifier.publish(
      warningMessage('the allowlist rule group is nearly full', [
        `${warning}.`,
        'Capacity is fixed when a rule group is created; plan a larger group before approvals stop fitting.',
      ]),
    );
  }

  const drift = await reportDrift(deps, snapshot, options.dryRun === true);
  return {
    promoted,
    added: update.updated ? plan.toAdd : [],
    notFitting,
    capacity: { used, total: snapshot.capacity, percentUsed: fitNow.percentUsed },
    drift,
    warnings,
    describeCalls: update.describeCalls,
    updateCalls: update.updateCalls,
  };
}

function planAdditions(approved: Entry[], snapshot: RuleGroupSnapshot): Plan {
  const list = new Set(snapshot.targets);
  const toAdd: string[] = [];
  const covered = new Map<string, string>();
  const wildcards = snapshot.targets.filter((target) => target.startsWith('.'));
  for (const entry of approved) {
    if (list.has(entry.target)) continue;
    const cover = wildcards.find((target) => targetCovers(target, entry.target));
    if (cover !== undefined) {
      covered.set(entry.target, cover);
      continue;
    }
    toAdd.push(entry.target);
    if (entry.target.startsWith('.')) wildcards.push(entry.target);
  }
  const fit =
    toAdd.length === 0
      ? undefined
      : checkDomainListFit(snapshot.capacity, {
          targetCount: list.size + toAdd.length,
          targetTypeCount: snapshot.targetTypes.length,
          generatedRulesType: snapshot.generatedRulesType,
        });
  return { toAdd, covered, fit };
}

/** Wildcards first, so that exact entries a wildcard covers are not added beside it. */
function orderWildcardsFirst(entries: Entry[]): Entry[] {
  return [...entries].sort((a, b) => Number(b.kind === 'wildcard') - Number(a.kind === 'wildcard'));
}

/** Compares the group with the ledger of what egress-scout added; notifies when the drift changed. */
export async function reportDrift(
  deps: LifecycleDeps,
  snapshot: RuleGroupSnapshot,
  dryRun: boolean,
): Promise<Drift> {
  const managed = await deps.entries.listManagedTargets();
  const inGroup = new Set(snapshot.targets);
  const drift: Drift = {
    unmanaged: snapshot.targets
      .filter((target) => !managed.has(target) && !isPlaceholderTarget(target))
      .sort(),
    missing: [...managed].filter((target) => !inGroup.has(target)).sort(),
  };
  const fingerprint = JSON.stringify(drift);
  if (dryRun || (await deps.entries.readNote('drift')) === fingerprint) return drift;
  if (drift.unmanaged.length > 0 || drift.missing.length > 0) {
    await deps.notifier.publish(
      warningMessage(`drift in ${snapshot.ruleGroupName}`, [
        `The rule group ${snapshot.ruleGroupName} differs from what egress-scout put into it. Nothing was overwritten.`,
        '',
        `Not added by egress-scout (${drift.unmanaged.length}): ${drift.unmanaged.join(', ') || '-'}`,
        `Added by egress-scout but missing now (${drift.missing.length}): ${drift.missing.join(', ') || '-'}`,
      ]),
    );
  }
  await deps.entries.writeNote('drift', fingerprint);
  return drift;
}
