// Describe -> modify -> UpdateRuleGroup with the token, redone from a fresh describe when someone else got there first.
import { RuleGroupConflictError } from '../../domain/errors.ts';
import type { AllowlistRuleGroup, RuleGroupSnapshot } from '../ports/allowlist-rule-group.ts';

export interface RuleGroupChange<T> {
  /** The targets to write, or undefined to leave the group as it is. */
  targets: string[] | undefined;
  /** Whatever the caller wants back from its plan (what it added, warnings…). */
  plan: T;
}

export interface RuleGroupUpdateResult<T> {
  snapshot: RuleGroupSnapshot;
  plan: T;
  updated: boolean;
  describeCalls: number;
  updateCalls: number;
}

/** Attempts before giving up on a rule group that keeps changing under us. */
const MAX_ATTEMPTS = 5;

/**
 * Applies `decide` to a fresh snapshot and writes its targets with that snapshot's token. On a stale
 * token (another run or a person changed the group) it describes again and decides again, so the
 * change is always computed from what the group really holds and never half-applied.
 *
 * @example
 * await updateRuleGroup(ruleGroup, (snapshot) => ({ targets: [...snapshot.targets, 'api.example.com'], plan: null }));
 */
export async function updateRuleGroup<T>(
  ruleGroup: AllowlistRuleGroup,
  decide: (snapshot: RuleGroupSnapshot) => RuleGroupChange<T> | Promise<RuleGroupChange<T>>,
): Promise<RuleGroupUpdateResult<T>> {
  let describeCalls = 0;
  let updateCalls = 0;
  for (let attempt = 1; ; attempt++) {
    const snapshot = await ruleGroup.describe();
    describeCalls++;
    const change = await decide(snapshot);
    if (change.targets === undefined) {
      return { snapshot, plan: change.plan, updated: false, describeCalls, updateCalls };
    }
    try {
      updateCalls++;
      const updateToken = await ruleGroup.replaceTargets(snapshot, change.targets);
      return {
        snapshot: { ...snapshot, targets: change.targets, updateToken },
        plan: change.plan,
        updated: true,
        describeCalls,
        updateCalls,
      };
    } catch (error) {
      if (!(error instanceof RuleGroupConflictError) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}
