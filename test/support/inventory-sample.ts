// A small inventory with known answers for API tests: 119 hostnames over two firewalls, statuses, entries, hostile names.
import type { EntryStore } from '../../shared/app/ports/entry-store.ts';
import type { InventoryStore } from '../../shared/app/ports/inventory-store.ts';
import type { HostnameQuery } from '../../shared/app/query-inventory.ts';
import type { HostnameRecord } from '../../shared/domain/inventory.ts';
import { type Evidence, newEntry, transition } from '../../shared/domain/lifecycle.ts';
import { DAY_MS } from '../../shared/domain/time.ts';
import { type HostnameSpec, loadInventory } from './inventory-fixtures.ts';

export const SAMPLE_NOW = Date.parse('2026-11-23T12:00:00Z');
const HOUR = 3_600_000;

/** Firewall and zone names as logs could carry them: a formula, and a comma with quotes. */
export const HOSTILE_FIREWALL = '=HYPERLINK("http://evil.example","click")';
export const QUOTED_ZONE = 'zone,"b"';

/**
 * 119 hostnames: `svc-<n>.team-<n % 4>.example.com` for n < 110 (hits 1000 - 7n mod 500 + 1, seen
 * n hours ago, on firewall egress-a or egress-b by parity), `api.github.com` and three more under
 * github.com, two IP literals, an IDN, and names that test quoting and formula neutralisation.
 */
export function sampleSpecs(): HostnameSpec[] {
  const specs: HostnameSpec[] = [];
  for (let n = 0; n < 110; n++) {
    specs.push({
      hostname: `svc-${n}.team-${n % 4}.example.com`,
      lastSeen: SAMPLE_NOW - n * HOUR,
      days: 1 + (n % 3),
      locations: [
        {
          firewall: n % 2 === 0 ? 'egress-a' : 'egress-b',
          availabilityZone: n % 3 === 0 ? 'us-east-1a' : 'us-east-1b',
          hits: ((1000 - 7 * n) % 500) + 1,
          blocked: n % 5 === 0 ? 1 : 0,
        },
      ],
    });
  }
  specs.push({
    hostname: 'api.github.com',
    lastSeen: SAMPLE_NOW - 30 * 60_000,
    days: 5,
    locations: [
      { firewall: 'egress-a', availabilityZone: 'us-east-1a', hits: 700, sources: ['10.0.1.1', '10.0.1.2'] },
      {
        firewall: 'egress-b',
        availabilityZone: 'us-east-1b',
        hits: 300,
        blocked: 20,
        protocols: ['tls', 'http'],
        sources: ['10.0.2.9'],
      },
    ],
  });
  for (const name of ['github.com', 'objects.github.com', 'uploads.github.com']) {
    specs.push({
      hostname: name,
      lastSeen: SAMPLE_NOW - 2 * DAY_MS,
      locations: [{ firewall: 'egress-a', availabilityZone: 'us-east-1a', hits: 40 }],
    });
  }
  specs.push(
    {
      hostname: '10.20.30.40',
      kind: 'ip',
      lastSeen: SAMPLE_NOW - 3 * HOUR,
      locations: [{ firewall: 'egress-b', availabilityZone: 'us-east-1b', hits: 12, blocked: 12 }],
    },
    {
      hostname: '2001:db8::1',
      kind: 'ip',
      lastSeen: SAMPLE_NOW - 4 * HOUR,
      locations: [{ firewall: 'egress-b', availabilityZone: 'us-east-1b', hits: 3, blocked: 3 }],
    },
    {
      hostname: 'xn--bcher-kva.de',
      lastSeen: SAMPLE_NOW - 5 * HOUR,
      locations: [{ firewall: 'egress-a', availabilityZone: 'us-east-1b', hits: 8 }],
    },
    {
      hostname: 'formula.example.org',
      lastSeen: SAMPLE_NOW - 10 * DAY_MS,
      locations: [{ firewall: HOSTILE_FIREWALL, availabilityZone: QUOTED_ZONE, hits: 5 }],
    },
    {
      hostname: '-leading-hyphen.example.org',
      lastSeen: SAMPLE_NOW - 11 * DAY_MS,
      locations: [{ firewall: 'egress-a', availabilityZone: '@zone', hits: 2 }],
    },
  );
  return specs;
}

export const PROMOTED = ['api.github.com', 'svc-3.team-3.example.com', 'svc-40.team-0.example.com'];
export const CANDIDATES = ['objects.github.com', 'uploads.github.com'];

const EVIDENCE: Evidence = {
  windowDays: 14,
  windowHits: 1000,
  daysSeen: 5,
  totalHits: 1000,
  allowed: 980,
  blocked: 20,
  sources: 3,
  firewalls: ['egress-a', 'egress-b'],
  availabilityZones: ['us-east-1a', 'us-east-1b'],
  firstSeen: SAMPLE_NOW - 5 * DAY_MS,
  lastSeen: SAMPLE_NOW,
};

/**
 * Loads the sample into the stores: the hostnames, their statuses, an exact entry for api.github.com
 * taken to promoted (three steps of history) and a wildcard `.github.com` still a candidate, with an
 * approval nonce that must never be shown.
 */
export async function loadSample(inventory: InventoryStore, entries: EntryStore): Promise<void> {
  await loadInventory(inventory, sampleSpecs(), { perBatch: 60, batchPrefix: 'sample' });
  await inventory.setHostnameStatus(PROMOTED, 'promoted');
  await inventory.setHostnameStatus(CANDIDATES, 'candidate');
  const at = SAMPLE_NOW - 3 * DAY_MS;
  let step = newEntry(
    { target: 'api.github.com', covers: ['api.github.com'], evidence: EVIDENCE },
    { at, by: 'policy:recommend', reason: 'seen on 5 days' },
  );
  await entries.saveTransition(step);
  step = transition(step.entry, 'approved', {
    at: at + HOUR,
    by: 'alice@example.com',
    reason: 'approved by email',
  });
  await entries.saveTransition(step);
  step = transition(step.entry, 'promoted', {
    at: at + 2 * HOUR,
    by: 'policy:promote',
    reason: 'added to the rule group',
    changes: { addedToRuleGroup: true },
  });
  await entries.saveTransition(step);
  const wildcard = newEntry(
    { target: '.github.com', covers: ['api.github.com', 'github.com'], evidence: EVIDENCE },
    { at, by: 'policy:recommend', reason: '4 hostnames under github.com' },
  );
  await entries.saveTransition(wildcard);
  await entries.saveTransition(
    transition(wildcard.entry, 'pending', {
      at: at + HOUR,
      by: 'policy:recommend',
      reason: 'approval asked',
      changes: { approval: { nonce: 'SECRET-NONCE', expiresAt: at + 7 * DAY_MS } },
    }),
  );
}

/**
 * The hostnames a query must return, in order, worked out plainly from every record: the oracle the
 * listing's index walks, merges and cursors are checked against.
 */
export function expectedHostnames(
  records: HostnameRecord[],
  query: Pick<HostnameQuery, 'filters' | 'sort' | 'order'>,
): string[] {
  const { status, firewall, availabilityZone, kind, q, suffix } = query.filters;
  const sortValue = (r: HostnameRecord) =>
    query.sort === 'hits' ? r.usage.hits : query.sort === 'lastSeen' ? r.usage.lastSeen : 0;
  return records
    .filter(
      (r) =>
        (status === undefined || r.status === status) &&
        (firewall === undefined || r.firewalls.includes(firewall)) &&
        (availabilityZone === undefined || r.availabilityZones.includes(availabilityZone)) &&
        (kind === undefined || r.kind === kind) &&
        (q === undefined || r.hostname.includes(q)) &&
        (suffix === undefined || r.hostname === suffix || r.hostname.endsWith(`.${suffix}`)),
    )
    .sort((a, b) => {
      const byValue =
        sortValue(a) - sortValue(b) || (a.hostname < b.hostname ? -1 : a.hostname > b.hostname ? 1 : 0);
      return query.order === 'asc' ? byValue : -byValue;
    })
    .map((r) => r.hostname);
}

/** Every record of a store, through its export (not through the listing under test). */
export async function allRecords(store: InventoryStore): Promise<HostnameRecord[]> {
  const records: HostnameRecord[] = [];
  for await (const detail of store.exportHostnames()) records.push(detail);
  return records;
}
