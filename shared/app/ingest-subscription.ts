// Use case: one decoded CloudWatch Logs subscription batch -> inventory (control messages acknowledged).

import { batchIdOf, encodedLogEventsOf, type SubscriptionBatch } from '../domain/subscription-payload.ts';
import { type IngestDeps, type IngestResult, ingestBatch } from './ingest-batch.ts';

export type SubscriptionResult = { control: true } | ({ control: false; batchId: string } & IngestResult);

/**
 * Counts every log event of a DATA_MESSAGE once, keyed by the batch's stable identity; a
 * CONTROL_MESSAGE (CloudWatch Logs checking it can reach the destination) changes nothing.
 */
export async function ingestSubscriptionBatch(
  deps: IngestDeps,
  batch: SubscriptionBatch,
): Promise<SubscriptionResult> {
  if (batch.messageType === 'CONTROL_MESSAGE') return { control: true };
  const batchId = batchIdOf(batch);
  // Read in place when the batch was decoded from its payload: its message strings are never built.
  const result = await ingestBatch(deps, { batchId, events: encodedLogEventsOf(batch) ?? batch.logEvents });
  return { control: false, batchId, ...result };
}
