import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryEntryStore } from '../../../shared/adapters/memory/memory-entry-store.ts';
import { MemoryInventoryStore } from '../../../shared/adapters/memory/memory-inventory-store.ts';
import {
  type HostnameQuery,
  hostnamePages,
  listHostnames,
  type QueryInventoryDeps,
  reportHostname,
} from '../../../shared/app/query-inventory.ts';
import { BadRequestError, NotFoundError } from '../../../shared/domain/errors.ts';
import type { HostnameRecord } from '../../../shared/domain/inventory.ts';
import {
  allRecords,
  expectedHostnames,
  loadSample,
  SAMPLE_NOW,
  sampleSpecs,
} from '../../support/inventory-sample.ts';

let deps: QueryInventoryDeps;
let records: HostnameRecord[];

beforeAll(async () => {
  deps = { inventory: new MemoryInventoryStore(), entries: new MemoryEntryStore(), now: () => SAMPLE_NOW };
  await loadSample(deps.inventory, deps.entries);
  records = await allRecords(deps.inventory);
});

/** Every hostname of the query, following nextCursor page by page. */
async function walk(query: HostnameQuery, d: QueryInventoryDeps = deps) {
  const hostnames: string[] = [];
  let cursor = query.cursor;
  let pages = 0;
  do {
    const page = await listHostnames(d, { ...query, cursor });
    hostnames.push(...page.items.map((item) => item.hostname));
    cursor = page.nextCursor;
    pages++;
  } while (cursor !== undefined);
  return { hostnames, pages };
}

const ORDERS: Pick<HostnameQuery, 'sort' | 'order'>[] = [
  { sort: 'lastSeen', order: 'desc' },
  { sort: 'lastSeen', order: 'asc' },
  { sort: 'hits', order: 'desc' },
  { sort: 'hits', order: 'asc' },
  { sort: 'hostname', order: 'asc' },
  { sort: 'hostname', order: 'desc' },
];

describe('listHostnames', () => {
  it('pages through every sort and order without a gap or a repeat', async () => {
    for (const order of ORDERS) {
      const query: HostnameQuery = { filters: {}, ...order, limit: 7 };

      const { hostnames, pages } = await walk(query);

      expect(hostnames, JSON.stringify(order)).toEqual(expectedHostnames(records, query));
      expect(hostnames).toHaveLength(sampleSpecs().length);
      // A page that ends the walk exactly still carries a cursor; the page after it is empty.
      expect(pages).toBe(Math.floor(sampleSpecs().length / 7) + 1);
    }
  });

  it('applies each filter, and all of them together', async () => {
    const filterSets: HostnameQuery['filters'][] = [
      { status: 'promoted' },
      { status: 'candidate' },
      { firewall: 'egress-b' },
      { availabilityZone: 'us-east-1a' },
      { kind: 'ip' },
      { kind: 'domain' },
      { q: 'team-1' },
      { suffix: 'github.com' },
      { suffix: 'team-2.example.com', firewall: 'egress-a', availabilityZone: 'us-east-1b', q: 'svc-1' },
    ];
    for (const filters of filterSets) {
      const query: HostnameQuery = { filters, sort: 'hits', order: 'desc', limit: 10 };

      const { hostnames } = await walk(query);

      expect(hostnames, JSON.stringify(filters)).toEqual(expectedHostnames(records, query));
      expect(hostnames.length, JSON.stringify(filters)).toBeGreaterThan(0);
    }
  });

  it('ends a page early at its read limit, with a cursor that goes on', async () => {
    const limited = { ...deps, limits: { pageReadLimit: 5, exportReadLimit: 1000 } };
    const query: HostnameQuery = {
      filters: { status: 'promoted' },
      sort: 'lastSeen',
      order: 'desc',
      limit: 50,
    };

    const first = await listHostnames(limited, query);
    const { hostnames, pages } = await walk(query, limited);

    expect(first.examined).toBe(5);
    expect(first.items.length).toBeLessThan(3);
    expect(first.nextCursor).toBeDefined();
    expect(hostnames).toEqual(expectedHostnames(records, query));
    expect(pages).toBe(Math.ceil(sampleSpecs().length / 5));
  });

  it('refuses a cursor from another query', async () => {
    const page = await listHostnames(deps, { filters: {}, sort: 'hits', order: 'desc', limit: 5 });

    await expect(
      listHostnames(deps, { filters: {}, sort: 'hits', order: 'asc', limit: 5, cursor: page.nextCursor }),
    ).rejects.toMatchObject({ parameter: 'cursor' });
  });
});

describe('hostnamePages', () => {
  it('yields every page of the query', async () => {
    const query: HostnameQuery = {
      filters: { firewall: 'egress-a' },
      sort: 'hostname',
      order: 'asc',
      limit: 20,
    };
    const hostnames: string[] = [];

    for await (const page of hostnamePages(deps, query)) hostnames.push(...page.items.map((i) => i.hostname));

    expect(hostnames).toEqual(expectedHostnames(records, query));
  });

  it('stops at the export read limit with the cursor to go on from', async () => {
    const limited = { ...deps, limits: { pageReadLimit: 1000, exportReadLimit: 30 } };
    const query: HostnameQuery = { filters: {}, sort: 'hostname', order: 'asc', limit: 20 };
    const pages = [];

    for await (const page of hostnamePages(limited, query)) pages.push(page);

    expect(pages.map((p) => p.items.length)).toEqual([20, 10]);
    const rest = await walk({ ...query, cursor: pages[1]?.nextCursor });
    expect([...pages.flatMap((p) => p.items.map((i) => i.hostname)), ...rest.hostnames]).toEqual(
      expectedHostnames(records, query),
    );
  });
});

describe('reportHostname', () => {
  it('reports a hostname written any way a person might, normalised', async () => {
    const report = await reportHostname(deps, { hostname: 'API.GitHub.com.', days: 14 });

    expect(report.detail.hostname).toBe('api.github.com');
    expect(report.detail.locations.map((l) => [l.firewall, l.availabilityZone, l.usage.hits])).toEqual([
      ['egress-a', 'us-east-1a', 700],
      ['egress-b', 'us-east-1b', 300],
    ]);
  });

  it('counts hits per day over the window, zero-filled, ending today', async () => {
    const report = await reportHostname(deps, { hostname: 'api.github.com', days: 7 });

    expect(report.hitsPerDay).toEqual([
      { day: '2026-11-17', hits: 0 },
      { day: '2026-11-18', hits: 0 },
      { day: '2026-11-19', hits: 2 },
      { day: '2026-11-20', hits: 2 },
      { day: '2026-11-21', hits: 2 },
      { day: '2026-11-22', hits: 2 },
      { day: '2026-11-23', hits: 992 },
    ]);
  });

  it('gives the exact entry and the wildcard covering it, each with its history', async () => {
    const report = await reportHostname(deps, { hostname: 'api.github.com', days: 14 });

    expect(
      report.entries.map(({ entry, history }) => [entry.target, entry.status, history.map((h) => h.to)]),
    ).toEqual([
      ['api.github.com', 'promoted', ['candidate', 'approved', 'promoted']],
      ['.github.com', 'pending', ['candidate', 'pending']],
    ]);
  });

  it('gives no entries for an IP literal, which can never be one', async () => {
    const report = await reportHostname(deps, { hostname: '10.20.30.40', days: 14 });

    expect(report.detail.kind).toBe('ip');
    expect(report.entries).toEqual([]);
  });

  it('refuses what cannot be a hostname, and reports what was never seen as not found', async () => {
    await expect(reportHostname(deps, { hostname: 'no spaces.example', days: 14 })).rejects.toMatchObject({
      parameter: 'hostname',
    });
    await expect(reportHostname(deps, { hostname: 'no spaces.example', days: 14 })).rejects.toBeInstanceOf(
      BadRequestError,
    );
    await expect(reportHostname(deps, { hostname: 'never.example.com', days: 14 })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(reportHostname(deps, { hostname: 'api.github.com', days: 63 })).rejects.toMatchObject({
      parameter: 'days',
    });
  });
});
