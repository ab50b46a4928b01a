// The inventory table's single-table layout: keys, indexes, the access patterns they serve, and item codecs.
//
// Items (pk, sk):
//   HOST#<hostname>   SUMMARY                 totals across firewalls, status, listing-index keys
//   HOST#<hostname>   LOC#<firewall>#<zone>   totals for one firewall × availability zone
//   BATCH#<batchId>   CHUNK#<n>               marker: this chunk of this batch is counted (TTL 7 days)
//   ENTRY#<target>    ENTRY                   an allowlist entry (`api.example.com`, `.example.com`)
//   ENTRY#<target>    HISTORY#<version>       one lifecycle step of that entry, kept forever
//   NOTE#<name>       NOTE                    a value the lifecycle keeps between runs (drift last reported)
//   MANAGED           <target>                a target egress-scout itself put into the rule group
//
// Access patterns:
//   ingest                      BatchGetItem then TransactWriteItems on HOST#… items (+ the chunk marker)
//   one hostname's detail       Query pk = HOST#<hostname>
//   list by last seen           Query byLastSeen, one query per shard (listShard = HOSTS#0..7), merged
//                               in key order; a page resumes every shard after the last key it showed
//                               (keys are unique); the index carries the summaries' listing attributes
//   list by hits                Query byHits, likewise
//   list by hostname            Query byName (listAll = HOSTS), then BatchGetItem
//   hostnames by status         Query byStatus (status = <status>, sorted by hostname): listed by name
//                               directly; for the other orders, a small status's members filter the
//                               merged keys before any summary is read
//   entries by status           Query byEntryStatus (entryStatus = <status>, sorted by target) — pending
//                               approvals, approved entries to promote, promoted entries to expire
//   an entry and its history    Query pk = ENTRY#<target>
//   targets egress-scout added  Query pk = MANAGED (a partition of small items: a rule group can hold
//                               ~15,000 targets, too many for one 400 KB item)
//
// byEntryStatus projects everything: entries change only on lifecycle steps, so its writes are rare, and
// the lifecycle reads whole entries from it. byName and byStatus project keys only: a summary's hit
// count changes on every batch, and with KEYS_ONLY an update writes an index only when that index's own
// key changes. byLastSeen and byHits keys do change on every batch (two index writes each, the old
// entry's delete and the new one's put), so they also carry what a listing shows of a summary
// (SUMMARY_LIST_ATTRIBUTES, a few hundred bytes: still one write unit) and a page needs no BatchGetItem
// of the summaries. Their partition is spread over LIST_SHARDS values to stay well under one
// partition's write rate; readers merge the shards, which the sort keys make exact.
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import type { HostnameSummary, ListPosition } from '../../app/ports/inventory-store.ts';
import type { HostnameKind } from '../../domain/hostname.ts';
import type {
  HostnameDetail,
  HostnameRecord,
  HostnameStatus,
  LocationRecord,
} from '../../domain/inventory.ts';
import type { Protocol } from '../../domain/observation.ts';
import { hashSource } from '../../domain/source-sketch.ts';
import { sourceCount, type Usage } from '../../domain/usage.ts';

export const LIST_SHARDS = 8;
export const SUMMARY_SK = 'SUMMARY';
export const LIST_ALL = 'HOSTS';

export const INDEX = {
  byLastSeen: 'byLastSeen',
  byHits: 'byHits',
  byName: 'byName',
  byStatus: 'byStatus',
  byEntryStatus: 'byEntryStatus',
} as const;

/** The table as CreateTable takes it; infra/ declares the same for AWS (a test keeps them equal). */
export function inventoryTableDefinition(tableName: string): CreateTableCommandInput {
  const keysOnly = { ProjectionType: 'KEYS_ONLY' as const };
  const listed = { ProjectionType: 'INCLUDE' as const, NonKeyAttributes: [...SUMMARY_LIST_ATTRIBUTES] };
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
      { AttributeName: 'listShard', AttributeType: 'S' },
      { AttributeName: 'lastSeenKey', AttributeType: 'S' },
      { AttributeName: 'hitsKey', AttributeType: 'S' },
      { AttributeName: 'listAll', AttributeType: 'S' },
      { AttributeName: 'hostname', AttributeType: 'S' },
      { AttributeName: 'status', AttributeType: 'S' },
      { AttributeName: 'entryStatus', AttributeType: 'S' },
      { AttributeName: 'target', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: INDEX.byLastSeen,
        KeySchema: [
          { AttributeName: 'listShard', KeyType: 'HASH' },
          { AttributeName: 'lastSeenKey', KeyType: 'RANGE' },
        ],
        Projection: listed,
      },
      {
        IndexName: INDEX.byHits,
        KeySchema: [
          { AttributeName: 'listShard', KeyType: 'HASH' },
          { AttributeName: 'hitsKey', KeyType: 'RANGE' },
        ],
        Projection: listed,
      },
      {
        IndexName: INDEX.byName,
        KeySchema: [
          { AttributeName: 'listAll', KeyType: 'HASH' },
          { AttributeName: 'hostname', KeyType: 'RANGE' },
        ],
        Projection: keysOnly,
      },
      {
        IndexName: INDEX.byStatus,
        KeySchema: [
          { AttributeName: 'status', KeyType: 'HASH' },
          { AttributeName: 'hostname', KeyType: 'RANGE' },
        ],
        Projection: keysOnly,
      },
      {
        IndexName: INDEX.byEntryStatus,
        KeySchema: [
          { AttributeName: 'entryStatus', KeyType: 'HASH' },
          { AttributeName: 'target', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  };
}

/** The TTL attribute (epoch seconds) of batch markers and anything else that should age out. */
export const TTL_ATTRIBUTE = 'expiresAt';

export const hostnamePk = (hostname: string): string => `HOST#${hostname}`;
export const locationSk = (firewall: string, availabilityZone: string): string =>
  `LOC#${firewall}#${availabilityZone}`;
export const batchMarkerKey = (batchId: string, chunk: number) => ({
  pk: `BATCH#${batchId}`,
  sk: `CHUNK#${chunk}`,
});

export const entryPk = (target: string): string => `ENTRY#${target}`;
export const ENTRY_SK = 'ENTRY';
export const historySk = (version: number): string => `HISTORY#${String(version).padStart(10, '0')}`;
export const MANAGED_PK = 'MANAGED';
export const noteKey = (name: string) => ({ pk: `NOTE#${name}`, sk: 'NOTE' });

export const listShardOf = (hostname: string): string => `HOSTS#${hashSource(hostname) % LIST_SHARDS}`;
/** Fixed-width so that string order is numeric order; the hostname makes every key unique. */
export const lastSeenKeyOf = (lastSeen: number, hostname: string): string =>
  `${String(lastSeen).padStart(15, '0')}#${hostname}`;
export const hitsKeyOf = (hits: number, hostname: string): string =>
  `${String(hits).padStart(15, '0')}#${hostname}`;

/** The position a byLastSeen or byHits key stands for, or undefined for a key of another shape. */
export function positionOfListKey(key: unknown): ListPosition | undefined {
  if (typeof key !== 'string' || key.length < 17 || key.charCodeAt(15) !== 0x23 /* # */) return undefined;
  const value = Number(key.slice(0, 15));
  return Number.isSafeInteger(value) ? { value, hostname: key.slice(16) } : undefined;
}

/** The byLastSeen or byHits key of a position (the same form as {@link lastSeenKeyOf}). */
export const listKeyOf = (position: ListPosition): string =>
  `${String(position.value ?? 0).padStart(15, '0')}#${position.hostname}`;

/** What a listing reads of a summary: everything it shows, not the per-day counts or the source sketch. */
export const SUMMARY_LIST_ATTRIBUTES = [
  'hostname',
  'kind',
  'status',
  'firewalls',
  'availabilityZones',
  'hits',
  'allowed',
  'blocked',
  'protocols',
  'sourceCount',
  'firstSeen',
  'lastSeen',
] as const;

/** A summary item read with SUMMARY_LIST_ATTRIBUTES (no per-day counts or sketch: its stored source count). */
export function summaryFromItem(item: Item): HostnameSummary {
  const { usage, ...record } = hostnameFromItem(item);
  return {
    ...record,
    hits: usage.hits,
    allowed: usage.allowed,
    blocked: usage.blocked,
    protocols: usage.protocols,
    sources: Number(item.sourceCount ?? 0),
    firstSeen: usage.firstSeen,
    lastSeen: usage.lastSeen,
  };
}

/** The usage attributes, shared by summary and location items. */
export const USAGE_ATTRIBUTES = [
  'hits',
  'allowed',
  'blocked',
  'protocols',
  'firstSeen',
  'lastSeen',
  'lastAllowed',
  'dailyHits',
  'sourceSketch',
  'sourceSample',
] as const;

export type Item = Record<string, unknown>;

export function usageToItem(usage: Usage): Item {
  return {
    hits: usage.hits,
    allowed: usage.allowed,
    blocked: usage.blocked,
    protocols: usage.protocols,
    firstSeen: usage.firstSeen,
    lastSeen: usage.lastSeen,
    lastAllowed: usage.lastAllowed,
    dailyHits: usage.dailyHits,
    sourceSketch: usage.sources.sketch,
    sourceSample: usage.sources.sample,
    sourceCount: sourceCount(usage),
  };
}

export function usageFromItem(item: Item): Usage {
  return {
    hits: Number(item.hits ?? 0),
    allowed: Number(item.allowed ?? 0),
    blocked: Number(item.blocked ?? 0),
    protocols: (item.protocols as Protocol[] | undefined) ?? [],
    firstSeen: Number(item.firstSeen),
    lastSeen: Number(item.lastSeen),
    lastAllowed: Number(item.lastAllowed ?? 0),
    dailyHits: (item.dailyHits as Record<string, number> | undefined) ?? {},
    sources: {
      sketch: ((item.sourceSketch as unknown[] | undefined) ?? []).map(Number),
      sample: (item.sourceSample as string[] | undefined) ?? [],
    },
  };
}

export function hostnameFromItem(item: Item): HostnameRecord {
  return {
    hostname: String(item.hostname),
    kind: item.kind as HostnameKind,
    status: (item.status as HostnameStatus | undefined) ?? 'observed',
    firewalls: (item.firewalls as string[] | undefined) ?? [],
    availabilityZones: (item.availabilityZones as string[] | undefined) ?? [],
    usage: usageFromItem(item),
  };
}

export function locationFromItem(item: Item): LocationRecord {
  return {
    firewall: String(item.firewall),
    availabilityZone: String(item.availabilityZone),
    usage: usageFromItem(item),
  };
}

/** A hostname's partition (summary + location items) as a detail, or undefined without a summary. */
export function detailFromItems(items: Item[]): HostnameDetail | undefined {
  const summary = items.find((item) => item.sk === SUMMARY_SK);
  if (summary === undefined) return undefined;
  const locations = items
    .filter((item) => typeof item.sk === 'string' && item.sk.startsWith('LOC#'))
    .map(locationFromItem)
    .sort((a, b) =>
      a.firewall === b.firewall
        ? a.availabilityZone.localeCompare(b.availabilityZone)
        : a.firewall.localeCompare(b.firewall),
    );
  return { ...hostnameFromItem(summary), locations };
}
