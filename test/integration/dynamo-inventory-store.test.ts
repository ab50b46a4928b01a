import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoInventoryStore } from '../../shared/adapters/dynamodb/dynamo-inventory-store.ts';
import {
  hitsKeyOf,
  INDEX,
  lastSeenKeyOf,
  listShardOf,
} from '../../shared/adapters/dynamodb/inventory-table.ts';
import { MemoryInventoryStore } from '../../shared/adapters/memory/memory-inventory-store.ts';
import { ingestBatch } from '../../shared/app/ingest-batch.ts';
import type { InventoryStore } from '../../shared/app/ports/inventory-store.ts';
import { generateFirewallMessages } from '../../shared/cli/demo-traffic.ts';
import { InventoryStoreError } from '../../shared/domain/errors.ts';
import type { HostnameDetail } from '../../shared/domain/inventory.ts';
import { createTestTable } from '../support/dynamodb.ts';

const NOW = Date.parse('2026-11-23T00:00:00Z');
const DAY = 86_400_000;

function traffic(seed: number, events: number, startTime = NOW - 3 * DAY) {
  return generateFirewallMessages({ events, seed, hostnames: 120, startTime, spanMs: 2 * DAY });
}

async function ingest(store: InventoryStore, batchId: string, events: ReturnType<typeof traffic>) {
  return ingestBatch({ store, now: () => NOW }, { batchId, events });
}

async function everything(store: InventoryStore): Promise<HostnameDetail[]> {
  const out: HostnameDetail[] = [];
  for await (const detail of store.exportHostnames()) out.push(detail);
  return out;
}

/** What one delivery of each batch must leave behind, computed by the in-memory twin. */
async function expectedAfter(batches: [string, ReturnType<typeof traffic>][]): Promise<HostnameDetail[]> {
  const memory = new MemoryInventoryStore();
  for (const [id, events] of batches) await ingest(memory, id, events);
  return everything(memory);
}

/**
 * Makes the client fail its n-th TransactWriteItems call, before or after DynamoDB applied it, and
 * counts the transactions that did commit (DynamoDB will hold their markers).
 */
function crashOnTransaction(client: DynamoDBDocumentClient, n: number, when: 'before' | 'after') {
  const counts = { calls: 0, committed: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'TransactWriteItemsCommand') return next(args);
      const call = ++counts.calls;
      if (call === n && when === 'before') throw new Error('injected crash before the write');
      const result = await next(args);
      counts.committed++;
      if (call === n && when === 'after') throw new Error('injected crash after the write');
      return result;
    },
    { step: 'initialize', name: `crash-${when}-${n}` },
  );
  return counts;
}

describe('DynamoInventoryStore against DynamoDB Local', () => {
  it('stores exactly what the in-memory model computes, with one write per unique key', async () => {
    const { store } = await createTestTable();
    const events = traffic(1, 3000);

    const result = await ingest(store, 'batch-1', events);

    const stored = await everything(store);
    expect(stored).toEqual(await expectedAfter([['batch-1', events]]));
    const uniqueKeys = stored.length + stored.reduce((n, h) => n + h.locations.length, 0);
    expect(result.itemsWritten).toBe(uniqueKeys);
    expect(result.chunks).toBe(Math.ceil(uniqueKeys / 99));
  });

  it('counts a batch delivered twice only once', async () => {
    const { store } = await createTestTable();
    const events = traffic(2, 1500);

    await ingest(store, 'batch-dup', events);
    const second = await ingest(store, 'batch-dup', events);

    expect(second.itemsWritten).toBe(0);
    expect(second.duplicateChunks).toBe(second.chunks);
    expect(await everything(store)).toEqual(await expectedAfter([['batch-dup', events]]));
  });

  it.each(['before', 'after'] as const)(
    'counts every event once when a delivery crashed %s its third transaction committed and was retried',
    async (when) => {
      const crashing = await createTestTable({ chunkSize: 20 });
      const transactions = crashOnTransaction(crashing.documentClient, 3, when);
      const events = traffic(3, 2000);

      await expect(ingest(crashing.store, 'batch-crash', events)).rejects.toThrow(/injected crash/);
      const committedByFirstDelivery = transactions.committed;
      const retry = new DynamoInventoryStore({
        client: crashing.documentClient,
        tableName: crashing.tableName,
        chunkSize: 20,
      });
      const retried = await ingest(retry, 'batch-crash', events);

      expect(committedByFirstDelivery).toBeGreaterThanOrEqual(when === 'after' ? 3 : 2);
      expect(retried.duplicateChunks).toBe(committedByFirstDelivery);
      expect(await everything(retry)).toEqual(await expectedAfter([['batch-crash', events]]));
    },
  );

  it('keeps the true first and last seen whatever order batches arrive in', async () => {
    const { store } = await createTestTable();
    const early = traffic(4, 400, NOW - 10 * DAY);
    const late = traffic(5, 400, NOW - 2 * DAY);

    await ingest(store, 'late', late);
    await ingest(store, 'early', early);

    expect(await everything(store)).toEqual(
      await expectedAfter([
        ['early', early],
        ['late', late],
      ]),
    );
  });

  it('loses no count when concurrent deliveries update the same hostnames', async () => {
    const { store } = await createTestTable();
    const batches: [string, ReturnType<typeof traffic>][] = [1, 2, 3, 4].map((n) => [
      `concurrent-${n}`,
      traffic(10 + n, 400),
    ]);

    await Promise.all(batches.map(([id, events]) => ingest(store, id, events)));

    expect(await everything(store)).toEqual(await expectedAfter(batches));
  });

  it('keeps listing-index keys equal to the stored totals', async () => {
    const { store, documentClient, tableName } = await createTestTable();
    await ingest(store, 'keys-1', traffic(20, 800));
    await ingest(store, 'keys-2', traffic(21, 800));
    const sample = (await everything(store)).slice(0, 5);

    for (const detail of sample) {
      const shard = listShardOf(detail.hostname);
      const byHits = await documentClient.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: INDEX.byHits,
          KeyConditionExpression: 'listShard = :shard AND hitsKey = :key',
          ExpressionAttributeValues: {
            ':shard': shard,
            ':key': hitsKeyOf(detail.usage.hits, detail.hostname),
          },
        }),
      );
      const byLastSeen = await documentClient.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: INDEX.byLastSeen,
          KeyConditionExpression: 'listShard = :shard AND lastSeenKey = :key',
          ExpressionAttributeValues: {
            ':shard': shard,
            ':key': lastSeenKeyOf(detail.usage.lastSeen, detail.hostname),
          },
        }),
      );
      expect(byHits.Items).toHaveLength(1);
      expect(byLastSeen.Items).toHaveLength(1);
    }
  });

  it('reports storage failures as InventoryStoreError naming the batch and keeping the cause', async () => {
    const { documentClient } = await createTestTable();
    const store = new DynamoInventoryStore({ client: documentClient, tableName: 'no-such-table-here' });

    const failure = await ingest(store, 'lost', traffic(30, 50)).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(InventoryStoreError);
    expect((failure as Error).message).toMatch(/batch lost.*ResourceNotFoundException/);
    expect((failure as Error).cause).toBeDefined();
  });
});
