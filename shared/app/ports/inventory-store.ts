// The port to the hostname inventory: what the use cases need from storage, nothing about how it is kept.
import type { BatchAggregate } from '../../domain/batch-aggregate.ts';
import type { HostnameKind } from '../../domain/hostname.ts';
import type { HostnameDetail, HostnameRecord, HostnameStatus } from '../../domain/inventory.ts';
import type { Protocol } from '../../domain/observation.ts';

export interface BatchWrite {
  /** Stable across redeliveries of the same batch: the key of exactly-once counting. */
  batchId: string;
  aggregate: BatchAggregate;
}

export interface BatchWriteResult {
  /** Units the batch was written in (the store's own atomic unit, e.g. one DynamoDB transaction). */
  chunks: number;
  /** Chunks found already applied by an earlier delivery and skipped. */
  duplicateChunks: number;
  /** Inventory items written (excluding the batch's own markers). */
  itemsWritten: number;
}

/** The orders a listing walks: most recent or most used first (or last), or by name. */
export type HostnameSortField = 'lastSeen' | 'hits' | 'hostname';
export type SortOrder = 'asc' | 'desc';

/**
 * Where a listing stands: the sort value (epoch ms of `lastSeen`, or `hits`; absent when sorting by
 * hostname) and the hostname that breaks ties. Unique per hostname, so a walk resumes exactly after it.
 */
export interface ListPosition {
  hostname: string;
  value?: number;
}

/** A hostname as listings show it: its totals without the per-day counts and the source sketch. */
export interface HostnameSummary {
  hostname: string;
  kind: HostnameKind;
  status: HostnameStatus;
  firewalls: string[];
  availabilityZones: string[];
  hits: number;
  allowed: number;
  blocked: number;
  protocols: Protocol[];
  /** Distinct sources (exact when small, estimated when large). */
  sources: number;
  /** Epoch ms. */
  firstSeen: number;
  lastSeen: number;
}

export interface HostnameListing {
  sort: HostnameSortField;
  order: SortOrder;
  /** Resume strictly after this position (as an earlier walk of the same listing yielded it). */
  after?: ListPosition | undefined;
  /**
   * Hints that let a store skip hostnames before reading their summaries (it may ignore them): the
   * caller checks every summary it gets against its filters all the same.
   */
  status?: HostnameStatus | undefined;
  hostnameMatches?: ((hostname: string) => boolean) | undefined;
  /** How many summaries the caller expects to take before it stops: sizes the first reads. */
  expected?: number | undefined;
}

/** One step of a walk: the position reached and its summary, or undefined where the store skipped it. */
export interface ListedHostname {
  position: ListPosition;
  summary: HostnameSummary | undefined;
}

/**
 * Keeps the hostname inventory. `applyBatch` must count each batch exactly once, however often it is
 * delivered and wherever an earlier delivery stopped.
 */
export interface InventoryStore {
  applyBatch(write: BatchWrite): Promise<BatchWriteResult>;
  /** One hostname with every firewall × zone row, or undefined when it was never seen. */
  getHostname(hostname: string): Promise<HostnameDetail | undefined>;
  /** Every hostname with its rows, in hostname order; for exports, never for a request path. */
  exportHostnames(): AsyncIterable<HostnameDetail>;
  /** The summaries of hostnames last seen at or after `since` (epoch ms), in no particular order. */
  recentHostnames(since: number): AsyncIterable<HostnameRecord>;
  /** The summaries that exist among `hostnames`. */
  getHostnames(hostnames: string[]): Promise<Map<string, HostnameRecord>>;
  /**
   * Walks the summaries in `sort` then hostname order, ascending or descending, from `after` on, reading
   * as the caller pulls; stop pulling to stop reading. Never scans the whole store for one page.
   */
  listHostnames(listing: HostnameListing): AsyncIterable<ListedHostname>;
  /** Records the lifecycle status of hostnames an entry covers (shown and filtered on by readers). */
  setHostnameStatus(hostnames: string[], status: HostnameStatus): Promise<void>;
}
