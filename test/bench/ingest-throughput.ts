// Benchmark section `ingest`: CPU throughput of decode -> parse -> normalise -> aggregate against a floor and a naive baseline.
import { isDeepStrictEqual } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { ingestBatch } from '../../shared/app/ingest-batch.ts';
import { ingestSubscriptionBatch } from '../../shared/app/ingest-subscription.ts';
import type { InventoryStore } from '../../shared/app/ports/inventory-store.ts';
import { awslogsEvent, dataMessage, generateFirewallMessages } from '../../shared/cli/demo-traffic.ts';
import { BatchAggregator } from '../../shared/domain/batch-aggregate.ts';
import {
  createRecordMemo,
  type ParsedRecord,
  parseFirewallRecord,
  parseFirewallRecordReference,
  type RecordContext,
} from '../../shared/domain/firewall-record.ts';
import { decodeAwslogsData } from '../../shared/domain/subscription-payload.ts';
import { corpusMessages } from './corpus-records.ts';
import type { BenchOptions, BenchSection } from './section.ts';
import { medianRatio, timeInterleaved } from './timing.ts';

export interface IngestFigures {
  events: number;
  /** decodeAwslogsData -> ingestBatch (parse, normalise, aggregate) with a store that does no I/O. */
  oursEventsPerSec: number;
  /** The floor + JSON.parse of every message + reading tls.sni / http.hostname (the AWS blog sample). */
  naiveEventsPerSec: number;
  /** base64 -> gunzip -> JSON.parse of the outer document, nothing per event. */
  floorEventsPerSec: number;
  /** Medians of the per-round ratios (same round, same noise). */
  oursOverNaive: number;
  oursOverFloor: number;
  /** ours + the batch identity (batchIdOf: sha256 over the event IDs), i.e. ingestSubscriptionBatch. */
  oursWithBatchIdEventsPerSec: number;
  /** Fast path and JSON.parse reference agree on every record of the batch and of the corpus. */
  identical: boolean;
  /** Median microseconds per event of each stage, by difference of the variants' medians. */
  perEventMicros: {
    floor: number;
    /** decodeAwslogsData beyond the floor (base64 check, log event objects). */
    decode: number;
    /** parseFirewallRecord of every message (scan, interpret, normalise). */
    parse: number;
    /** BatchAggregator add + result, and the use case around it. */
    aggregate: number;
    batchId: number;
  };
  rounds: number;
  compressedBytes: number;
}

const BATCH_SIZES = [1000, 5000, 10_000];
const START = Date.UTC(2026, 10, 16);
const NOW = START + 2 * 3_600_000;

/** A store that writes nothing: the section measures CPU only (only applyBatch is on the ingest path). */
const NO_IO_STORE: Pick<InventoryStore, 'applyBatch'> = {
  applyBatch: async () => ({ chunks: 0, duplicateChunks: 0, itemsWritten: 0 }),
};

export const ingestSection: BenchSection<IngestFigures[]> = {
  key: 'ingest',
  title: 'Ingest CPU throughput (no I/O)',
  async run(options: BenchOptions) {
    const corpus = (await corpusMessages()).map((entry) => entry.message);
    const figures: IngestFigures[] = [];
    for (const events of BATCH_SIZES) figures.push(await measureBatch(events, corpus, options));
    return figures;
  },
  table(figures) {
    const lines = [
      'events  | ours ev/s | naive ev/s | floor ev/s | ours/naive | ours/floor | +batchId ev/s | identical | rounds',
      '--------|-----------|------------|------------|------------|------------|---------------|-----------|-------',
    ];
    for (const f of figures) {
      lines.push(
        [
          String(f.events).padEnd(7),
          thousands(f.oursEventsPerSec).padStart(9),
          thousands(f.naiveEventsPerSec).padStart(10),
          thousands(f.floorEventsPerSec).padStart(10),
          `${f.oursOverNaive.toFixed(2)}×`.padStart(10),
          `${f.oursOverFloor.toFixed(2)}×`.padStart(10),
          thousands(f.oursWithBatchIdEventsPerSec).padStart(13),
          String(f.identical).padStart(9),
          String(f.rounds).padStart(6),
        ].join(' | '),
      );
    }
    lines.push(
      'ours/naive = throughput of ours over naive (target ≥ 1.5×); ours/floor = time of ours over the floor (target ≤ 2×).',
      'ours = decodeAwslogsData -> ingestBatch (parse, normalise, aggregate; store without I/O); +batchId adds batchIdOf.',
      '',
      'µs per event  | floor | decode beyond floor | parse (scan+interpret) | aggregate | batch id',
      '--------------|-------|---------------------|------------------------|-----------|---------',
    );
    for (const f of figures) {
      const m = f.perEventMicros;
      lines.push(
        [
          String(f.events).padEnd(13),
          m.floor.toFixed(2).padStart(5),
          m.decode.toFixed(2).padStart(19),
          m.parse.toFixed(2).padStart(22),
          m.aggregate.toFixed(2).padStart(9),
          m.batchId.toFixed(2).padStart(8),
        ].join(' | '),
      );
    }
    return lines;
  },
};

async function measureBatch(events: number, corpus: string[], options: BenchOptions): Promise<IngestFigures> {
  const messages = generateFirewallMessages({ events, seed: events, startTime: START });
  const data = awslogsEvent(dataMessage(messages)).awslogs.data;
  const identical = checkIdentical(
    messages.map((m) => m.message),
    corpus,
  );

  const variants = {
    floor: () => decodeFloor(data).logEvents.length,
    naive: () => naiveHostnames(data),
    ours: () =>
      ingestBatch(
        { store: NO_IO_STORE, now: () => NOW },
        { batchId: 'bench', events: decodeAwslogsData(data).logEvents },
      ),
    oursWithBatchId: () =>
      ingestSubscriptionBatch({ store: NO_IO_STORE, now: () => NOW }, decodeAwslogsData(data)),
    decode: () => decodeAwslogsData(data).logEvents.length,
    decodeParse: () => parseAll(decodeAwslogsData(data).logEvents),
  };
  const rounds = options.quick ? 10 : Math.max(30, Math.min(150, Math.round(400_000 / events)));
  const warmup = options.quick ? 3 : Math.max(5, Math.round(rounds / 5));
  const timings = await timeInterleaved(variants, { warmup, rounds });
  const perSecond = (name: string) => Math.round(events / ((timings.medianMs[name] as number) / 1000));
  const micros = (name: string) => ((timings.medianMs[name] as number) * 1000) / events;
  const stage = (name: string, before: string) => round2(micros(name) - micros(before));
  return {
    events,
    oursEventsPerSec: perSecond('ours'),
    naiveEventsPerSec: perSecond('naive'),
    floorEventsPerSec: perSecond('floor'),
    oursOverNaive: round2(medianRatio(timings, 'naive', 'ours')),
    oursOverFloor: round2(medianRatio(timings, 'ours', 'floor')),
    oursWithBatchIdEventsPerSec: perSecond('oursWithBatchId'),
    identical,
    perEventMicros: {
      floor: round2(micros('floor')),
      decode: stage('decode', 'floor'),
      parse: stage('decodeParse', 'decode'),
      aggregate: stage('ours', 'decodeParse'),
      batchId: stage('oursWithBatchId', 'ours'),
    },
    rounds,
    compressedBytes: Math.floor((data.length * 3) / 4),
  };
}

/** Every message through the fast path, as ingestBatch does it, without aggregating. */
function parseAll(events: ({ message: string; timestamp: number | undefined } | undefined)[]): number {
  const context: RecordContext = { now: NOW, memo: createRecordMemo(), logTimestamp: undefined };
  let accepted = 0;
  for (const event of events) {
    if (event === undefined) continue;
    context.logTimestamp = event.timestamp;
    if (parseFirewallRecord(event.message, context).ok) accepted++;
  }
  return accepted;
}

/** What the floor does: nothing per event. */
function decodeFloor(data: string): { logEvents: { message: string }[] } {
  return JSON.parse(gunzipSync(Buffer.from(data, 'base64')).toString('utf8'));
}

/** The AWS blog sample's per-event work: JSON.parse each message and read the hostname. */
function naiveHostnames(data: string): number {
  let found = 0;
  for (const event of decodeFloor(data).logEvents) {
    try {
      const record = JSON.parse(event.message);
      const hostname = record?.event?.tls?.sni ?? record?.event?.http?.hostname;
      if (typeof hostname === 'string') found++;
    } catch {
      // a broken record: the sample skips it
    }
  }
  return found;
}

/**
 * The fast path and the JSON.parse reference give identical results for every message (with and
 * without defaults for bare EVE lines), and identical aggregates for the batch.
 */
function checkIdentical(batch: string[], corpus: string[]): boolean {
  const contexts: RecordContext[] = [
    { now: NOW, logTimestamp: START },
    { now: NOW, defaults: { firewall: 'bench-firewall', availabilityZone: 'us-east-1a' } },
  ];
  for (const context of contexts) {
    for (const message of [...batch, ...corpus]) {
      const fast = parseFirewallRecord(message, { ...context, memo: createRecordMemo() });
      const reference = parseFirewallRecordReference(message, context);
      if (!isDeepStrictEqual(fast, reference)) {
        console.error(`not identical: ${JSON.stringify(message).slice(0, 300)}`);
        return false;
      }
    }
  }
  const aggregate = (parse: (message: string, context: RecordContext) => ParsedRecord) => {
    const aggregator = new BatchAggregator();
    const context: RecordContext = { now: NOW, memo: createRecordMemo() };
    const reasons: string[] = [];
    for (const message of batch) {
      const parsed = parse(message, context);
      if (parsed.ok) for (const observation of parsed.observations) aggregator.add(observation);
      else reasons.push(parsed.reason);
    }
    return { result: aggregator.result(), reasons };
  };
  return isDeepStrictEqual(aggregate(parseFirewallRecord), aggregate(parseFirewallRecordReference));
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

export function thousands(value: number): string {
  return value.toLocaleString('en-US');
}
