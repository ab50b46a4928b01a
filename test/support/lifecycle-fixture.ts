// A lifecycle wired to the in-memory twins, with traffic in its inventory and a clock the test moves.
import { randomBytes } from 'node:crypto';
import { MemoryEntryStore } from '../../shared/adapters/memory/memory-entry-store.ts';
import { MemoryInventoryStore } from '../../shared/adapters/memory/memory-inventory-store.ts';
import { MemoryNotifier } from '../../shared/adapters/memory/memory-notifier.ts';
import {
  MemoryRuleGroup,
  type MemoryRuleGroupOptions,
} from '../../shared/adapters/memory/memory-rule-group.ts';
import { ingestBatch } from '../../shared/app/ingest-batch.ts';
import type { LifecycleDeps, LifecycleSettings } from '../../shared/app/lifecycle/lifecycle-deps.ts';
import { DEFAULT_POLICY } from '../../shared/domain/recommendation.ts';

export const DAY = 86_400_000;
export const START = Date.parse('2026-11-01T00:00:00Z');

export interface Sighting {
  hostname: string;
  /** Days after the start (START unless told), one sighting per (day, hit). */
  days: number[];
  hitsPerDay?: number;
  action?: 'allowed' | 'blocked';
  sources?: number;
  protocol?: 'tls' | 'http';
}

/** Firewall alert records for the sightings, as CloudWatch Logs messages; days count from `start`. */
export function sightingMessages(
  sightings: Sighting[],
  start = START,
): { message: string; timestamp: number }[] {
  const out: { message: string; timestamp: number }[] = [];
  let flow = 1;
  for (const s of sightings) {
    for (const day of s.days) {
      for (let hit = 0; hit < (s.hitsPerDay ?? 5); hit++) {
        const time = start + day * DAY + 3_600_000 + hit * 1000;
        const tls = (s.protocol ?? 'tls') === 'tls';
        out.push({
          timestamp: time,
          message: JSON.stringify({
            firewall_name: 'egress-firewall',
            availability_zone: hit % 2 === 0 ? 'us-east-1a' : 'us-east-1b',
            event_timestamp: String(Math.floor(time / 1000)),
            event: {
              timestamp: new Date(time).toISOString(),
              flow_id: flow++,
              event_type: 'alert',
              src_ip: `10.0.0.${1 + (hit % (s.sources ?? 3))}`,
              alert: { action: s.action ?? 'allowed' },
              ...(tls ? { tls: { sni: s.hostname } } : { http: { hostname: s.hostname } }),
            },
          }),
        });
      }
    }
  }
  return out;
}

export interface LifecycleFixture {
  deps: LifecycleDeps;
  inventory: MemoryInventoryStore;
  entries: MemoryEntryStore;
  ruleGroup: MemoryRuleGroup;
  notifier: MemoryNotifier;
  clock: { now: number };
  ingest(sightings: Sighting[], batchId?: string): Promise<void>;
}

export function lifecycleFixture(
  options: { settings?: Partial<LifecycleSettings>; ruleGroup?: MemoryRuleGroupOptions } = {},
): LifecycleFixture {
  const clock = { now: START + 10 * DAY };
  const inventory = new MemoryInventoryStore();
  const entries = new MemoryEntryStore();
  const ruleGroup = new MemoryRuleGroup(options.ruleGroup);
  const notifier = new MemoryNotifier();
  const deps: LifecycleDeps = {
    inventory,
    entries,
    ruleGroup,
    notifier,
    now: () => clock.now,
    settings: {
      policy: DEFAULT_POLICY,
      approvalSecret: randomBytes(32),
      approvalBaseUrl: 'https://approvals.example.test',
      approvalLinkHours: 72,
      expireAfterDays: 30,
      ...options.settings,
    },
  };
  let batches = 0;
  return {
    deps,
    inventory,
    entries,
    ruleGroup,
    notifier,
    clock,
    async ingest(sightings, batchId = `batch-${++batches}`) {
      await ingestBatch(
        { store: inventory, now: () => clock.now },
        { batchId, events: sightingMessages(sightings) },
      );
    },
  };
}

/** The token at the end of an approval link. */
export function tokenOf(link: string | undefined): string {
  const token = link?.split('/approvals/')[1];
  if (token === undefined) throw new Error(`not an approval link: ${link}`);
  return token;
}
