// Benchmark section `api`: latency of a 100-row page and of one hostname's detail, 20,000 hostnames stored, through the local server.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createDocumentClient, createDynamoClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { DynamoEntryStore } from '../../shared/adapters/dynamodb/dynamo-entry-store.ts';
import { DynamoInventoryStore } from '../../shared/adapters/dynamodb/dynamo-inventory-store.ts';
import { ensureInventoryTable } from '../../shared/adapters/dynamodb/ensure-table.ts';
import { startLocalApiServer } from '../../shared/adapters/local/local-api-server.ts';
import { MemoryEntryStore } from '../../shared/adapters/memory/memory-entry-store.ts';
import { MemoryInventoryStore } from '../../shared/adapters/memory/memory-inventory-store.ts';
import { inventoryRouter } from '../../shared/http/api-routes.ts';
import type { InventoryRouteDeps } from '../../shared/http/inventory-routes.ts';
import { type HostnameSpec, loadInventory, seedSummaries } from '../support/inventory-fixtures.ts';
import { startLocalRuleGroup } from '../support/local-rule-group.ts';
import { withDynamoDbLocal } from './dynamo-writes.ts';
import type { BenchSection } from './section.ts';

interface Latencies {
  listP50Ms: number;
  listP99Ms: number;
  detailP50Ms: number;
  detailP99Ms: number;
}

export interface ApiFigures extends Latencies {
  hostnames: number;
  requests: number;
  /** The same requests with the in-memory store: what the server and the code take, DynamoDB aside. */
  inMemory: Latencies;
}

const NOW = Date.parse('2026-11-23T12:00:00Z');
/** The hostname whose detail is timed: six firewall × zone rows. */
const DETAIL_SPEC: HostnameSpec = {
  hostname: 'api.github.com',
  lastSeen: NOW,
  locations: ['fw-0', 'fw-1', 'fw-2'].flatMap((firewall) =>
    ['us-east-1a', 'us-east-1b'].map((availabilityZone) => ({ firewall, availabilityZone, hits: 40 })),
  ),
};

/** Hostnames with one location each, their last-seen times and hits spread with many ties. */
function inventorySpecs(count: number): HostnameSpec[] {
  return Array.from({ length: count }, (_, i) => ({
    hostname: `h${i.toString(36)}.svc-${i % 50}.example.net`,
    lastSeen: NOW - (i % 997) * 60_000,
    locations: [{ firewall: `fw-${i % 3}`, availabilityZone: 'us-east-1a', hits: 1 + ((i * 7919) % 1000) }],
  }));
}

export async function measureApi(quick: boolean): Promise<ApiFigures> {
  const hostnames = quick ? 2_000 : 20_000;
  const requests = quick ? 30 : 300;
  const specs = inventorySpecs(hostnames - 1);
  const allowlist = await startLocalRuleGroup(['.github.com', 'pypi.org']);
  try {
    const onDynamo = await withDynamoDbLocal(async (engine) => {
      const tableName = `api-bench-${randomUUID()}`;
      const admin = createDynamoClient({ endpoint: engine.endpoint });
      await ensureInventoryTable(admin, tableName);
      admin.destroy();
      const client = createDocumentClient({ endpoint: engine.endpoint });
      try {
        const inventory = new DynamoInventoryStore({ client, tableName });
        await seedSummaries(client, tableName, specs);
        await loadInventory(inventory, [DETAIL_SPEC]);
        const entries = new DynamoEntryStore({ client, tableName });
        return await serveAndTime(
          { inventory, entries, ruleGroup: allowlist.ruleGroup, now: () => NOW },
          requests,
        );
      } finally {
        client.destroy();
      }
    });
    const inventory = new MemoryInventoryStore();
    await loadInventory(inventory, [...specs, DETAIL_SPEC]);
    const entries = new MemoryEntryStore();
    const inMemory = await serveAndTime(
      { inventory, entries, ruleGroup: allowlist.ruleGroup, now: () => NOW },
      requests,
    );
    return { hostnames, requests, ...onDynamo, inMemory };
  } finally {
    await allowlist.stop();
  }
}

/** The local API server on these deps, and the latencies of a 100-row page and of one detail. */
async function serveAndTime(deps: InventoryRouteDeps, requests: number): Promise<Latencies> {
  const server = await startLocalApiServer({ router: inventoryRouter, deps });
  try {
    const list = await latencies(`${server.url}/hostnames?limit=100`, requests, 100);
    const detail = await latencies(`${server.url}/hostnames/${DETAIL_SPEC.hostname}`, requests, 1);
    return {
      listP50Ms: percentile(list, 50),
      listP99Ms: percentile(list, 99),
      detailP50Ms: percentile(detail, 50),
      detailP99Ms: percentile(detail, 99),
    };
  } finally {
    await server.stop();
  }
}

/** Milliseconds per request, one at a time on a keep-alive connection, after a warm-up of a tenth. */
async function latencies(url: string, count: number, expectedItems: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count + Math.ceil(count / 10); i++) {
    const started = performance.now();
    const response = await fetch(url);
    const body = (await response.json()) as { items?: unknown[]; hostname?: string };
    const elapsed = performance.now() - started;
    if (response.status !== 200)
      throw new Error(`${url} answered ${response.status}: ${JSON.stringify(body)}`);
    if (body.items !== undefined && body.items.length !== expectedItems) {
      throw new Error(`${url} gave ${body.items.length} items, not ${expectedItems}`);
    }
    if (i >= Math.ceil(count / 10)) times.push(elapsed);
  }
  return times;
}

/** Nearest-rank percentile, rounded to 0.1 ms. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return Math.round((sorted[rank - 1] ?? Number.NaN) * 10) / 10;
}

export const apiSection: BenchSection<ApiFigures> = {
  key: 'api',
  title: 'Inventory API through the local server on DynamoDB Local (target p99 < 100 ms)',
  run: (options) => measureApi(options.quick),
  table: (f) => [
    `${f.hostnames.toLocaleString('en-US')} hostnames stored, ${f.requests} requests each, one at a time`,
    'request                          DynamoDB Local p50 / p99 ms   in-memory store p50 / p99 ms',
    `GET /hostnames?limit=100        ${ms(f.listP50Ms, f.listP99Ms)}   ${ms(f.inMemory.listP50Ms, f.inMemory.listP99Ms)}`,
    `GET /hostnames/${DETAIL_SPEC.hostname}   ${ms(f.detailP50Ms, f.detailP99Ms)}   ${ms(f.inMemory.detailP50Ms, f.inMemory.detailP99Ms)}`,
  ],
};

function ms(p50: number, p99: number): string {
  return `${p50.toFixed(1).padStart(12)} / ${p99.toFixed(1).padEnd(12)}`;
}
