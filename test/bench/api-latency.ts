// Benchmark section `api`: latency of the inventory API through the local server, with 20,000 hostnames in DynamoDB Local.
import { performance } from 'node:perf_hooks';
import { DynamoEntryStore } from '../../shared/adapters/dynamodb/dynamo-entry-store.ts';
import { startLocalApiServer } from '../../shared/adapters/local/local-api-server.ts';
import { MemoryNotifier } from '../../shared/adapters/memory/memory-notifier.ts';
import { MemoryRuleGroup } from '../../shared/adapters/memory/memory-rule-group.ts';
import { type ApiDeps, apiRouter } from '../../shared/http/api-routes.ts';
import { type HostnameSpec, loadInventory, seedSummaries } from '../support/inventory-fixtures.ts';
import { startLocalRuleGroup } from '../support/local-rule-group.ts';
import { newTable } from './dynamo-writes.ts';
import { thousands } from './ingest-throughput.ts';
import { benchLifecycleSettings } from './promote-calls.ts';
import { type BenchSection, benchTable } from './section.ts';

export interface ApiFigures {
  hostnames: number;
  /** `GET /hostnames?limit=100`: a 100-row page of the whole inventory. */
  listP50Ms: number;
  listP99Ms: number;
  /** `GET /hostnames/{hostname}`: one hostname's report (rows, per-day hits, entry history). */
  detailP50Ms: number;
  detailP99Ms: number;
  /** Requests measured per route, after `warmup` each. */
  requests: number;
  warmup: number;
}

const NOW = Date.parse('2026-11-23T12:00:00Z');
/** Hostnames written through the ingest's own batch path, with their location rows: the detail requests' subjects. */
const DETAILED = 200;

export const apiSection: BenchSection<ApiFigures> = {
  key: 'api',
  title: 'Inventory API latency (local API server with apiRouter, DynamoDB Local)',
  async run(options) {
    const hostnames = options.quick ? 2000 : 20_000;
    const requests = options.quick ? 50 : 300;
    const warmup = options.quick ? 10 : 30;
    const table = await newTable(await options.dynamoDbEndpoint());
    try {
      const specs = inventorySpecs(hostnames);
      // Summaries straight into the table (fast, the codec applyBatch uses), the first DETAILED through
      // applyBatch itself with their rows.
      await seedSummaries(table.client, table.tableName, specs.slice(DETAILED));
      await loadInventory(table.store, specs.slice(0, DETAILED), { batchPrefix: 'bench-api' });
      const entries = new DynamoEntryStore({ client: table.client, tableName: table.tableName });
      // The allowlist each listing describes for its coverage column, as the Lambda does: a real
      // (local) Network Firewall endpoint behind the SDK client.
      const allowlist = await startLocalRuleGroup(['.example.com', 'pypi.org']);
      const deps: ApiDeps = {
        inventory: table.store,
        entries,
        ruleGroup: allowlist.ruleGroup,
        now: () => NOW,
        // The lifecycle routes are not measured: what they would change stands in memory.
        lifecycle: {
          inventory: table.store,
          entries,
          ruleGroup: new MemoryRuleGroup(),
          notifier: new MemoryNotifier(),
          now: () => NOW,
          settings: benchLifecycleSettings(),
        },
      };
      const server = await startLocalApiServer({ router: apiRouter, deps });
      try {
        const list = await latencies(`${server.url}/hostnames?limit=100`, () => '', warmup, requests);
        const detail = await latencies(
          `${server.url}/hostnames/`,
          (i) => encodeURIComponent((specs[i % DETAILED] as HostnameSpec).hostname),
          warmup,
          requests,
        );
        return {
          hostnames,
          listP50Ms: round1(percentile(list, 50)),
          listP99Ms: round1(percentile(list, 99)),
          detailP50Ms: round1(percentile(detail, 50)),
          detailP99Ms: round1(percentile(detail, 99)),
          requests,
          warmup,
        };
      } finally {
        await server.stop();
        await allowlist.stop();
      }
    } finally {
      table.close();
    }
  },
  table(f) {
    return [
      `${thousands(f.hostnames)} hostnames stored; ${f.requests} requests per route after ${f.warmup} to warm up, one at a time`,
      ...benchTable(
        ['route', 'p50 ms', 'p99 ms'],
        [
          ['GET /hostnames?limit=100', f.listP50Ms.toFixed(1), f.listP99Ms.toFixed(1)],
          ['GET /hostnames/{hostname}', f.detailP50Ms.toFixed(1), f.detailP99Ms.toFixed(1)],
        ],
      ),
      'Target: p99 under 100 ms for a 100-row page. Measured at the client (fetch, keep-alive), body read.',
    ];
  },
};

/** Hostnames spread over three firewalls and many last-seen times and hit counts (ties included). */
function inventorySpecs(count: number): HostnameSpec[] {
  return Array.from({ length: count }, (_, i) => ({
    hostname: `h${i.toString(36)}.bench-${i % 50}.example.net`,
    lastSeen: NOW - (i % 997) * 60_000,
    days: 1 + (i % 5),
    locations: [
      { firewall: `fw-${i % 3}`, availabilityZone: 'us-east-1a', hits: 5 + ((i * 7919) % 1000) },
      ...(i % 4 === 0 ? [{ firewall: `fw-${i % 3}`, availabilityZone: 'us-east-1b', hits: 7 }] : []),
    ],
  }));
}

/** Times `warmup + count` requests one after another (the body read too); the measured ones' ms. */
async function latencies(
  base: string,
  suffix: (i: number) => string,
  warmup: number,
  count: number,
): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < warmup + count; i++) {
    const started = performance.now();
    const response = await fetch(base + suffix(i));
    await response.arrayBuffer();
    const elapsed = performance.now() - started;
    if (response.status !== 200) throw new Error(`${base + suffix(i)} answered ${response.status}`);
    if (i >= warmup) times.push(elapsed);
  }
  return times;
}

/** The nearest-rank percentile. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? Number.NaN;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
