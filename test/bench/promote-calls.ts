// Benchmark section `promote`: runPromote with 1,000 approved entries against the local Network Firewall endpoint — its API calls and wall time.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CreateTopicCommand } from '@aws-sdk/client-sns';
import { DynamoEntryStore } from '../../shared/adapters/dynamodb/dynamo-entry-store.ts';
import { startLocalNetworkFirewall } from '../../shared/adapters/local/local-network-firewall.ts';
import { startLocalSns } from '../../shared/adapters/local/local-sns.ts';
import { createAllowlistRuleGroup } from '../../shared/adapters/local/local-stack.ts';
import { createNetworkFirewallClient } from '../../shared/adapters/network-firewall/client.ts';
import { NetworkFirewallRuleGroup } from '../../shared/adapters/network-firewall/network-firewall-rule-group.ts';
import { createSnsClient } from '../../shared/adapters/sns/client.ts';
import { SnsNotifier } from '../../shared/adapters/sns/sns-notifier.ts';
import {
  DEFAULT_APPROVAL_LINK_HOURS,
  DEFAULT_EXPIRE_AFTER_DAYS,
  type LifecycleDeps,
  type LifecycleSettings,
} from '../../shared/app/lifecycle/lifecycle-deps.ts';
import { runPromote } from '../../shared/app/lifecycle/run-promote.ts';
import { mapConcurrently } from '../../shared/domain/concurrency.ts';
import { type Evidence, newEntry, transition } from '../../shared/domain/lifecycle.ts';
import { DEFAULT_POLICY } from '../../shared/domain/recommendation.ts';
import { newTable } from './dynamo-writes.ts';
import { thousands } from './ingest-throughput.ts';
import type { BenchSection } from './section.ts';

export interface PromoteFigures {
  entries: number;
  /** Calls the Network Firewall endpoint received during the run, by operation. */
  describeCalls: number;
  updateCalls: number;
  otherCalls: number;
  /** Targets in the rule group afterwards, and entries the run marked promoted. */
  targetsInGroup: number;
  promoted: number;
  /** The whole run: approvals asked, the rule group updated, every entry marked promoted, notices sent. */
  wallMs: number;
}

const NOW = Date.parse('2026-11-23T12:00:00Z');

export const promoteSection: BenchSection<PromoteFigures> = {
  key: 'promote',
  title: 'Promote approved entries (runPromote; local Network Firewall, SNS and DynamoDB Local)',
  async run(options) {
    const count = options.quick ? 100 : 1000;
    const dataDir = mkdtempSync(join(tmpdir(), 'egress-scout-bench-promote-'));
    const table = await newTable(await options.dynamoDbEndpoint());
    const firewall = await startLocalNetworkFirewall({ dataDir });
    const counter = await startCountingProxy(firewall.endpoint);
    const sns = await startLocalSns({ dataDir });
    const firewallClient = createNetworkFirewallClient({ endpoint: counter.url });
    const snsClient = createSnsClient({ endpoint: sns.endpoint });
    try {
      // Room for `count` targets of two types and the closing rules.
      const ruleGroupArn = await createAllowlistRuleGroup(
        firewallClient,
        'egress-scout-bench',
        2 * count + 100,
      );
      const { TopicArn } = await snsClient.send(new CreateTopicCommand({ Name: 'egress-scout-bench' }));
      const entries = new DynamoEntryStore({ client: table.client, tableName: table.tableName });
      await approveEntries(entries, count);
      const deps: LifecycleDeps = {
        inventory: table.store,
        entries,
        ruleGroup: new NetworkFirewallRuleGroup({ client: firewallClient, ruleGroupArn }),
        notifier: new SnsNotifier({ client: snsClient, topicArn: TopicArn as string }),
        now: () => NOW,
        settings: benchLifecycleSettings(),
      };

      counter.calls.clear();
      const started = performance.now();
      const run = await runPromote(deps);
      const wallMs = performance.now() - started;
      const calls = new Map(counter.calls);
      const snapshot = await deps.ruleGroup.describe();
      const describeCalls = calls.get('DescribeRuleGroup') ?? 0;
      const updateCalls = calls.get('UpdateRuleGroup') ?? 0;
      return {
        entries: count,
        describeCalls,
        updateCalls,
        otherCalls: [...calls.values()].reduce((sum, n) => sum + n, 0) - describeCalls - updateCalls,
        targetsInGroup: snapshot.targets.length,
        promoted: run.promoted.length,
        wallMs: Math.round(wallMs),
      };
    } finally {
      firewallClient.destroy();
      snsClient.destroy();
      await sns.stop();
      await counter.stop();
      await firewall.stop();
      table.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
  table(f) {
    return [
      `${thousands(f.entries)} approved entries -> ${thousands(f.promoted)} promoted, ${thousands(f.targetsInGroup)} targets in the rule group`,
      `Network Firewall calls received: ${f.describeCalls} DescribeRuleGroup, ${f.updateCalls} UpdateRuleGroup, ${f.otherCalls} other`,
      `wall time of the run: ${thousands(f.wallMs)} ms (every entry's transition and notices included)`,
      'Target: one DescribeRuleGroup and one UpdateRuleGroup (plus retries on a token conflict).',
    ];
  },
};

/** `count` entries taken to approved the way the lifecycle does it: candidate, then approved by a person. */
async function approveEntries(entries: DynamoEntryStore, count: number): Promise<void> {
  const at = NOW - 3_600_000;
  await mapConcurrently(
    Array.from({ length: count }, (_, i) => `svc-${i}.team-${i % 20}.example.com`),
    8,
    async (target) => {
      const created = newEntry(
        { target, covers: [target], evidence: evidence() },
        { at, by: 'policy:recommend', reason: 'bench' },
      );
      if (!(await entries.saveTransition(created))) throw new Error(`could not create ${target}`);
      const approved = transition(created.entry, 'approved', {
        at,
        by: 'bench@example.com',
        reason: 'approved for the benchmark',
      });
      if (!(await entries.saveTransition(approved))) throw new Error(`could not approve ${target}`);
    },
  );
}

/** Lifecycle settings for the benchmarks: the defaults, and a signing key made for the run. */
export function benchLifecycleSettings(): LifecycleSettings {
  return {
    policy: DEFAULT_POLICY,
    approvalSecret: randomBytes(32),
    approvalBaseUrl: 'http://127.0.0.1',
    approvalLinkHours: DEFAULT_APPROVAL_LINK_HOURS,
    expireAfterDays: DEFAULT_EXPIRE_AFTER_DAYS,
  };
}

function evidence(): Evidence {
  return {
    windowDays: 14,
    windowHits: 100,
    daysSeen: 5,
    totalHits: 120,
    allowed: 120,
    blocked: 0,
    sources: 3,
    firewalls: ['egress-firewall'],
    availabilityZones: ['us-east-1a'],
    firstSeen: NOW - 10 * 86_400_000,
    lastSeen: NOW - 3_600_000,
  };
}

interface CountingProxy {
  url: string;
  /** Requests forwarded, by operation (the X-Amz-Target's last part). */
  calls: Map<string, number>;
  stop(): Promise<void>;
}

/** A loopback HTTP proxy in front of a local endpoint that counts the operations it forwards. */
async function startCountingProxy(target: string): Promise<CountingProxy> {
  const calls = new Map<string, number>();
  const upstream = new URL(target);
  const server: Server = createServer((incoming, outgoing) => {
    const operation = String(incoming.headers['x-amz-target'] ?? 'unknown')
      .split('.')
      .pop() as string;
    calls.set(operation, (calls.get(operation) ?? 0) + 1);
    const forwarded = httpRequest(
      {
        hostname: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
