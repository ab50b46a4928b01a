// Runs files through the CLI's reader and the ingest use case into an in-memory store, for tests.
import { MemoryInventoryStore } from '../../shared/adapters/memory/memory-inventory-store.ts';
import { countRejection, ingestBatch, type RejectionCounts } from '../../shared/app/ingest-batch.ts';
import { ingestSubscriptionBatch } from '../../shared/app/ingest-subscription.ts';
import { readLogFile } from '../../shared/cli/log-files.ts';
import type { RecordContext, RecordRejection } from '../../shared/domain/firewall-record.ts';
import type { HostnameDetail } from '../../shared/domain/inventory.ts';

export interface FileIngest {
  events: number;
  controlMessages: number;
  failedBatches: string[];
  rejected: RejectionCounts;
  hostnames: HostnameDetail[];
}

export async function ingestFileInMemory(
  path: string,
  options: { now: number; defaults?: RecordContext['defaults'] },
): Promise<FileIngest> {
  const store = new MemoryInventoryStore();
  const deps = { store, now: () => options.now };
  const result: FileIngest = {
    events: 0,
    controlMessages: 0,
    failedBatches: [],
    rejected: { total: 0, byReason: {} },
    hostnames: [],
  };
  for await (const unit of readLogFile(path)) {
    if (unit.kind === 'failed') {
      result.failedBatches.push(unit.error.message);
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
    result.events += ingested.events;
    for (const [reason, count] of Object.entries(ingested.rejected.byReason)) {
      countRejection(result.rejected, reason as RecordRejection, count ?? 0);
    }
  }
  for await (const detail of store.exportHostnames()) result.hostnames.push(detail);
  return result;
}
