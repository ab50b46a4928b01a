// Capacity arithmetic for a Network Firewall domain-list rule group: what a list consumes, whether it fits.
//
// Where the formula comes from. AWS's developer guide (nwfw-rule-group-capacity, "Stateful rule group
// capacity") sizes a stateful rule group by the number of rules in it. Its domain-list examples
// (stateful-rule-groups-domain-names / suricata-examples, "domain list rules") show which rules a
// RulesSourceList generates: one rule per target per target type, and for an ALLOWLIST one closing
// `drop` per target type ("not matching any TLS allowlisted FQDNs"); a DENYLIST gets no closing rule.
// So an allowlist of N targets over K types is N × K + K rules, matching the empirical
// `(domains × protocols) + protocols` in AWS-FACTS.md. AWS publishes no formula for the consumed
// capacity itself, so treat this as the best estimate: DescribeRuleGroup's ConsumedCapacity and
// UpdateRuleGroup's refusal remain the authority.
import { ValidationError } from './errors.ts';

/** The list types Network Firewall generates rules for. */
export type GeneratedRulesType = 'ALLOWLIST' | 'DENYLIST' | 'ALERTLIST' | 'REJECTLIST';

/** Stateful rule group capacity can be set up to this at creation (developerguide/quotas.html). */
export const MAX_STATEFUL_RULE_GROUP_CAPACITY = 30_000;

/** DESIGN.md: warn once a list uses this much of its group's capacity. */
export const CAPACITY_WARNING_PERCENT = 80;

export interface DomainListSize {
  /** Entries in `Targets` (`api.example.com`, `.example.com`). */
  targetCount: number;
  /** Entries in `TargetTypes` (TLS_SNI, HTTP_HOST): 1 or 2. */
  targetTypeCount: number;
  generatedRulesType: GeneratedRulesType;
}

export interface CapacityFit {
  /** Capacity units the list needs. */
  required: number;
  /** The group's fixed capacity. */
  capacity: number;
  fits: boolean;
  /** Units left after the list (negative when it does not fit). */
  headroom: number;
  percentUsed: number;
  /** True when the list fits but uses CAPACITY_WARNING_PERCENT or more. */
  nearlyFull: boolean;
}

/**
 * Capacity units a domain list consumes: one rule per target per type, plus one closing drop rule
 * per type for an allowlist.
 *
 * @example
 * domainListCapacity({ targetCount: 100, targetTypeCount: 2, generatedRulesType: 'ALLOWLIST' }); // 202
 */
export function domainListCapacity({
  targetCount,
  targetTypeCount,
  generatedRulesType,
}: DomainListSize): number {
  assertCount('targetCount', targetCount);
  assertCount('targetTypeCount', targetTypeCount);
  const closingRules = generatedRulesType === 'ALLOWLIST' ? targetTypeCount : 0;
  return targetCount * targetTypeCount + closingRules;
}

/**
 * The most targets a group of `capacity` can hold with this many target types.
 *
 * @example
 * maxDomainListTargets(1000, 2, 'ALLOWLIST'); // 499
 */
export function maxDomainListTargets(
  capacity: number,
  targetTypeCount: number,
  generatedRulesType: GeneratedRulesType,
): number {
  assertCount('capacity', capacity);
  assertCount('targetTypeCount', targetTypeCount);
  if (targetTypeCount === 0) return 0;
  const closingRules = generatedRulesType === 'ALLOWLIST' ? targetTypeCount : 0;
  return Math.max(0, Math.floor((capacity - closingRules) / targetTypeCount));
}

/**
 * Share of `capacity` that `consumed` units use, in percent, rounded to one decimal.
 *
 * @example
 * capacityPercentUsed(202, 1000); // 20.2
 */
export function capacityPercentUsed(consumed: number, capacity: number): number {
  assertCount('consumed', consumed);
  assertCount('capacity', capacity);
  if (capacity === 0) return consumed === 0 ? 0 : Number.POSITIVE_INFINITY;
  return Math.round((consumed / capacity) * 1000) / 10;
}

/**
 * Whether a domain list fits a group of `capacity`, with what it needs and how full it leaves the group;
 * check this before UpdateRuleGroup so that a list that cannot fit is never half-applied.
 *
 * @example
 * checkDomainListFit(1000, { targetCount: 450, targetTypeCount: 2, generatedRulesType: 'ALLOWLIST' });
 * // { required: 902, capacity: 1000, fits: true, headroom: 98, percentUsed: 90.2, nearlyFull: true }
 */
export function checkDomainListFit(capacity: number, size: DomainListSize): CapacityFit {
  const required = domainListCapacity(size);
  const percentUsed = capacityPercentUsed(required, capacity);
  const fits = required <= capacity;
  return {
    required,
    capacity,
    fits,
    headroom: capacity - required,
    percentUsed,
    nearlyFull: fits && percentUsed >= CAPACITY_WARNING_PERCENT,
  };
}

function assertCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new ValidationError(`${name} must be a non-negative integer, got ${value}`);
  }
}
