import { describe, expect, it } from 'vitest';
import { MemoryInventoryStore } from '../../../shared/adapters/memory/memory-inventory-store.ts';
import { ingestBatch } from '../../../shared/app/ingest-batch.ts';
import { generateFirewallMessages } from '../../../shared/cli/demo-traffic.ts';
import type { HostnameDetail } from '../../../shared/domain/inventory.ts';
import { eventText } from '../../support/fixtures.ts';

const NOW = Date.parse('2026-11-23T00:00:00Z');

async function exported(store: MemoryInventoryStore): Promise<HostnameDetail[]> {
  const out: HostnameDetail[] = [];
  for await (const detail of store.exportHostnames()) out.push(detail);
  return out;
}

describe('ingestBatch', () => {
  it('counts every good record of a batch however many bad ones surround it', async () => {
    const store = new MemoryInventoryStore();
    const good = eventText('ingest/records/alert-tls-blocked.json');
    const events = [
      { message: good },
      { message: good.slice(0, 50) },
      { message: 'plain text' },
      undefined,
      { message: '{"status":"info"}' },
      { message: good.replace('www.google.com', '<img src=x onerror=alert(1)>') },
      { message: good, timestamp: 1 },
    ];

    const result = await ingestBatch({ store, now: () => NOW }, { batchId: 'mixed', events });

    expect(result.events).toBe(7);
    expect(result.observations).toBe(2);
    expect(result.rejected).toEqual({
      total: 5,
      byReason: { not_json: 2, invalid_log_event: 1, not_firewall_record: 1, hostname_invalid_character: 1 },
    });
    expect((await store.getHostname('www.google.com'))?.usage.hits).toBe(2);
  });

  it('accounts for every event exactly once: observed or rejected', async () => {
    const store = new MemoryInventoryStore();
    const events = generateFirewallMessages({
      events: 10_000,
      seed: 3,
      startTime: NOW - 86_400_000,
      malformedRate: 0.05,
    });

    const result = await ingestBatch({ store, now: () => NOW }, { batchId: 'big', events });

    const hits = (await exported(store)).reduce((sum, h) => sum + h.usage.hits, 0);
    expect(result.events).toBe(10_000);
    expect(hits).toBe(result.observations);
    expect(result.observations + result.rejected.total).toBe(10_000);
    expect(result.rejected.total).toBeGreaterThan(300);
  });

  it('counts a redelivered batch once, and a retry after a crash counts only what was missing', async () => {
    const events = generateFirewallMessages({ events: 2_000, seed: 4, startTime: NOW - 86_400_000 });
    const reference = new MemoryInventoryStore();
    await ingestBatch({ store: reference, now: () => NOW }, { batchId: 'b', events });
    let crashes = 1;
    const store = new MemoryInventoryStore({
      chunkSize: 25,
      beforeChunk: (_batch, chunk) => {
        if (chunk === 3 && crashes-- > 0) throw new Error('crash');
      },
    });

    await expect(ingestBatch({ store, now: () => NOW }, { batchId: 'b', events })).rejects.toThrow('crash');
    const retry = await ingestBatch({ store, now: () => NOW }, { batchId: 'b', events });
    const again = await ingestBatch({ store, now: () => NOW }, { batchId: 'b', events });

    expect(retry.duplicateChunks).toBe(3);
    expect(again.itemsWritten).toBe(0);
    expect(await exported(store)).toEqual(await exported(reference));
  });

  it('writes nothing for a batch without a single hostname', async () => {
    const store = new MemoryInventoryStore();

    const result = await ingestBatch(
      { store, now: () => NOW },
      { batchId: 'empty', events: [{ message: 'x' }] },
    );

    expect(result).toMatchObject({ chunks: 0, itemsWritten: 0, hostnames: [] });
  });
});
