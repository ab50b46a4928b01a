import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoEntryStore } from '../../shared/adapters/dynamodb/dynamo-entry-store.ts';
import { DynamoInventoryStore } from '../../shared/adapters/dynamodb/dynamo-inventory-store.ts';
import { type LocalApiServer, startLocalApiServer } from '../../shared/adapters/local/local-api-server.ts';
import type { HostnameQuery } from '../../shared/app/query-inventory.ts';
import type { HostnameRecord } from '../../shared/domain/inventory.ts';
import { inventoryRouter } from '../../shared/http/api-routes.ts';
import type { InventoryRouteDeps } from '../../shared/http/inventory-routes.ts';
import type { ErrorLogger } from '../../shared/http/middleware.ts';
import { parseCsv } from '../support/csv-parse.ts';
import { createTestTable, forbidScans } from '../support/dynamodb.ts';
import {
  allRecords,
  expectedHostnames,
  HOSTILE_FIREWALL,
  loadSample,
  QUOTED_ZONE,
  SAMPLE_NOW,
  sampleSpecs,
} from '../support/inventory-sample.ts';

/** What a stack trace, a file path or an SDK error looks like in a body. */
const LEAKS = /\n\s+at |\.ts:\d+|node_modules|Exception|inventory-[0-9a-f-]{36}/;

let server: LocalApiServer;
let deps: InventoryRouteDeps;
let records: HostnameRecord[];
const scans: string[] = [];
const logged: { message: string; details: Record<string, unknown> }[] = [];
const logger: ErrorLogger = { error: (message, details) => logged.push({ message, details }) };
const servers: LocalApiServer[] = [];

beforeAll(async () => {
  const table = await createTestTable();
  forbidScans(table.documentClient, scans);
  const entries = new DynamoEntryStore({ client: table.documentClient, tableName: table.tableName });
  await loadSample(table.store, entries);
  records = await allRecords(table.store);
  deps = { inventory: table.store, entries, now: () => SAMPLE_NOW };
  server = await start(deps);
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  expect(scans).toEqual([]);
});

async function start(d: InventoryRouteDeps): Promise<LocalApiServer> {
  const started = await startLocalApiServer({ router: inventoryRouter, deps: d, logger });
  servers.push(started);
  return started;
}

interface Answer {
  status: number;
  headers: Headers;
  body: string;
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field
  json: () => any;
}

/** A request over real HTTP; every answer is checked for the security headers and for leaks. */
async function request(path: string, init: RequestInit = {}, on: LocalApiServer = server): Promise<Answer> {
  const response = await fetch(`${on.url}${path}`, init);
  const body = await response.text();
  expect(body, path).not.toMatch(LEAKS);
  expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
  expect(response.headers.get('cache-control'), path).toBe('no-store');
  expect(response.headers.get('content-security-policy'), path).toMatch(/^default-src 'none'/);
  expect(response.headers.get('content-type'), path).toBeTruthy();
  return { status: response.status, headers: response.headers, body, json: () => JSON.parse(body) };
}

const get = (path: string, headers: Record<string, string> = {}) => request(path, { headers });

/** Every hostname the API lists for `params`, following nextCursor. */
async function walk(params: Record<string, string>): Promise<{ hostnames: string[]; pages: number }> {
  const hostnames: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const search = new URLSearchParams({ ...params, ...(cursor === undefined ? {} : { cursor }) });
    const answer = await get(`/hostnames?${search}`);
    expect(answer.status, answer.body).toBe(200);
    const body = answer.json();
    hostnames.push(...body.items.map((item: { hostname: string }) => item.hostname));
    cursor = body.nextCursor ?? undefined;
    pages++;
  } while (cursor !== undefined);
  return { hostnames, pages };
}

function expected(params: Record<string, string>): string[] {
  const sort = (params.sort ?? 'lastSeen') as HostnameQuery['sort'];
  const order = (params.order ?? (sort === 'hostname' ? 'asc' : 'desc')) as HostnameQuery['order'];
  const filters = {
    status: params.status as HostnameRecord['status'] | undefined,
    firewall: params.firewall,
    availabilityZone: params.az,
    kind: params.kind as HostnameRecord['kind'] | undefined,
    q: params.q?.toLowerCase(),
    suffix: params.suffix?.replace(/^\./, '').toLowerCase(),
  };
  return expectedHostnames(records, { filters, sort, order });
}

describe('GET /hostnames', () => {
  it('lists the 50 most recently seen hostnames by default, each with its totals and ISO times', async () => {
    const answer = await get('/hostnames');

    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = answer.json();
    expect(body.items).toHaveLength(50);
    expect(body.items.map((i: { hostname: string }) => i.hostname)).toEqual(expected({}).slice(0, 50));
    expect(body.items[1]).toEqual({
      hostname: 'api.github.com',
      kind: 'domain',
      status: 'promoted',
      hits: 1000,
      allowed: 980,
      blocked: 20,
      protocols: ['tls', 'http'],
      sources: 3,
      firewalls: ['egress-a', 'egress-b'],
      availabilityZones: ['us-east-1a', 'us-east-1b'],
      firstSeen: '2026-11-19T11:30:00.000Z',
      lastSeen: '2026-11-23T11:30:00.000Z',
    });
    expect(body.nextCursor).toEqual(expect.any(String));
  });

  it('pages through each sort and order without a gap or a repeat', async () => {
    const orders: Record<string, string>[] = [
      { sort: 'lastSeen' },
      { sort: 'lastSeen', order: 'asc' },
      { sort: 'hits' },
      { sort: 'hits', order: 'asc' },
      { sort: 'hostname' },
      { sort: 'hostname', order: 'desc' },
    ];
    for (const order of orders) {
      const params = { ...order, limit: '13' };

      const { hostnames, pages } = await walk(params);

      expect(hostnames, JSON.stringify(order)).toEqual(expected(params));
      expect(hostnames).toHaveLength(sampleSpecs().length);
      expect(pages).toBe(Math.ceil(sampleSpecs().length / 13));
    }
  });

  it('filters by status, firewall, zone, kind, substring and suffix, alone and together', async () => {
    const filterSets: Record<string, string>[] = [
      { status: 'promoted' },
      { status: 'candidate', sort: 'hostname' },
      { status: 'promoted', sort: 'hits', order: 'asc' },
      { firewall: 'egress-b' },
      { az: 'us-east-1a', sort: 'hits' },
      { kind: 'ip' },
      { kind: 'domain', sort: 'hostname' },
      { q: 'TEAM-1' },
      { suffix: '.github.com' },
      { suffix: 'GitHub.com', sort: 'hostname' },
      { suffix: 'team-2.example.com', firewall: 'egress-a', az: 'us-east-1b', q: 'svc-1' },
      { firewall: 'no-such-firewall' },
    ];
    for (const filters of filterSets) {
      const params = { ...filters, limit: '4' };

      const { hostnames } = await walk(params);

      expect(hostnames, JSON.stringify(filters)).toEqual(expected(params));
    }
    expect(expected({ status: 'promoted' })).toEqual([
      'api.github.com',
      'svc-3.team-3.example.com',
      'svc-40.team-0.example.com',
    ]);
  });

  it('refuses a cursor from another query, and one it never wrote', async () => {
    const first = (await get('/hostnames?sort=hits&limit=5')).json();

    const otherOrder = await get(`/hostnames?sort=hits&order=asc&limit=5&cursor=${first.nextCursor}`);
    const otherFilter = await get(`/hostnames?sort=hits&kind=domain&limit=5&cursor=${first.nextCursor}`);
    const forged = await get('/hostnames?cursor=bm90LWEtY3Vyc29y');

    for (const answer of [otherOrder, otherFilter, forged]) {
      expect(answer.status).toBe(400);
      expect(answer.json().error).toMatchObject({ code: 'bad_request', parameter: 'cursor' });
    }
    expect(otherOrder.json().error.message).toMatch(/another query/);
  });

  it('answers 400 naming the parameter for every malformed one', async () => {
    const cases: [string, string][] = [
      ['sort=size', 'sort'],
      ['order=sideways', 'order'],
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['limit=abc', 'limit'],
      ['status=unknown', 'status'],
      ['status=promoted&status=candidate', 'status'],
      ['kind=cname', 'kind'],
      [`q=${'a'.repeat(254)}`, 'q'],
      ['suffix=bad%20suffix', 'suffix'],
      ['format=xml', 'format'],
      ['stauts=promoted', 'stauts'],
    ];
    for (const [query, parameter] of cases) {
      const answer = await get(`/hostnames?${query}`);

      expect(answer.status, query).toBe(400);
      expect(answer.json(), query).toEqual({
        error: { code: 'bad_request', message: expect.stringContaining(parameter), parameter },
      });
    }
  });

  it('answers 406 when the client accepts neither JSON nor CSV', async () => {
    const answer = await get('/hostnames', { accept: 'image/png' });

    expect(answer.status).toBe(406);
    expect(answer.json().error.code).toBe('not_acceptable');
  });
});

describe('GET /hostnames as CSV', () => {
  it('exports the whole filtered set with a header row, for Accept: text/csv or ?format=csv', async () => {
    const byHeader = await get('/hostnames', { accept: 'text/csv' });
    const byParam = await get('/hostnames?format=csv&firewall=egress-b&sort=hostname');

    expect(byHeader.status).toBe(200);
    expect(byHeader.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(byHeader.headers.get('content-disposition')).toBe('attachment; filename="hostnames.csv"');
    expect(byHeader.headers.get('x-next-cursor')).toBeNull();
    const rows = parseCsv(byHeader.body);
    expect(rows[0]).toEqual([
      'hostname',
      'kind',
      'status',
      'hits',
      'allowed',
      'blocked',
      'protocols',
      'sources',
      'firewalls',
      'availabilityZones',
      'firstSeen',
      'lastSeen',
    ]);
    expect(rows.slice(1).map((row) => row[0]?.replace(/^'/, ''))).toEqual(expected({}));
    expect(rows.find((row) => row[0] === 'api.github.com')).toEqual([
      'api.github.com',
      'domain',
      'promoted',
      '1000',
      '980',
      '20',
      'tls http',
      '3',
      'egress-a egress-b',
      'us-east-1a us-east-1b',
      '2026-11-19T11:30:00.000Z',
      '2026-11-23T11:30:00.000Z',
    ]);
    expect(
      parseCsv(byParam.body)
        .slice(1)
        .map((row) => row[0]),
    ).toEqual(expected({ firewall: 'egress-b', sort: 'hostname' }));
  });

  it('quotes cells with commas and quotes, and neutralises cells a spreadsheet would run', async () => {
    const answer = await get('/hostnames?format=csv&suffix=example.org');

    const rows = parseCsv(answer.body);
    const formula = rows.find((row) => row[0] === 'formula.example.org');
    const hyphen = rows.find((row) => row[0] === "'-leading-hyphen.example.org");
    expect(formula?.[8]).toBe(`'${HOSTILE_FIREWALL}`);
    expect(formula?.[9]).toBe(QUOTED_ZONE);
    expect(hyphen?.[9]).toBe("'@zone");
    expect(answer.body).toContain('"\'=HYPERLINK(""http://evil.example"",""click"")"');
    expect(answer.body).toContain('"zone,""b"""');
  });

  it('stops at the export read limit and names the cursor that exports the rest', async () => {
    const limited = await start({ ...deps, limits: { pageReadLimit: 10_000, exportReadLimit: 40 } });

    const first = await request('/hostnames?format=csv&sort=hostname', {}, limited);
    const cursor = first.headers.get('x-next-cursor');
    const rest = await request(`/hostnames?format=csv&sort=hostname&cursor=${cursor}`, {}, limited);
    const last = await request(
      `/hostnames?format=csv&sort=hostname&cursor=${rest.headers.get('x-next-cursor')}`,
      {},
      limited,
    );

    const hostnames = [first, rest, last].flatMap((part) =>
      parseCsv(part.body)
        .slice(1)
        .map((row) => row[0]?.replace(/^'/, '')),
    );
    expect(cursor).toEqual(expect.any(String));
    expect(parseCsv(first.body)).toHaveLength(41);
    expect(last.headers.get('x-next-cursor')).toBeNull();
    expect(hostnames).toEqual(expected({ sort: 'hostname' }));
  });
});

describe('GET /hostnames/{hostname}', () => {
  it('reports the summary, every firewall × zone row, hits per day and the entries with their history', async () => {
    const answer = await get('/hostnames/api.github.com?days=5');

    expect(answer.status).toBe(200);
    expect(answer.json()).toEqual({
      hostname: 'api.github.com',
      kind: 'domain',
      status: 'promoted',
      hits: 1000,
      allowed: 980,
      blocked: 20,
      protocols: ['tls', 'http'],
      sources: 3,
      firstSeen: '2026-11-19T11:30:00.000Z',
      lastSeen: '2026-11-23T11:30:00.000Z',
      firewalls: ['egress-a', 'egress-b'],
      availabilityZones: ['us-east-1a', 'us-east-1b'],
      locations: [
        {
          firewall: 'egress-a',
          availabilityZone: 'us-east-1a',
          hits: 700,
          allowed: 700,
          blocked: 0,
          protocols: ['tls'],
          sources: 2,
          firstSeen: '2026-11-19T11:30:00.000Z',
          lastSeen: '2026-11-23T11:30:00.000Z',
        },
        {
          firewall: 'egress-b',
          availabilityZone: 'us-east-1b',
          hits: 300,
          allowed: 280,
          blocked: 20,
          protocols: ['tls', 'http'],
          sources: 1,
          firstSeen: '2026-11-19T11:30:00.000Z',
          lastSeen: '2026-11-23T11:30:00.000Z',
        },
      ],
      hitsPerDay: [
        { day: '2026-11-19', hits: 2 },
        { day: '2026-11-20', hits: 2 },
        { day: '2026-11-21', hits: 2 },
        { day: '2026-11-22', hits: 2 },
        { day: '2026-11-23', hits: 992 },
      ],
      entries: [
        {
          target: 'api.github.com',
          kind: 'exact',
          status: 'promoted',
          coveredBy: null,
          addedToRuleGroup: true,
          createdAt: '2026-11-20T12:00:00.000Z',
          updatedAt: '2026-11-20T14:00:00.000Z',
          history: [
            {
              at: '2026-11-20T12:00:00.000Z',
              from: 'observed',
              to: 'candidate',
              by: 'policy:recommend',
              reason: 'seen on 5 days',
            },
            {
              at: '2026-11-20T13:00:00.000Z',
              from: 'candidate',
              to: 'approved',
              by: 'alice@example.com',
              reason: 'approved by email',
            },
            {
              at: '2026-11-20T14:00:00.000Z',
              from: 'approved',
              to: 'promoted',
              by: 'policy:promote',
              reason: 'added to the rule group',
            },
          ],
        },
        expect.objectContaining({ target: '.github.com', kind: 'wildcard', status: 'pending' }),
      ],
    });
  });

  it('never shows an approval nonce', async () => {
    const answer = await get('/hostnames/github.com');

    expect(answer.json().entries.map((e: { target: string }) => e.target)).toEqual(['.github.com']);
    expect(answer.body).not.toContain('SECRET-NONCE');
    expect(answer.body).not.toContain('nonce');
  });

  it('counts 14 days by default, zero-filled', async () => {
    const days = (await get('/hostnames/github.com')).json().hitsPerDay;

    expect(days).toHaveLength(14);
    expect(days[0]).toEqual({ day: '2026-11-10', hits: 0 });
    expect(days.filter((d: { hits: number }) => d.hits > 0)).toEqual([{ day: '2026-11-21', hits: 40 }]);
  });

  it('finds a hostname however the path writes it: case, trailing dot, IDN, IPv6', async () => {
    const paths: [string, string][] = [
      ['/hostnames/API.GitHub.COM.', 'api.github.com'],
      ['/hostnames/b%C3%BCcher.de', 'xn--bcher-kva.de'],
      ['/hostnames/2001%3Adb8%3A%3A1', '2001:db8::1'],
      ['/hostnames/2001:db8:0::1', '2001:db8::1'],
    ];
    for (const [path, hostname] of paths) {
      const answer = await get(path);

      expect(answer.status, path).toBe(200);
      expect(answer.json().hostname, path).toBe(hostname);
    }
  });

  it('answers 404 for a hostname never seen and 400 for one that cannot be a hostname', async () => {
    const unknown = await get('/hostnames/never.example.com');
    const invalid = await get('/hostnames/bad_host!.example');
    const malformed = await get('/hostnames/%ZZ');

    expect(unknown.status).toBe(404);
    expect(unknown.json()).toEqual({
      error: { code: 'not_found', message: 'never.example.com is not in the inventory' },
    });
    for (const answer of [invalid, malformed]) {
      expect(answer.status).toBe(400);
      expect(answer.json().error.parameter).toBe('hostname');
    }
  });

  it('answers 400 for a days outside 1 to 62 or an unknown parameter', async () => {
    for (const query of ['days=0', 'days=63', 'days=x', 'since=yesterday']) {
      const answer = await get(`/hostnames/api.github.com?${query}`);

      expect(answer.status, query).toBe(400);
      expect(answer.json().error.parameter, query).toBe(query.split('=')[0]);
    }
  });
});

describe('routing and failures', () => {
  it('answers 404 for a path no route serves', async () => {
    const answer = await get('/nothing/here');

    expect(answer.status).toBe(404);
    expect(answer.json().error.code).toBe('not_found');
  });

  it('answers 405 with Allow for a known path and another method', async () => {
    const answer = await request('/hostnames', { method: 'POST', body: 'x' });

    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe('GET');
    expect(answer.json().error.code).toBe('method_not_allowed');
  });

  it('answers a storage failure with a 500 that says nothing of it, and logs it in full', async () => {
    const table = await createTestTable();
    const missing = `${table.tableName}-missing`;
    const broken = await start({
      inventory: new DynamoInventoryStore({ client: table.documentClient, tableName: missing }),
      entries: new DynamoEntryStore({ client: table.documentClient, tableName: missing }),
      now: () => SAMPLE_NOW,
    });
    logged.length = 0;

    const answer = await request('/hostnames', {}, broken);

    expect(answer.status).toBe(500);
    expect(answer.json()).toEqual({
      error: { code: 'internal_error', message: 'The server could not answer this request' },
    });
    expect(answer.body).not.toContain(missing);
    expect(logged).toHaveLength(1);
    expect(logged[0]?.details.error).toMatchObject({
      stack: expect.stringMatching(/ResourceNotFoundException/),
    });
  });
});
