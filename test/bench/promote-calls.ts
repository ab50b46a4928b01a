// Benchmark section `promote`: the Network Firewall calls and wall time to put 1,000 approved entries into the rule group.
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createDocumentClient, createDynamoClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { DynamoEntryStore } from '../../shared/adapters/dynamodb/dynamo-entry-store.ts';
import { DynamoInventoryStore } from '../../shared/adapters/dynamodb/dynamo-inventory-store.ts';
import { ensureInventoryTable } from '../../shared/adapters/dynamodb/ensure-table.ts';
import { MemoryNotifier } from '../../shared/adapters/memory/memory-notifier.ts';
import { promoteApproved } from '../../shared/app/lifecycle/promote-approved.ts';
import { mapConcurrently } from '../../shared/domain/concurrency.ts';
import { newEntry, transition } from '../../shared/domain/lifecycle.ts';
import { DEFAULT_POLICY } from '../../shared/domain/recommendation.ts';
import { startLocalRuleGroup } from '../support/local-rule-group.ts';
import { withDynamoDbLocal } from './dynamo-writes.ts';
import type { BenchSection } from './section.ts';

export interface PromoteFigures {
  entries: number;
  /** DescribeRuleGroup / UpdateRuleGroup requests the local Network Firewall endpoint was sent. */
  describeCalls: number;
  updateCalls: number;
  /** promoteApproved from start to end: the rule group update and 1,000 entry transitions in DynamoDB Local. */
  wallMs: number;
  promoted: number;
}

const NOW = Date.parse('2026-11-23T12:00:00Z');

export async function measurePromote(quick: boolean): Promise<PromoteFigures> {
  const count = quick ? 100 : 1000;
  // Room for every target twice over (two target types) plus the allowlist's closing rules.
  const allowlist = await startLocalRuleGroup([], 2 * count + 100);
  const calls = { DescribeRuleGroup: 0, UpdateRuleGroup: 0 };
  allowlist.client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName).replace(/Command$/, '');
      if (name === 'DescribeRuleGroup' || name === 'UpdateRuleGroup') calls[name]++;
      return next(args);
    },
    { step: 'initialize', name: 'count-rule-group-calls' },
  );
  try {
    return await withDynamoDbLocal(async (engine) => {
      const tableName = `promote-bench-${randomUUID()}`;
      const admin = createDynamoClient({ endpoint: engine.endpoint });
      await ensureInventoryTable(admin, tableName);
      admin.destroy();
      const client = createDocumentClient({ endpoint: engine.endpoint });
      try {
        const entries = new DynamoEntryStore({ client, tableName });
        await approveEntries(entries, count);
        const started = performance.now();
        const result = await promoteApproved({
          inventory: new DynamoInventoryStore({ client, tableName }),
          entries,
          ruleGroup: allowlist.ruleGroup,
          notifier: new MemoryNotifier(),
          now: () => NOW,
          settings: {
            policy: DEFAULT_POLICY,
            approvalSecret: randomBytes(32),
            approvalBaseUrl: 'http://127.0.0.1',
            approvalLinkHours: 72,
            expireAfterDays: 30,
          },
        });
        const wallMs = Math.round(performance.now() - started);
        if (result.promoted.length !== count) {
          throw new Error(`promoted ${result.promoted.length} of ${count}: ${result.warnings.join('; ')}`);
        }
        return {
          entries: count,
          describeCalls: calls.DescribeRuleGroup,
          updateCalls: calls.UpdateRuleGroup,
          wallMs,
          promoted: result.promoted.length,
        };
      } finally {
        client.destroy();
      }
    });
  } finally {
    await allowlist.stop();
  }
}

/** `count` entries approved by a person, as the approval page leaves them. */
async function approveEntries(entries: DynamoEntryStore, count: number): Promise<void> {
  const targets = Array.from({ length: count }, (_, i) => `svc-${i}.team-${i % 40}.example.com`);
  await mapConcurrently(targets, 16, async (target) => {
    const created = newEntry(
      {
        target,
        covers: [target],
        evidence: {
          windowDays: 14,
          windowHits: 20,
          daysSeen: 3,
          totalHits: 20,
          allowed: 20,
          blocked: 0,
          sources: 2,
          firewalls: ['egress-firewall'],
          availabilityZones: ['us-east-1a'],
          firstSeen: NOW - 3 * 86_400_000,
          lastSeen: NOW,
        },
      },
      { at: NOW, by: 'recommendation policy', reason: 'bench' },
    );
    await entries.saveTransition(created);
    await entries.saveTransition(
      transition(created.entry, 'approved', { at: NOW, by: 'alice', reason: 'bench' }),
    );
  });
}

export const promoteSection: BenchSection<PromoteFigures> = {
  key: 'promote',
  title: 'Promote: approved entries into the rule group (target: 1 describe + 1 update)',
  run: (options) => measurePromote(options.quick),
  table: (f) => [
    'entries  DescribeRuleGroup  UpdateRuleGroup  wall ms',
    `${String(f.entries).padStart(7)}  ${String(f.describeCalls).padStart(17)}  ${String(f.updateCalls).padStart(15)}  ${String(f.wallMs).padStart(7)}`,
  ],
};
