import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoEntryStore } from '../../shared/adapters/dynamodb/dynamo-entry-store.ts';
import { type LocalApiServer, startLocalApiServer } from '../../shared/adapters/local/local-api-server.ts';
import { inventoryRouter } from '../../shared/http/api-routes.ts';
import { parseCsv } from '../support/csv-parse.ts';
import { createTestTable, forbidScans, type TestTable } from '../support/dynamodb.ts';
import { type HostnameSpec, loadInventory, seedSummaries } from '../support/inventory-fixtures.ts';
import { type LocalRuleGroup, startLocalRuleGroup } from '../support/local-rule-group.ts';

const HOSTNAMES = 20_000;
const NOW = Date.parse('2026-11-23T12:00:00Z');

/** Many ties on purpose: 997 distinct last-seen times and 1000 hit counts over 20,000 names. */
function bulkSpecs(): HostnameSpec[] {
  return Array.from({ length: HOSTNAMES }, (_, i) => ({
    hostname: `h${i.toString(36)}.bulk-${i % 50}.example.net`,
    lastSeen: NOW - (i % 997) * 60_000,
    locations: [{ firewall: `fw-${i % 3}`, availabilityZone: 'us-east-1a', hits: 1 + ((i * 7919) % 1000) }],
  }));
}

const specs = bulkSpecs();
let table: TestTable;
let server: LocalApiServer;
let allowlist: LocalRuleGroup;
const scans: string[] = [];
/** DynamoDB calls by command name, with the keys each BatchGetItem asked for. */
const calls = { Query: 0, BatchGetItem: 0, keysRead: 0 };

beforeAll(async () => {
  table = await createTestTable();
  forbidScans(table.documentClient, scans);
  table.documentClient.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName).replace(/Command$/, '');
      if (name === 'Query') calls.Query++;
      if (name === 'BatchGetItem') {
        calls.BatchGetItem++;
        const request = (args.input as { RequestItems: Record<string, { Keys: unknown[] }> }).RequestItems;
        for (const { Keys } of Object.values(request)) calls.keysRead += Keys.length;
      }
      return next(args);
    },
    { step: 'initialize', name: 'count-calls' },
  );
  // Summaries only (the listing reads nothing else), seeded as applyBatch writes them: see the last test.
  const started = Date.now();
  await seedSummaries(table.documentClient, table.tableName, specs);
  console.info(`seeded ${HOSTNAMES} summaries in ${Date.now() - started} ms`);
  const entries = new DynamoEntryStore({ client: table.documentClient, tableName: table.tableName });
  allowlist = await startLocalRuleGroup([]);
  server = await startLocalApiServer({
    router: inventoryRouter,
    deps: { inventory: table.store, entries, now: () => NOW, ruleGroup: allowlist.ruleGroup },
  });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await allowlist?.stop();
  expect(scans).toEqual([]);
});

function expectedOrder(sort: 'lastSeen' | 'hits' | 'hostname', order: 'asc' | 'desc'): string[] {
  const sortValue = (s: HostnameSpec) =>
    sort === 'lastSeen' ? s.lastSeen : sort === 'hits' ? (s.locations[0]?.hits ?? 0) : 0;
  const sorted = [...specs].sort(
    (a, b) => sortValue(a) - sortValue(b) || (a.hostname < b.hostname ? -1 : a.hostname > b.hostname ? 1 : 0),
  );
  if (order === 'desc') sorted.reverse();
  return sorted.map((s) => s.hostname);
}

async function page(query: string) {
  const response = await fetch(`${server.url}/hostnames?${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as { items: { hostname: string }[]; nextCursor: string | null };
}

/** The hostnames of the first `pages` pages. */
async function walkPages(query: string, pages: number): Promise<string[]> {
  const hostnames: string[] = [];
  let cursor: string | null = null;
  for (let n = 0; n < pages; n++) {
    const body = await page(cursor === null ? query : `${query}&cursor=${cursor}`);
    for (const item of body.items) hostnames.push(item.hostname);
    cursor = body.nextCursor;
  }
  return hostnames;
}

async function walk(query: string): Promise<{ hostnames: string[]; pages: number }> {
  const hostnames: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const body = await page(cursor === null ? query : `${query}&cursor=${cursor}`);
    for (const item of body.items) hostnames.push(item.hostname);
    cursor = body.nextCursor;
    pages++;
  } while (cursor !== null);
  return { hostnames, pages };
}

describe('paging through 20,000 hostnames', () => {
  it('walks every hostname by last seen, newest first, merging the eight shards without a gap or a repeat', async () => {
    const { hostnames, pages } = await walk('limit=500');

    expect(new Set(hostnames).size).toBe(HOSTNAMES);
    expect(hostnames).toEqual(expectedOrder('lastSeen', 'desc'));
    expect(pages).toBeGreaterThanOrEqual(40);
    expect(pages).toBeLessThanOrEqual(41);
  });

  it('walks by hits and by name in the same order as the data, page after page', async () => {
    const byHits = await walkPages('sort=hits&order=asc&limit=500', 6);
    const byName = await walkPages('sort=hostname&order=desc&limit=500', 6);

    expect(byHits).toEqual(expectedOrder('hits', 'asc').slice(0, 3000));
    expect(byName).toEqual(expectedOrder('hostname', 'desc').slice(0, 3000));
  });

  it('reads a page by hits with one query per shard, the summaries coming with the keys', async () => {
    const before = { ...calls };

    const body = await page('sort=hits');

    expect(body.items).toHaveLength(50);
    expect(calls.Query - before.Query).toBe(8);
    expect(calls.BatchGetItem - before.BatchGetItem).toBe(0);
  });

  it('reads a page by name with its keys, then a summary per item shown', async () => {
    const before = { ...calls };

    const body = await page('sort=hostname');

    expect(body.items).toHaveLength(50);
    expect(calls.keysRead - before.keysRead).toBe(50);
  });

  it('filters a large status on the summaries, page by page as without the filter', async () => {
    const filtered = await page('sort=hits&status=observed&limit=100');
    const unfiltered = await page('sort=hits&limit=100');

    expect(filtered.items.map((i) => i.hostname)).toEqual(unfiltered.items.map((i) => i.hostname));
  });

  it('exports a whole filtered set as CSV in parts of about the byte limit, each naming the next', async () => {
    const small = await startLocalApiServer({
      router: inventoryRouter,
      deps: {
        inventory: table.store,
        entries: new DynamoEntryStore({ client: table.documentClient, tableName: table.tableName }),
        now: () => NOW,
        ruleGroup: allowlist.ruleGroup,
        csvMaxBytes: 64 * 1024,
      },
    });
    const hostnames: string[] = [];
    let parts = 0;
    let cursor: string | null = null;
    try {
      do {
        const response = await fetch(
          `${small.url}/hostnames?format=csv&q=bulk-1${cursor === null ? '' : `&cursor=${cursor}`}`,
        );
        const rows = parseCsv(await response.text());
        expect(rows[0]?.[0]).toBe('hostname');
        for (const row of rows.slice(1)) hostnames.push(row[0] as string);
        cursor = response.headers.get('x-next-cursor');
        parts++;
      } while (cursor !== null);
    } finally {
      await small.stop();
    }

    const expected = expectedOrder('lastSeen', 'desc').filter((hostname) => hostname.includes('bulk-1'));
    expect(hostnames).toEqual(expected);
    expect(expected.length).toBe(4400);
    expect(parts).toBeGreaterThanOrEqual(4);
  });

  it('seeds summary items exactly as applyBatch writes them', async () => {
    const sample = specs.slice(0, 5).map((spec) => ({ ...spec, hostname: `drift-${spec.hostname}` }));
    const viaStore = await createTestTable();
    const seeded = await createTestTable();
    await loadInventory(viaStore.store, sample, { locations: false });
    await seedSummaries(seeded.documentClient, seeded.tableName, sample);

    for (const spec of sample) {
      const key = { pk: `HOST#${spec.hostname}`, sk: 'SUMMARY' };
      const [written, direct] = await Promise.all(
        [viaStore, seeded].map(async (t) => {
          const { Item } = await t.documentClient.send(new GetCommand({ TableName: t.tableName, Key: key }));
          const { updatedAt: _updatedAt, ...rest } = Item ?? {};
          return rest;
        }),
      );
      expect(direct).toEqual(written);
      expect(Object.keys(direct ?? {}).length).toBeGreaterThan(15);
    }
  });

  it('fails any Scan sent through the guarded client', async () => {
    const caught: string[] = [];
    const guarded = (await createTestTable()).documentClient;
    forbidScans(guarded, caught);

    await expect(guarded.send(new ScanCommand({ TableName: table.tableName }))).rejects.toThrow(
      /Scan is forbidden/,
    );
    expect(caught).toHaveLength(1);
  });
});
