// Runs log files through the ingest use cases, batch by batch, and adds up what happened (ingest and serve).
import { countRejection, type IngestDeps, ingestBatch, type RejectionCounts } from '../app/ingest-batch.ts';
import { ingestSubscriptionBatch } from '../app/ingest-subscription.ts';
import type { RecordContext, RecordRejection } from '../domain/firewall-record.ts';
import { readLogFile } from './log-files.ts';

export interface IngestTotals {
  events: number;
  observations: number;
  /** Distinct hostnames across every file. */
  hostnames: number;
  rejected: RejectionCounts;
}

export interface FilesIngest {
  totals: IngestTotals;
  /** Batches (or whole files) that could not be read, with why. */
  failures: { file: string; message: string }[];
  /** Batches every chunk of which an earlier import had already counted. */
  alreadyCounted: number;
  controlMessages: number;
}

export interface FilesIngestOptions {
  /** Firewall and zone for bare Suricata EVE lines. */
  defaults?: RecordContext['defaults'];
  onProgress?: (fileIndex: number, bytesRead: number, eventsSoFar: number) => void;
  /** Called as each failure happens (the result lists them too). */
  onFailure?: (file: string, message: string) => void;
}

/**
 * Ingests every file: subscription batches through the subscription use case, raw record lines in
 * batches through ingestBatch. A file or batch that cannot be read is reported and the rest goes on.
 */
export async function ingestFiles(
  files: string[],
  deps: IngestDeps,
  options: FilesIngestOptions = {},
): Promise<FilesIngest> {
  const hostnames = new Set<string>();
  const result: FilesIngest = {
    totals: { events: 0, observations: 0, hostnames: 0, rejected: { total: 0, byReason: {} } },
    failures: [],
    alreadyCounted: 0,
    controlMessages: 0,
  };
  const fail = (file: string, message: string) => {
    result.failures.push({ file, message });
    options.onFailure?.(file, message);
  };
  for (const [index, file] of files.entries()) {
    try {
      for await (const unit of readLogFile(file, {
        onProgress: (bytes) => options.onProgress?.(index, bytes, result.totals.events),
      })) {
        if (unit.kind === 'failed') {
          fail(file, unit.error.message);
          continue;
        }
        const ingested =
          unit.kind === 'subscription'
            ? await ingestSubscriptionBatch(deps, unit.batch)
            : {
                control: false as const,
                ...(await ingestBatch(deps, {
                  batchId: unit.batchId,
                  events: unit.messages.map((message) => ({ message })),
                  defaults: options.defaults,
                })),
              };
        if (ingested.control) {
          result.controlMessages++;
          continue;
        }
        if (ingested.chunks > 0 && ingested.duplicateChunks === ingested.chunks) result.alreadyCounted++;
        result.totals.events += ingested.events;
        result.totals.observations += ingested.observations;
        for (const hostname of ingested.hostnames) hostnames.add(hostname);
        for (const [reason, count] of Object.entries(ingested.rejected.byReason)) {
          countRejection(result.totals.rejected, reason as RecordRejection, count ?? 0);
        }
      }
    } catch (error) {
      fail(file, (error as Error).message);
    }
  }
  result.totals.hostnames = hostnames.size;
  return result;
}
