// Use case: turn one batch of firewall log messages into inventory counts, exactly once.

import { BatchAggregator } from '../domain/batch-aggregate.ts';
import {
  countEncodedFirewallRecord,
  countFirewallRecord,
  createRecordMemo,
  type RecordContext,
  type RecordRejection,
} from '../domain/firewall-record.ts';
import { EncodedLogEvents } from '../domain/subscription-scanner.ts';
import type { InventoryStore } from './ports/inventory-store.ts';

export interface IngestDeps {
  store: Pick<InventoryStore, 'applyBatch'>;
  /** Epoch milliseconds. */
  now: () => number;
}

export interface IngestInput {
  /** Stable across redeliveries (see batchIdOf); a redelivered batch is counted once. */
  batchId: string;
  /**
   * Log messages with their CloudWatch Logs timestamps; `undefined` stands for an unreadable entry. Or
   * the log events of a decoded payload, read in place (see encodedLogEventsOf).
   */
  events: Iterable<{ message: string; timestamp?: number | undefined } | undefined> | EncodedLogEvents;
  /** Firewall and zone for bare Suricata EVE lines (CLI imports). */
  defaults?: RecordContext['defaults'];
}

export interface RejectionCounts {
  total: number;
  byReason: Partial<Record<RecordRejection, number>>;
}

export interface IngestResult {
  events: number;
  /** Events that named at least one hostname (events = accepted + rejected.total). */
  accepted: number;
  /** Hits counted: the accepted events' observations, the records of one connection counted once. */
  observations: number;
  /** Distinct hostnames in the batch, sorted. */
  hostnames: string[];
  rejected: RejectionCounts;
  /** Inventory items written; 0 when every chunk had already been counted by an earlier delivery. */
  itemsWritten: number;
  chunks: number;
  duplicateChunks: number;
}

/**
 * Parses every message (one bad record never costs another), aggregates per key, and writes one
 * update per key through the store's exactly-once `applyBatch`.
 *
 * @example
 * const result = await ingestBatch({ store, now: Date.now }, { batchId: batchIdOf(batch), events: batch.logEvents });
 */
export async function ingestBatch(deps: IngestDeps, input: IngestInput): Promise<IngestResult> {
  const aggregator = new BatchAggregator(input.events instanceof EncodedLogEvents ? input.events.count : 0);
  const rejected: RejectionCounts = { total: 0, byReason: {} };
  const context: RecordContext = {
    now: deps.now(),
    defaults: input.defaults,
    logTimestamp: undefined,
    memo: createRecordMemo(),
  };
  let events = 0;
  let accepted = 0;
  const count = (rejection: RecordRejection | undefined) => {
    if (rejection === undefined) accepted++;
    else countRejection(rejected, rejection);
  };
  if (input.events instanceof EncodedLogEvents) {
    const encoded = input.events;
    events = encoded.count;
    for (let i = 0; i < encoded.count; i++) {
      context.logTimestamp = encoded.timestamp(i);
      count(countEncodedFirewallRecord(encoded, i, context, aggregator));
    }
  } else {
    for (const event of input.events) {
      events++;
      if (event === undefined) {
        countRejection(rejected, 'invalid_log_event');
        continue;
      }
      context.logTimestamp = event.timestamp;
      count(countFirewallRecord(event.message, context, aggregator));
    }
  }
  const aggregate = aggregator.result();
  const written =
    aggregate.hostnames.length === 0
      ? { chunks: 0, duplicateChunks: 0, itemsWritten: 0 }
      : await deps.store.applyBatch({ batchId: input.batchId, aggregate });
  return {
    events,
    accepted,
    observations: aggregate.observations,
    hostnames: aggregate.hostnames.map((h) => h.hostname),
    rejected,
    ...written,
  };
}

export function countRejection(counts: RejectionCounts, reason: RecordRejection, by = 1): void {
  counts.total += by;
  counts.byReason[reason] = (counts.byReason[reason] ?? 0) + by;
}
