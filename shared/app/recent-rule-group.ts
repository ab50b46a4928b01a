// The rule group as described a few seconds ago at most: the inventory asks which target covers its hostnames on every request.
import type { AllowlistRuleGroup, RuleGroupSnapshot } from './ports/allowlist-rule-group.ts';

export interface RecentDescriptionOptions {
  /** How long a description is handed out again, counted from when it was asked for; 0: never. */
  maxAgeMs: number;
  /** Epoch milliseconds. */
  now: () => number;
}

/**
 * `describe` of `ruleGroup`, answered with its last description while that is younger than
 * `maxAgeMs`; callers that come while a description is under way share it, so a page of requests costs
 * one DescribeRuleGroup. A failed description is not kept: the next call asks again. For readers that
 * may show coverage a few seconds old (the inventory routes); whoever changes the group (the lifecycle)
 * describes it afresh, for the update token.
 *
 * @example
 * const ruleGroup = recentDescriptions(lifecycle.ruleGroup, { maxAgeMs: 15_000, now: Date.now });
 * await ruleGroup.describe(); // DescribeRuleGroup
 * await ruleGroup.describe(); // the same snapshot, no call
 */
export function recentDescriptions(
  ruleGroup: Pick<AllowlistRuleGroup, 'describe'>,
  options: RecentDescriptionOptions,
): Pick<AllowlistRuleGroup, 'describe'> {
  let latest: { askedAt: number; description: Promise<RuleGroupSnapshot> } | undefined;
  return {
    describe() {
      const now = options.now();
      // A clock that went back makes the kept description's age unknown: asked again.
      if (latest !== undefined && now >= latest.askedAt && now - latest.askedAt < options.maxAgeMs) {
        return latest.description;
      }
      const asked = { askedAt: now, description: ruleGroup.describe() };
      latest = asked;
      asked.description.catch(() => {
        if (latest === asked) latest = undefined;
      });
      return asked.description;
    },
  };
}
