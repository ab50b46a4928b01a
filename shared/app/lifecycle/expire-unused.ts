// Use case: take entries nobody uses any more out of the rule group, and let unanswered approval links lapse.
import type { Entry } from '../../domain/lifecycle.ts';
import { targetCovers, transition } from '../../domain/lifecycle.ts';
import { targetListMessage, warningMessage } from '../../domain/notifications.ts';
import { DAY_MS, toIso } from '../../domain/time.ts';
import { collect, type LifecycleDeps } from './lifecycle-deps.ts';
import { updateRuleGroup } from './rule-group-update.ts';

export interface ExpireResult {
  /** Promoted entries expired in this run (removed from the group when egress-scout had added them). */
  expired: string[];
  /** Pending entries whose approval link lapsed. */
  lapsed: string[];
  warnings: string[];
}

/**
 * A promoted entry none of whose hostnames was seen for `expireAfterDays` is removed from the rule group
 * (one update, redone on a stale token), marked expired and announced. Only targets egress-scout itself
 * added are removed; others are marked expired and left where they are. If the inventory holds no
 * allowed traffic at all in the window, the firewall is not logging allowed connections (the observe
 * rule is off) and every allowlisted hostname would look unused: nothing is removed and a warning goes
 * out instead. Pending approvals past their link's lifetime expire, and their links stop working.
 */
export async function expireUnused(
  deps: LifecycleDeps,
  options: { dryRun?: boolean } = {},
): Promise<ExpireResult> {
  const now = deps.now();
  const dryRun = options.dryRun === true;
  const result: ExpireResult = { expired: [], lapsed: [], warnings: [] };
  await lapseApprovals(deps, now, dryRun, result);

  const cutoff = now - deps.settings.expireAfterDays * DAY_MS;
  const promoted = await deps.entries.listEntries(['promoted']);
  if (promoted.length === 0) return result;
  const recent = await collect(deps.inventory.recentHostnames(cutoff));
  if (!recent.some((record) => record.usage.lastAllowed >= cutoff)) {
    const warning = `no allowed traffic was logged since ${toIso(cutoff)}: expiry skipped`;
    result.warnings.push(warning);
    if (!dryRun) {
      await deps.notifier.publish(
        warningMessage('expiry skipped: no allowed traffic is logged', [
          `The inventory holds no allowed connection since ${toIso(cutoff)} (${deps.settings.expireAfterDays} days).`,
          'Network Firewall logs PASS traffic only when an alert rule matches it too, so the "observe" rule',
          'group (infra/firewall/observe-rule-group.yml) is probably detached or the alert logs stopped.',
          `Without it every allowlisted hostname looks unused, so none of the ${promoted.length} promoted entries was removed.`,
        ]),
      );
    }
    return result;
  }

  const unused = promoted.filter(
    (entry) =>
      !recent.some(
        (record) => record.usage.lastSeen >= cutoff && targetCovers(entry.target, record.hostname),
      ),
  );
  if (unused.length === 0) return result;
  if (dryRun) {
    result.expired = unused.map((entry) => entry.target);
    return result;
  }

  const managed = await deps.entries.listManagedTargets();
  const removable = new Set(unused.filter((entry) => managed.has(entry.target)).map((entry) => entry.target));
  if (removable.size > 0) {
    await updateRuleGroup(deps.ruleGroup, (snapshot) => {
      const targets = snapshot.targets.filter((target) => !removable.has(target));
      return { targets: targets.length === snapshot.targets.length ? undefined : targets, plan: null };
    });
    await deps.entries.forgetManagedTargets([...removable]);
  }

  for (const entry of unused) {
    const step = transition(entry, 'expired', {
      at: now,
      by: 'policy:expire',
      reason: removable.has(entry.target)
        ? `no traffic for ${deps.settings.expireAfterDays} days: removed from the rule group`
        : `no traffic for ${deps.settings.expireAfterDays} days; left in the rule group because egress-scout did not add it`,
      changes: { addedToRuleGroup: false },
    });
    if (!(await deps.entries.saveTransition(step))) continue;
    await deps.inventory.setHostnameStatus(entry.covers, 'expired');
    result.expired.push(entry.target);
  }
  if (result.expired.length > 0) {
    for (const message of targetListMessage(
      `egress-scout: ${result.expired.length} unused allowlist ${result.expired.length === 1 ? 'entry' : 'entries'} expired`,
      `No traffic for ${deps.settings.expireAfterDays} days; removed from the rule group where egress-scout had added them:`,
      result.expired.map((target) =>
        removable.has(target) ? target : `${target} (left in place: not added by egress-scout)`,
      ),
    )) {
      await deps.notifier.publish(message);
    }
  }
  return result;
}

async function lapseApprovals(deps: LifecycleDeps, now: number, dryRun: boolean, result: ExpireResult) {
  const lapsed = (await deps.entries.listEntries(['pending'])).filter(
    (entry: Entry) => (entry.approval?.expiresAt ?? 0) <= now,
  );
  for (const entry of lapsed) {
    if (dryRun) {
      result.lapsed.push(entry.target);
      continue;
    }
    const step = transition(entry, 'expired', {
      at: now,
      by: 'policy:expire',
      reason: 'nobody decided before the approval link expired',
      changes: { approval: undefined },
    });
    if (!(await deps.entries.saveTransition(step))) continue;
    await deps.inventory.setHostnameStatus(entry.covers, 'expired');
    result.lapsed.push(entry.target);
  }
  if (result.lapsed.length > 0 && !dryRun) {
    for (const message of targetListMessage(
      `egress-scout: ${result.lapsed.length} approval ${result.lapsed.length === 1 ? 'request' : 'requests'} lapsed`,
      'Nobody decided in time; the links no longer work. The entries will be recommended again if the traffic continues:',
      result.lapsed,
    )) {
      await deps.notifier.publish(message);
    }
  }
}
