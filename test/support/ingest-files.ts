// Runs a file through the CLI's reader and the ingest use cases into an in-memory store, for tests.
import { MemoryInventoryStore } from '../../shared/adapters/memory/memory-inventory-store.ts';
import type { RejectionCounts } from '../../shared/app/ingest-batch.ts';
import { ingestFiles } from '../../shared/cli/ingest-files.ts';
import type { RecordContext } from '../../shared/domain/firewall-record.ts';
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
  const result = await ingestFiles([path], { store, now: () => options.now }, { defaults: options.defaults });
  const hostnames: HostnameDetail[] = [];
  for await (const detail of store.exportHostnames()) hostnames.push(detail);
  return {
    events: result.totals.events,
    controlMessages: result.controlMessages,
    failedBatches: result.failures.map((failure) => failure.message),
    rejected: result.totals.rejected,
    hostnames,
  };
}
