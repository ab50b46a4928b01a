// Builds inventory contents as batch aggregates (exact totals for API tests) and seeds thousands of summaries fast.
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  hitsKeyOf,
  hostnamePk,
  LIST_ALL,
  lastSeenKeyOf,
  listShardOf,
  SUMMARY_SK,
  usageToItem,
} from '../../shared/adapters/dynamodb/inventory-table.ts';
import type { InventoryStore } from '../../shared/app/ports/inventory-store.ts';
import type { BatchAggregate, HostnameUsage, LocationUsage } from '../../shared/domain/batch-aggregate.ts';
import type { HostnameKind } from '../../shared/domain/hostname.ts';
import type { Protocol } from '../../shared/domain/observation.ts';
import { hashSource, sourcesFromHashes } from '../../shared/domain/source-sketch.ts';
import { DAY_MS, dayKey } from '../../shared/domain/time.ts';
import { mergeUsage, type Usage } from '../../shared/domain/usage.ts';

export interface LocationSpec {
  firewall: string;
  availabilityZone: string;
  hits: number;
  blocked?: number;
  protocols?: Protocol[];
  sources?: string[];
}

export interface HostnameSpec {
  hostname: string;
  kind?: HostnameKind;
  /** Epoch ms; hits are spread one per day backwards from this day, the rest on it. */
  lastSeen: number;
  /** Days with traffic, ending on lastSeen's day (default 1). */
  days?: number;
  locations: LocationSpec[];
}

/** The usage of one location: `hits` over `days` days ending at `lastSeen`. */
function usageOf(spec: HostnameSpec, location: LocationSpec): Usage {
  const days = Math.max(1, Math.min(spec.days ?? 1, location.hits));
  const dailyHits: Record<string, number> = {};
  for (let d = 0; d < days; d++) {
    const hits = d === 0 ? location.hits - (days - 1) : 1;
    dailyHits[String(dayKey(spec.lastSeen - d * DAY_MS))] = hits;
  }
  const sources = new Map<string, number>();
  for (const source of location.sources ?? ['10.0.0.1']) sources.set(source, hashSource(source));
  const blocked = location.blocked ?? 0;
  return {
    hits: location.hits,
    allowed: location.hits - blocked,
    blocked,
    protocols: location.protocols ?? ['tls'],
    firstSeen: spec.lastSeen - (days - 1) * DAY_MS,
    lastSeen: spec.lastSeen,
    lastAllowed: location.hits > blocked ? spec.lastSeen : 0,
    dailyHits,
    sources: sourcesFromHashes(sources),
  };
}

/** One batch aggregate holding every spec; `locations: false` writes summaries only (half the items). */
export function aggregateOf(specs: HostnameSpec[], options: { locations?: boolean } = {}): BatchAggregate {
  const locations: LocationUsage[] = [];
  const hostnames: HostnameUsage[] = [];
  for (const spec of specs) {
    const kind = spec.kind ?? 'domain';
    let total: Usage | undefined;
    for (const location of spec.locations) {
      const usage = usageOf(spec, location);
      total = mergeUsage(total, usage);
      if (options.locations !== false) {
        locations.push({
          hostname: spec.hostname,
          kind,
          firewall: location.firewall,
          availabilityZone: location.availabilityZone,
          usage,
        });
      }
    }
    if (total === undefined) throw new Error(`${spec.hostname} needs a location`);
    hostnames.push({
      hostname: spec.hostname,
      kind,
      firewalls: [...new Set(spec.locations.map((l) => l.firewall))].sort(),
      availabilityZones: [...new Set(spec.locations.map((l) => l.availabilityZone))].sort(),
      usage: total,
    });
  }
  return { observations: 0, locations, hostnames };
}

/** Writes the specs through the store's own batch path, `perBatch` hostnames a batch. */
export async function loadInventory(
  store: InventoryStore,
  specs: HostnameSpec[],
  options: { perBatch?: number; locations?: boolean; batchPrefix?: string } = {},
): Promise<void> {
  const perBatch = options.perBatch ?? 5000;
  for (let start = 0; start < specs.length; start += perBatch) {
    await store.applyBatch({
      batchId: `${options.batchPrefix ?? 'fixture'}-${start}`,
      aggregate: aggregateOf(specs.slice(start, start + perBatch), options),
    });
  }
}

/**
 * Writes summary items straight into the table with BatchWriteItem, as `applyBatch` would leave them
 * after a first sighting (the same codec: usage attributes, listing-index keys, status `observed`).
 * For large listing fixtures only: DynamoDB Local takes about 2 ms an item through applyBatch's
 * transactions and under 1 ms this way. A test keeps the two writers' items equal.
 */
export async function seedSummaries(
  client: DynamoDBDocumentClient,
  tableName: string,
  specs: HostnameSpec[],
  concurrency = 8,
): Promise<void> {
  const items = aggregateOf(specs, { locations: false }).hostnames.map((summary) => ({
    pk: hostnamePk(summary.hostname),
    sk: SUMMARY_SK,
    type: 'hostname',
    hostname: summary.hostname,
    kind: summary.kind,
    firewalls: summary.firewalls,
    availabilityZones: summary.availabilityZones,
    listShard: listShardOf(summary.hostname),
    listAll: LIST_ALL,
    ...usageToItem(summary.usage),
    updatedAt: 0,
    lastSeenKey: lastSeenKeyOf(summary.usage.lastSeen, summary.hostname),
    hitsKey: hitsKeyOf(summary.usage.hits, summary.hostname),
    status: 'observed',
  }));
  const groups: Record<string, unknown>[][] = [];
  for (let start = 0; start < items.length; start += 25) groups.push(items.slice(start, start + 25));
  let next = 0;
  const worker = async () => {
    while (next < groups.length) {
      let requests = (groups[next++] ?? []).map((Item) => ({ PutRequest: { Item } }));
      while (requests.length > 0) {
        const response = await client.send(
          new BatchWriteCommand({ RequestItems: { [tableName]: requests } }),
        );
        requests = (response.UnprocessedItems?.[tableName] ?? []) as typeof requests;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
