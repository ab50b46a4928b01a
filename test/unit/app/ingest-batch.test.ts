import { describe, expect, it } from 'vitest';
import { MemoryInventoryStore } from '../../../shared/adapters/memory/memory-inventory-store.ts';
import { ingestBatch } from '../../../shared/app/ingest-batch.ts';
import { generateFirewallMessages } from '../../../shared/cli/demo-traffic.ts';
import type { HostnameDetail } from '../../../shared/domain/inventory.ts';
import { eventJson, eventText } from '../../support/fixtures.ts';

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

    // The record and its copy with another log timestamp are one connection (same flow_id): one hit.
    expect(result.events).toBe(7);
    expect(result.accepted).toBe(2);
    expect(result.observations).toBe(1);
    expect(result.rejected).toEqual({
      total: 5,
      byReason: { not_json: 2, invalid_log_event: 1, not_firewall_record: 1, hostname_invalid_character: 1 },
    });
    expect((await store.getHostname('www.google.com'))?.usage.hits).toBe(1);
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
    expect(result.accepted + result.rejected.total).toBe(10_000);
    // Blocked connections are logged twice (observe alert + drop) and counted once.
    expect(result.observations).toBeLessThan(result.accepted);
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

  describe('counts a connection once', () => {
    const record = (changes: {
      flowId?: number;
      action?: string;
      sni?: string;
      time?: string;
      src?: string;
    }) => {
      const parsed = eventJson<{ event: Record<string, unknown> }>('ingest/records/alert-tls-blocked.json');
      const event = parsed.event as {
        flow_id?: number;
        alert: { action: string };
        tls: { sni: string };
        timestamp: string;
        src_ip?: string;
      };
      if (changes.flowId === undefined) delete event.flow_id;
      else event.flow_id = changes.flowId;
      if (changes.action !== undefined) event.alert.action = changes.action;
      if (changes.sni !== undefined) event.tls.sni = changes.sni;
      if (changes.time !== undefined) event.timestamp = changes.time;
      if (changes.src !== undefined) event.src_ip = changes.src;
      return { message: JSON.stringify(parsed) };
    };
    const ingest = async (events: { message: string }[]) => {
      const store = new MemoryInventoryStore();
      const result = await ingestBatch({ store, now: () => NOW }, { batchId: 'flows', events });
      return { result, hostnames: await exported(store) };
    };

    it('counts the observe alert and the drop of one blocked connection as one blocked hit', async () => {
      const { result, hostnames } = await ingest([
        record({ flowId: 7, action: 'allowed', time: '2021-09-09T08:48:08.200000+0000' }),
        record({ flowId: 7, action: 'blocked', time: '2021-09-09T08:48:08.100000+0000' }),
      ]);

      expect(result).toMatchObject({ accepted: 2, observations: 1 });
      expect(hostnames[0]?.usage).toMatchObject({
        hits: 1,
        allowed: 0,
        blocked: 1,
        firstSeen: Date.parse('2021-09-09T08:48:08.100Z'),
        lastSeen: Date.parse('2021-09-09T08:48:08.100Z'),
      });
    });

    it('counts two allowed records of one connection as one allowed hit', async () => {
      const { hostnames } = await ingest([
        record({ flowId: 7, action: 'allowed' }),
        record({ flowId: 7, action: 'allowed' }),
      ]);

      expect(hostnames[0]?.usage).toMatchObject({ hits: 1, allowed: 1, blocked: 0 });
    });

    it('counts records without a flow ID one hit each', async () => {
      const { hostnames } = await ingest([record({ action: 'allowed' }), record({ action: 'blocked' })]);

      expect(hostnames[0]?.usage).toMatchObject({ hits: 2, allowed: 1, blocked: 1 });
    });

    it('counts each hostname named in one flow as an observation of its own', async () => {
      const { result, hostnames } = await ingest([
        record({ flowId: 7, sni: 'a.example.com' }),
        record({ flowId: 7, sni: 'b.example.com' }),
      ]);

      expect(result.observations).toBe(2);
      expect(hostnames.map((h) => [h.hostname, h.usage.hits])).toEqual([
        ['a.example.com', 1],
        ['b.example.com', 1],
      ]);
    });

    it('takes the source from whichever record of the connection has one', async () => {
      const { hostnames } = await ingest([
        record({ flowId: 7, src: 'not an address' }),
        record({ flowId: 7, src: '10.0.0.9' }),
      ]);

      expect(hostnames[0]?.usage.sources.sample).toEqual(['10.0.0.9']);
    });
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
