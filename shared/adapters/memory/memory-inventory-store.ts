// InventoryStore in memory: the twin of the DynamoDB store for use-case tests (never imported by production code).
import type {
  BatchWrite,
  BatchWriteResult,
  HostnameListing,
  HostnameSummary,
  InventoryStore,
  ListedHostname,
  ListPosition,
} from '../../app/ports/inventory-store.ts';
import type {
  HostnameDetail,
  HostnameRecord,
  HostnameStatus,
  LocationRecord,
} from '../../domain/inventory.ts';
import { mergeUsage, sourceCount } from '../../domain/usage.ts';

export interface MemoryInventoryStoreOptions {
  /** Items per atomic chunk, as the DynamoDB store cuts them. */
  chunkSize?: number;
  /** Called before each chunk is applied; throw from it to simulate a crash part-way through a batch. */
  beforeChunk?: (batchId: string, chunk: number) => void;
}

export class MemoryInventoryStore implements InventoryStore {
  readonly #hostnames = new Map<string, HostnameRecord>();
  readonly #locations = new Map<string, Map<string, LocationRecord>>();
  readonly #markers = new Set<string>();
  readonly #chunkSize: number;
  readonly #beforeChunk: MemoryInventoryStoreOptions['beforeChunk'];

  constructor(options: MemoryInventoryStoreOptions = {}) {
    this.#chunkSize = options.chunkSize ?? 99;
    this.#beforeChunk = options.beforeChunk;
  }

  async applyBatch({ batchId, aggregate }: BatchWrite): Promise<BatchWriteResult> {
    // Same unit of atomicity as DynamoDB: locations then summaries, sorted, cut into chunks.
    const writes: (() => void)[] = [
      ...aggregate.locations.map((location) => () => {
        const rows = this.#locations.get(location.hostname) ?? new Map<string, LocationRecord>();
        const key = `${location.firewall}#${location.availabilityZone}`;
        const stored = rows.get(key);
        rows.set(key, {
          firewall: location.firewall,
          availabilityZone: location.availabilityZone,
          usage: mergeUsage(stored?.usage, location.usage),
        });
        this.#locations.set(location.hostname, rows);
      }),
      ...aggregate.hostnames.map((summary) => () => {
        const stored = this.#hostnames.get(summary.hostname);
        this.#hostnames.set(summary.hostname, {
          hostname: summary.hostname,
          kind: summary.kind,
          status: stored?.status ?? 'observed',
          firewalls: [...new Set([...(stored?.firewalls ?? []), ...summary.firewalls])].sort(),
          availabilityZones: [
            ...new Set([...(stored?.availabilityZones ?? []), ...summary.availabilityZones]),
          ].sort(),
          usage: mergeUsage(stored?.usage, summary.usage),
        });
      }),
    ];
    const result: BatchWriteResult = { chunks: 0, duplicateChunks: 0, itemsWritten: 0 };
    for (let start = 0, chunk = 0; start < writes.length; start += this.#chunkSize, chunk++) {
      result.chunks++;
      const marker = `${batchId}#${chunk}`;
      if (this.#markers.has(marker)) {
        result.duplicateChunks++;
        continue;
      }
      this.#beforeChunk?.(batchId, chunk);
      const slice = writes.slice(start, start + this.#chunkSize);
      for (const write of slice) write();
      this.#markers.add(marker);
      result.itemsWritten += slice.length;
    }
    return result;
  }

  async getHostname(hostname: string): Promise<HostnameDetail | undefined> {
    const record = this.#hostnames.get(hostname);
    if (record === undefined) return undefined;
    const locations = [...(this.#locations.get(hostname)?.values() ?? [])].sort(
      (a, b) => compare(a.firewall, b.firewall) || compare(a.availabilityZone, b.availabilityZone),
    );
    return structuredClone({ ...record, locations });
  }

  async *exportHostnames(): AsyncIterable<HostnameDetail> {
    for (const hostname of [...this.#hostnames.keys()].sort(compare)) {
      const detail = await this.getHostname(hostname);
      if (detail !== undefined) yield detail;
    }
  }

  async *recentHostnames(since: number): AsyncIterable<HostnameRecord> {
    for (const record of this.#hostnames.values())
      if (record.usage.lastSeen >= since) yield structuredClone(record);
  }

  async getHostnames(hostnames: string[]): Promise<Map<string, HostnameRecord>> {
    const found = new Map<string, HostnameRecord>();
    for (const hostname of hostnames) {
      const record = this.#hostnames.get(hostname);
      if (record !== undefined) found.set(hostname, structuredClone(record));
    }
    return found;
  }

  async *listHostnames(listing: HostnameListing): AsyncIterable<ListedHostname> {
    // The same order as DynamoDB's index keys: the sort value, then the hostname. Hints are ignored.
    const direction = listing.order === 'asc' ? 1 : -1;
    const rows = [...this.#hostnames.values()]
      .map((record) => ({ position: positionOf(record, listing.sort), record }))
      .filter(
        ({ position }) =>
          listing.after === undefined || direction * comparePositions(position, listing.after) > 0,
      )
      .sort((a, b) => direction * comparePositions(a.position, b.position));
    for (const { position, record } of rows) yield { position, summary: summaryOf(record) };
  }

  async setHostnameStatus(hostnames: string[], status: HostnameStatus): Promise<void> {
    for (const hostname of hostnames) {
      const record = this.#hostnames.get(hostname);
      if (record !== undefined) record.status = status;
    }
  }
}

function positionOf(record: HostnameRecord, sort: HostnameListing['sort']): ListPosition {
  if (sort === 'hostname') return { hostname: record.hostname };
  return { hostname: record.hostname, value: sort === 'hits' ? record.usage.hits : record.usage.lastSeen };
}

function comparePositions(a: ListPosition, b: ListPosition): number {
  return (a.value ?? 0) - (b.value ?? 0) || compare(a.hostname, b.hostname);
}

function summaryOf(record: HostnameRecord): HostnameSummary {
  const { usage } = record;
  return {
    hostname: record.hostname,
    kind: record.kind,
    status: record.status,
    firewalls: [...record.firewalls],
    availabilityZones: [...record.availabilityZones],
    hits: usage.hits,
    allowed: usage.allowed,
    blocked: usage.blocked,
    protocols: [...usage.protocols],
    sources: sourceCount(usage),
    firstSeen: usage.firstSeen,
    lastSeen: usage.lastSeen,
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
