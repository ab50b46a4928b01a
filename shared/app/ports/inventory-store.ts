// The port to the hostname inventory: what the use cases need from storage, nothing about how it is kept.
import type { BatchAggregate } from '../../domain/batch-aggregate.ts';
import type { HostnameDetail, HostnameRecord, HostnameStatus } from '../../domain/inventory.ts';

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
  /** Records the lifecycle status of hostnames an entry covers (shown and filtered on by readers). */
  setHostnameStatus(hostnames: string[], status: HostnameStatus): Promise<void>;
}
