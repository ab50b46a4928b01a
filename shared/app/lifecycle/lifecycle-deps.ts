// What the lifecycle use cases (recommend, decide, promote, expire) are given: ports, settings and a clock.
import type { RecommendationPolicy } from '../../domain/recommendation.ts';
import type { AllowlistRuleGroup } from '../ports/allowlist-rule-group.ts';
import type { EntryStore } from '../ports/entry-store.ts';
import type { InventoryStore } from '../ports/inventory-store.ts';
import type { Notifier } from '../ports/notifier.ts';

export interface LifecycleSettings {
  policy: RecommendationPolicy;
  /** HMAC key of approval links (≥ 32 bytes): SSM/Secrets Manager on AWS, generated into the data dir locally. */
  approvalSecret: Buffer;
  /** Where approval links point: `${approvalBaseUrl}/approvals/<token>`. */
  approvalBaseUrl: string;
  /** How long an approval link works. */
  approvalLinkHours: number;
  /** A promoted entry unused for this many days is removed from the rule group. */
  expireAfterDays: number;
}

export const DEFAULT_APPROVAL_LINK_HOURS = 72;
export const DEFAULT_EXPIRE_AFTER_DAYS = 30;

export interface LifecycleDeps {
  inventory: Pick<InventoryStore, 'recentHostnames' | 'getHostnames' | 'setHostnameStatus'>;
  entries: EntryStore;
  ruleGroup: AllowlistRuleGroup;
  notifier: Notifier;
  /** Epoch ms. */
  now: () => number;
  settings: LifecycleSettings;
}

/** Collects an async iterable (the inventory's streaming reads) into a list. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
