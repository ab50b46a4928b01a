// Benchmark sections `writes` and `endToEnd`: requests the DynamoDB store sends per batch, and ingest into DynamoDB Local.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, createDynamoClient } from '../../shared/adapters/dynamodb/document-client.ts';
import {
  DynamoInventoryStore,
  type DynamoInventoryStoreOptions,
} from '../../shared/adapters/dynamodb/dynamo-inventory-store.ts';
import { ensureInventoryTable } from '../../shared/adapters/dynamodb/ensure-table.ts';
import { ingestBatch } from '../../shared/app/ingest-batch.ts';
import { ingestSubscriptionBatch } from '../../shared/app/ingest-subscription.ts';
import { awslogsEvent, dataMessage, generateFirewallMessages } from '../../shared/cli/demo-traffic.ts';
import { BatchAggregator } from '../../shared/domain/batch-aggregate.ts';
import { createRecordMemo, parseFirewallRecord } from '../../shared/domain/firewall-record.ts';
import { decodeAwslogsData } from '../../shared/domain/subscription-payload.ts';
import { thousands } from './ingest-throughput.ts';
import { type BenchSection, benchTable } from './section.ts';

/** What the store asked of DynamoDB, counted by a middleware on its document client. */
export interface RequestCounts {
  /** TransactWriteItems calls. */
  transactions: number;
  /** Item writes inside them (each Update and the chunk marker's Put): DynamoDB's write requests. */
  writeRequests: number;
  /** BatchGetItem calls and the keys they asked for. */
  batchGets: number;
  readKeys: number;
  /** Sum of ConsumedCapacity.CapacityUnits as DynamoDB Local reports them (ReturnConsumedCapacity=TOTAL). */
  consumedWriteUnits: number;
  consumedReadUnits: number;
  /** Any other command, by name. */
  other: Record<string, number>;
}

export interface WriteFigures {
  events: number;
  /** Distinct inventory keys the batch touches: hostname × firewall × zone rows plus hostname summaries. */
  uniqueKeys: number;
  /** Item writes; exactly once per unique key plus one marker per chunk. */
  writeRequests: number;
  markers: number;
  transactions: number;
  batchGets: number;
  consumedWriteUnits: number;
  /** writeRequests === uniqueKeys + markers */
  writesMatchKeys: boolean;
  /** The same batch delivered again: it must write nothing. */
  redeliveryWriteRequests: number;
  redeliveryReadRequests: number;
  ms: number;
}

export interface EndToEndFigures {
  events: number;
  batches: number;
  eventsPerSec: number;
  writeRequests: number;
  transactions: number;
  batchGets: number;
  readKeys: number;
  consumedWriteUnits: number;
  consumedReadUnits: number;
  itemsWritten: number;
  ms: number;
  storeConcurrency: number;
}

const START = Date.UTC(2026, 10, 16);
const NOW = START + 48 * 3_600_000;

export const writesSection: BenchSection<WriteFigures[]> = {
  key: 'writes',
  title: 'DynamoDB writes per batch (DynamoDB Local, counted by an SDK middleware)',
  async run(options) {
    const endpoint = await options.dynamoDbEndpoint();
    const figures: WriteFigures[] = [];
    for (const events of options.quick ? [1000] : [1000, 5000, 10_000]) {
      const table = await newTable(endpoint);
      const messages = generateFirewallMessages({ events, seed: 100 + events, startTime: START });
      const batchId = `bench-${events}`;
      const started = performance.now();
      table.counter.reset();
      const result = await ingestBatch({ store: table.store, now: () => NOW }, { batchId, events: messages });
      const ms = performance.now() - started;
      const first = table.counter.snapshot();
      table.counter.reset();
      await ingestBatch({ store: table.store, now: () => NOW }, { batchId, events: messages });
      const again = table.counter.snapshot();
      table.close();
      const uniqueKeys = countUniqueKeys(messages);
      figures.push({
        events,
        uniqueKeys,
        writeRequests: first.writeRequests,
        markers: result.chunks,
        transactions: first.transactions,
        batchGets: first.batchGets,
        consumedWriteUnits: first.consumedWriteUnits,
        writesMatchKeys: first.writeRequests === uniqueKeys + result.chunks,
        redeliveryWriteRequests: again.writeRequests,
        redeliveryReadRequests: again.batchGets,
        ms: Math.round(ms),
      });
    }
    return figures;
  },
  table(figures) {
    return [
      ...benchTable(
        [
          'events',
          'unique keys',
          'write requests',
          '= keys + markers',
          'transactions',
          'batch gets',
          'WCU (Local)',
          'redelivered: writes, reads',
          'ms',
        ],
        figures.map((f) => [
          String(f.events),
          thousands(f.uniqueKeys),
          thousands(f.writeRequests),
          `${f.writesMatchKeys ? 'yes' : 'NO'} (${f.markers} markers)`,
          String(f.transactions),
          String(f.batchGets),
          thousands(f.consumedWriteUnits),
          `${f.redeliveryWriteRequests}, ${f.redeliveryReadRequests}`,
          thousands(f.ms),
        ]),
      ),
      'Write requests do not grow with events, only with unique keys (plus one marker per chunk of ≤ 99).',
    ];
  },
};

export const endToEndSection: BenchSection<EndToEndFigures> = {
  key: 'endToEnd',
  title: 'End-to-end ingest into DynamoDB Local (awslogs.data -> inventory)',
  async run(options) {
    const events = options.quick ? 20_000 : 100_000;
    return ingestEndToEnd(await options.dynamoDbEndpoint(), events, 5000, {});
  },
  table(f) {
    return [
      `${thousands(f.events)} events in ${f.batches} batches: ${thousands(f.eventsPerSec)} events/s (${thousands(f.ms)} ms), ` +
        `store concurrency ${f.storeConcurrency}`,
      `${thousands(f.writeRequests)} write requests (${thousands(f.itemsWritten)} inventory items + ${thousands(f.writeRequests - f.itemsWritten)} chunk markers) in ` +
        `${thousands(f.transactions)} transactions; ${thousands(f.batchGets)} BatchGetItem calls for ${thousands(f.readKeys)} keys`,
      `consumed capacity as DynamoDB Local reports it: ${thousands(f.consumedWriteUnits)} write units, ` +
        `${thousands(f.consumedReadUnits)} read units (Local's figures, not AWS's transactional pricing)`,
    ];
  },
};

export const dynamoSections = [writesSection, endToEndSection];

/** Decodes and ingests `events` events delivered as CloudWatch Logs batches of `batchSize`, one after another. */
export async function ingestEndToEnd(
  endpoint: string,
  events: number,
  batchSize: number,
  storeOptions: Partial<DynamoInventoryStoreOptions>,
): Promise<EndToEndFigures> {
  const table = await newTable(endpoint, storeOptions);
  const messages = generateFirewallMessages({ events, seed: 42, startTime: START, spanMs: 24 * 3_600_000 });
  const payloads: string[] = [];
  for (let first = 0, batch = 0; first < events; first += batchSize, batch++) {
    payloads.push(
      awslogsEvent(dataMessage(messages.slice(first, first + batchSize), { batchNumber: batch })).awslogs
        .data,
    );
  }
  table.counter.reset();
  let itemsWritten = 0;
  const started = performance.now();
  for (const data of payloads) {
    const result = await ingestSubscriptionBatch(
      { store: table.store, now: () => NOW },
      decodeAwslogsData(data),
    );
    if (!result.control) itemsWritten += result.itemsWritten;
  }
  const ms = performance.now() - started;
  const counts = table.counter.snapshot();
  table.close();
  return {
    events,
    batches: payloads.length,
    eventsPerSec: Math.round(events / (ms / 1000)),
    writeRequests: counts.writeRequests,
    transactions: counts.transactions,
    batchGets: counts.batchGets,
    readKeys: counts.readKeys,
    consumedWriteUnits: counts.consumedWriteUnits,
    consumedReadUnits: counts.consumedReadUnits,
    itemsWritten,
    ms: Math.round(ms),
    storeConcurrency: storeOptions.concurrency ?? 4,
  };
}

export interface BenchTable {
  tableName: string;
  client: DynamoDBDocumentClient;
  store: DynamoInventoryStore;
  counter: RequestCounter;
  close(): void;
}

/** A fresh inventory table in the engine at `endpoint`, with a store that counts its requests. */
export async function newTable(
  endpoint: string,
  storeOptions: Partial<DynamoInventoryStoreOptions> = {},
): Promise<BenchTable> {
  const tableName = `inventory-bench-${randomUUID()}`;
  const admin = createDynamoClient({ endpoint });
  await ensureInventoryTable(admin, tableName);
  admin.destroy();
  const client = createDocumentClient({ endpoint });
  const counter = countRequests(client);
  const store = new DynamoInventoryStore({ ...storeOptions, client, tableName });
  return { tableName, client, store, counter, close: () => client.destroy() };
}

/** Distinct keys (rows and summaries) the batch's observations fall on, as the aggregator folds them. */
function countUniqueKeys(messages: { message: string; timestamp: number }[]): number {
  const aggregator = new BatchAggregator();
  const context = { now: NOW, memo: createRecordMemo(), logTimestamp: undefined as number | undefined };
  for (const { message, timestamp } of messages) {
    context.logTimestamp = timestamp;
    const parsed = parseFirewallRecord(message, context);
    if (parsed.ok) for (const observation of parsed.observations) aggregator.add(observation);
  }
  const { locations, hostnames } = aggregator.result();
  return locations.length + hostnames.length;
}

interface RequestCounter {
  reset(): void;
  snapshot(): RequestCounts;
}

/**
 * Adds a middleware to the document client that counts every command it sends and asks DynamoDB for
 * the capacity each TransactWriteItems and BatchGetItem consumed. Test instrumentation only.
 */
export function countRequests(client: DynamoDBDocumentClient): RequestCounter {
  let counts = emptyCounts();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      const command = context.commandName ?? 'unknown';
      if (command === 'TransactWriteItemsCommand') {
        counts.transactions++;
        counts.writeRequests += (input.TransactItems as unknown[] | undefined)?.length ?? 0;
        input.ReturnConsumedCapacity = 'TOTAL';
      } else if (command === 'BatchGetItemCommand') {
        counts.batchGets++;
        for (const request of Object.values(
          (input.RequestItems ?? {}) as Record<string, { Keys?: unknown[] }>,
        )) {
          counts.readKeys += request.Keys?.length ?? 0;
        }
        input.ReturnConsumedCapacity = 'TOTAL';
      } else {
        counts.other[command] = (counts.other[command] ?? 0) + 1;
      }
      const result = await next(args);
      const consumed =
        (result.output as { ConsumedCapacity?: { CapacityUnits?: number }[] }).ConsumedCapacity ?? [];
      const units = consumed.reduce((sum, entry) => sum + (entry.CapacityUnits ?? 0), 0);
      if (command === 'TransactWriteItemsCommand') counts.consumedWriteUnits += units;
      if (command === 'BatchGetItemCommand') counts.consumedReadUnits += units;
      return result;
    },
    { step: 'initialize', name: 'benchRequestCounter' },
  );
  return {
    reset: () => {
      counts = emptyCounts();
    },
    snapshot: () => ({ ...counts, other: { ...counts.other } }),
  };
}

function emptyCounts(): RequestCounts {
  return {
    transactions: 0,
    writeRequests: 0,
    batchGets: 0,
    readKeys: 0,
    consumedWriteUnits: 0,
    consumedReadUnits: 0,
    other: {},
  };
}
