import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTopicCommand } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoEntryStore } from '../../shared/adapters/dynamodb/dynamo-entry-store.ts';
import type { LocalEndpoint } from '../../shared/adapters/local/local-endpoint-server.ts';
import { startLocalNetworkFirewall } from '../../shared/adapters/local/local-network-firewall.ts';
import { type LocalSns, readOutbox, startLocalSns } from '../../shared/adapters/local/local-sns.ts';
import { createAllowlistRuleGroup } from '../../shared/adapters/local/local-stack.ts';
import { createNetworkFirewallClient } from '../../shared/adapters/network-firewall/client.ts';
import { NetworkFirewallRuleGroup } from '../../shared/adapters/network-firewall/network-firewall-rule-group.ts';
import { createSnsClient } from '../../shared/adapters/sns/client.ts';
import { SnsNotifier } from '../../shared/adapters/sns/sns-notifier.ts';
import { ingestBatch } from '../../shared/app/ingest-batch.ts';
import { decideByLink } from '../../shared/app/lifecycle/decide.ts';
import { expireUnused } from '../../shared/app/lifecycle/expire-unused.ts';
import type { LifecycleDeps } from '../../shared/app/lifecycle/lifecycle-deps.ts';
import { promoteApproved } from '../../shared/app/lifecycle/promote-approved.ts';
import { requestApprovals } from '../../shared/app/lifecycle/request-approvals.ts';
import { newEntry, transition } from '../../shared/domain/lifecycle.ts';
import { DEFAULT_POLICY } from '../../shared/domain/recommendation.ts';
import { createTestTable } from '../support/dynamodb.ts';
import { DAY, START, sightingMessages, tokenOf } from '../support/lifecycle-fixture.ts';

const WEEK = [1, 2, 3, 4, 5, 6, 7, 8];
let dataDir: string;
let firewall: LocalEndpoint;
let sns: LocalSns;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'egress-scout-lifecycle-'));
  firewall = await startLocalNetworkFirewall({ dataDir });
  sns = await startLocalSns({ dataDir });
});

afterAll(async () => {
  await firewall.stop();
  await sns.stop();
});

/** Deps on real engines: DynamoDB Local, the local Network Firewall and SNS endpoints. */
async function realDeps(name: string, capacity = 1000) {
  const table = await createTestTable();
  const client = createNetworkFirewallClient({ endpoint: firewall.endpoint });
  const ruleGroupArn = await createAllowlistRuleGroup(client, name, capacity);
  const snsClient = createSnsClient({ endpoint: sns.endpoint });
  const { TopicArn } = await snsClient.send(new CreateTopicCommand({ Name: name }));
  const clock = { now: START + 10 * DAY };
  const newRuleGroup = () =>
    new NetworkFirewallRuleGroup({
      client: createNetworkFirewallClient({ endpoint: firewall.endpoint }),
      ruleGroupArn,
    });
  const deps = (): LifecycleDeps => ({
    inventory: table.store,
    entries: new DynamoEntryStore({ client: table.documentClient, tableName: table.tableName }),
    ruleGroup: newRuleGroup(),
    notifier: new SnsNotifier({ client: snsClient, topicArn: TopicArn as string }),
    now: () => clock.now,
    settings: {
      policy: DEFAULT_POLICY,
      approvalSecret: randomBytes(32),
      approvalBaseUrl: 'http://127.0.0.1:3000',
      approvalLinkHours: 72,
      expireAfterDays: 30,
    },
  });
  const shared = deps();
  return {
    table,
    clock,
    deps: shared,
    anotherRun: () => ({ ...deps(), settings: shared.settings }),
    ruleGroup: newRuleGroup(),
  };
}

describe('the lifecycle on DynamoDB Local and the local Network Firewall and SNS endpoints', () => {
  it('keeps entry history in order and refuses a step from a stale version', async () => {
    const { table } = await createTestTable().then((t) => ({ table: t }));
    const entries = new DynamoEntryStore({ client: table.documentClient, tableName: table.tableName });
    const evidence = {
      windowDays: 14,
      windowHits: 1,
      daysSeen: 1,
      totalHits: 1,
      allowed: 1,
      blocked: 0,
      sources: 1,
      firewalls: [],
      availabilityZones: [],
      firstSeen: 1,
      lastSeen: 1,
    };
    const created = newEntry(
      { target: 'api.example.com', covers: ['api.example.com'], evidence },
      { at: 1, by: 'test', reason: 'first' },
    );

    const saved = await entries.saveTransition(created);
    const again = await entries.saveTransition(created);
    const pending = transition(created.entry, 'pending', {
      at: 2,
      by: 'test',
      reason: 'ask',
      changes: { approval: { nonce: 'n', expiresAt: 9 } },
    });
    const rejected = transition(created.entry, 'rejected', { at: 2, by: 'other run', reason: 'race' });
    const first = await entries.saveTransition(pending);
    const stale = await entries.saveTransition(rejected);

    expect([saved, again, first, stale]).toEqual([true, false, true, false]);
    expect((await entries.getHistory('api.example.com')).map((h) => `${h.from}->${h.to}`)).toEqual([
      'observed->candidate',
      'candidate->pending',
    ]);
    expect((await entries.listEntries(['pending'])).map((e) => [e.target, e.approval?.nonce])).toEqual([
      ['api.example.com', 'n'],
    ]);
    await entries.recordManagedTargets(['a.example.com', 'b.example.com']);
    await entries.forgetManagedTargets(['a.example.com']);
    expect(await entries.listManagedTargets()).toEqual(new Set(['b.example.com']));
  });

  it('finds recently seen hostnames through the sharded last-seen index', async () => {
    const { table, clock } = await realDeps('recent-hostnames');
    await ingestBatch(
      { store: table.store, now: () => clock.now },
      {
        batchId: 'recent',
        events: sightingMessages([
          { hostname: 'old.example.com', days: [0] },
          { hostname: 'new.example.com', days: [9] },
        ]),
      },
    );

    const recent: string[] = [];
    for await (const record of table.store.recentHostnames(START + 5 * DAY)) recent.push(record.hostname);

    expect(recent).toEqual(['new.example.com']);
  });

  it('puts every approved entry into the rule group exactly once when two promote runs race', async () => {
    const { table, clock, deps, anotherRun, ruleGroup } = await realDeps('race');
    const hostnames = Array.from({ length: 12 }, (_, i) => `api.service-${i}.org`);
    await ingestBatch(
      { store: table.store, now: () => clock.now },
      { batchId: 'race', events: sightingMessages(hostnames.map((hostname) => ({ hostname, days: WEEK }))) },
    );
    const requested = await requestApprovals(deps);
    for (const pending of requested.pending) {
      await decideByLink(deps, { token: tokenOf(pending.link), decision: 'approve', by: 'alice' });
    }

    const [a, b] = await Promise.all([promoteApproved(deps), promoteApproved(anotherRun())]);

    const { targets } = await ruleGroup.describe();
    const approvedTargets = requested.pending.map((p) => p.target).sort();
    expect([...targets].sort()).toEqual(approvedTargets);
    expect(new Set(targets).size).toBe(targets.length);
    expect(a.updateCalls + b.updateCalls).toBeLessThanOrEqual(2);
    expect([...a.promoted, ...b.promoted].sort()).toEqual(approvedTargets);
    expect(a.drift).toEqual({ unmanaged: [], missing: [] });
    expect(b.drift).toEqual({ unmanaged: [], missing: [] });
  });

  it('leaves the group unchanged and warns through SNS when the list would not fit', async () => {
    const { table, clock, deps, ruleGroup } = await realDeps('tiny', 6);
    await ingestBatch(
      { store: table.store, now: () => clock.now },
      {
        batchId: 'tiny',
        events: sightingMessages(
          ['a.example.org', 'b.example.org', 'c.example.net'].map((hostname) => ({ hostname, days: WEEK })),
        ),
      },
    );
    for (const pending of (await requestApprovals(deps)).pending) {
      await decideByLink(deps, { token: tokenOf(pending.link), decision: 'approve', by: 'alice' });
    }

    const result = await promoteApproved(deps);

    expect(result.promoted).toEqual([]);
    expect((await ruleGroup.describe()).targets).toEqual([]);
    expect(
      readOutbox(dataDir).some((m) => m.subject === 'egress-scout warning: the allowlist rule group is full'),
    ).toBe(true);
  });

  it('expires an unused promoted entry out of the real rule group after 31 days', async () => {
    const { table, clock, deps, ruleGroup } = await realDeps('expiry');
    await ingestBatch(
      { store: table.store, now: () => clock.now },
      {
        batchId: 'expiry-1',
        events: sightingMessages([
          { hostname: 'api.github.com', days: WEEK },
          { hostname: 'pypi.org', days: WEEK },
        ]),
      },
    );
    for (const pending of (await requestApprovals(deps)).pending) {
      await decideByLink(deps, { token: tokenOf(pending.link), decision: 'approve', by: 'alice' });
    }
    await promoteApproved(deps);
    clock.now += 31 * DAY;
    await ingestBatch(
      { store: table.store, now: () => clock.now },
      { batchId: 'expiry-2', events: sightingMessages([{ hostname: 'pypi.org', days: [40] }]) },
    );

    const result = await expireUnused(deps);

    expect(result.expired).toEqual(['api.github.com']);
    expect((await ruleGroup.describe()).targets).toEqual(['pypi.org']);
  });
});
