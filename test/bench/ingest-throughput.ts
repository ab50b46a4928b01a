// Benchmark section `ingest`: CPU throughput of decode -> parse -> normalise -> aggregate against a floor and a naive baseline.
import { isDeepStrictEqual } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { ingestBatch } from '../../shared/app/ingest-batch.ts';
import { ingestSubscriptionBatch } from '../../shared/app/ingest-subscription.ts';
import type { InventoryStore } from '../../shared/app/ports/inventory-store.ts';
import { awslogsEvent, dataMessage, generateFirewallMessages } from '../../shared/cli/demo-traffic.ts';
import { type BatchAggregate, BatchAggregator } from '../../shared/domain/batch-aggregate.ts';
import {
  createRecordMemo,
  type ParsedRecord,
  parseEncodedFirewallRecord,
  parseFirewallRecord,
  parseFirewallRecordReference,
  type RecordContext,
} from '../../shared/domain/firewall-record.ts';
import {
  batchIdOf,
  decodeAwslogsData,
  decodeAwslogsDataReference,
  encodedLogEventsOf,
} from '../../shared/domain/subscription-payload.ts';
import type { EncodedLogEvents } from '../../shared/domain/subscription-scanner.ts';
import { corpusMessages } from './corpus-records.ts';
import { type BenchOptions, type BenchSection, benchTable } from './section.ts';
import { medianRatio, type Timings, timeInterleaved } from './timing.ts';

export interface IngestFigures {
  events: number;
  /**
   * What the Lambda handler does, with a store that does no I/O: decodeAwslogsData ->
   * ingestSubscriptionBatch (batch ID, parse, normalise, aggregate).
   */
  oursEventsPerSec: number;
  /** The floor + JSON.parse of every message + reading tls.sni / http.hostname (the AWS blog sample). */
  naiveEventsPerSec: number;
  /** base64 -> gunzip -> JSON.parse of the outer document, nothing per event. */
  floorEventsPerSec: number;
  /** Medians of the per-round ratios (same round, same noise). */
  oursOverNaive: number;
  oursOverFloor: number;
  /** ours without the batch identity (batchIdOf: sha256 over the event IDs). */
  oursWithoutBatchIdEventsPerSec: number;
  /**
   * Fast paths and JSON.parse references agree: the decoded batch, every record of the batch (in place
   * and as a string) and of the corpus, the rejection counts and the aggregate written.
   */
  identical: boolean;
  /** Median microseconds per event of each stage, by difference of the variants' medians. */
  perEventMicros: {
    floor: number;
    /** decodeAwslogsData: base64, gunzip, one pass over the payload's bytes. */
    decode: number;
    /** parseEncodedFirewallRecord of every event (scan in place, interpret, normalise). */
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
    const batches = BATCH_SIZES.map(benchBatch);
    // The headline first, for every size, while the process has run only what a Lambda runs: the stage
    // variants call the parser with other sinks and entry points, and the type feedback they leave makes
    // the ingest's hot calls polymorphic, slower than in production.
    const headlines = [];
    for (const batch of batches) headlines.push(await measureHeadline(batch, options));
    const stages = [];
    for (const batch of batches) stages.push(await measureStages(batch, options));
    // Checked after timing: the references interpret JSON.parse's objects of every shape, which would
    // leave the interpretation's property accesses megamorphic for the runs measured.
    const figures: IngestFigures[] = [];
    for (const [k, batch] of batches.entries()) {
      figures.push({
        ...(headlines[k] as Headline),
        ...(stages[k] as Awaited<ReturnType<typeof measureStages>>),
        identical: checkIdentical(batch.messages, corpus) && (await checkPayloadIdentical(batch.data)),
      });
    }
    return figures;
  },
  table(figures) {
    return [
      ...benchTable(
        [
          'events',
          'ours ev/s',
          'naive ev/s',
          'floor ev/s',
          'ours/naive',
          'ours/floor',
          'w/o batchId ev/s',
          'identical',
          'rounds',
        ],
        figures.map((f) => [
          String(f.events),
          thousands(f.oursEventsPerSec),
          thousands(f.naiveEventsPerSec),
          thousands(f.floorEventsPerSec),
          `${f.oursOverNaive.toFixed(2)}×`,
          `${f.oursOverFloor.toFixed(2)}×`,
          thousands(f.oursWithoutBatchIdEventsPerSec),
          String(f.identical),
          String(f.rounds),
        ]),
      ),
      'ours/naive = throughput of ours over naive (target ≥ 1.5×); ours/floor = time of ours over the floor (target ≤ 2×).',
      'ours = decodeAwslogsData -> ingestSubscriptionBatch (batch id, parse, normalise, aggregate; store without I/O),',
      'as the Lambda handler runs it; w/o batchId leaves out batchIdOf. Ratios are medians over rounds; in a round',
      'each variant, in shuffled order, runs over ≥ 10,000 events (10 batches of 1,000, 2 of 5,000, 1 of 10,000).',
      '',
      ...benchTable(
        ['µs per event', 'floor', 'decode', 'parse (scan in place+interpret)', 'aggregate', 'batch id'],
        figures.map(({ events, perEventMicros: m }) => [
          String(events),
          ...[m.floor, m.decode, m.parse, m.aggregate, m.batchId].map((micros) => micros.toFixed(2)),
        ]),
      ),
    ];
  },
};

interface BenchBatch {
  events: number;
  messages: string[];
  data: string;
}

function benchBatch(events: number): BenchBatch {
  const messages = generateFirewallMessages({ events, seed: events, startTime: START });
  return {
    events,
    messages: messages.map((m) => m.message),
    data: awslogsEvent(dataMessage(messages)).awslogs.data,
  };
}

type Headline = Pick<
  IngestFigures,
  | 'events'
  | 'oursEventsPerSec'
  | 'naiveEventsPerSec'
  | 'floorEventsPerSec'
  | 'oursOverNaive'
  | 'oursOverFloor'
  | 'rounds'
  | 'compressedBytes'
>;

/** Events a measured sample covers at least: ten batches of 1,000, two of 5,000, one of 10,000. */
const SAMPLE_EVENTS = 10_000;

/**
 * Times the variants interleaved (see timeInterleaved), each sample running a variant over as many
 * batches as make SAMPLE_EVENTS, and returns the median time per event of each, in microseconds, with
 * the timings. A sample of one 1,000-event batch lasts a few milliseconds, as long as one collection
 * of the garbage the variant before it left, and each size is measured on samples of the same length.
 * About the same time for each size; the warm-up is some 200,000 events whatever the size, so that the
 * optimising compiler has settled on every path before the first measured round, as in a Lambda that
 * has been ingesting for a while.
 */
async function timePerEvent(
  variants: Record<string, () => unknown>,
  events: number,
  options: BenchOptions,
): Promise<{ timings: Timings; micros: (name: string) => number; rounds: number }> {
  const batches = options.quick ? 1 : Math.max(1, Math.round(SAMPLE_EVENTS / events));
  const perSample = events * batches;
  const rounds = options.quick ? 10 : Math.max(30, Math.min(150, Math.round(600_000 / perSample)));
  const warmup = options.quick ? 3 : Math.max(10, Math.round(200_000 / perSample));
  const repeated = Object.fromEntries(
    Object.entries(variants).map(([name, run]) => [
      name,
      async () => {
        for (let k = 0; k < batches; k++) await run();
      },
    ]),
  );
  const timings = await timeInterleaved(repeated, { warmup, rounds });
  const micros = (name: string) => ((timings.medianMs[name] as number) * 1000) / perSample;
  return { timings, micros, rounds };
}

/** Ours against the naive baseline and the floor, interleaved. */
async function measureHeadline({ events, data }: BenchBatch, options: BenchOptions): Promise<Headline> {
  const { timings, micros, rounds } = await timePerEvent(
    {
      floor: () => decodeFloor(data).logEvents.length,
      naive: () => naiveHostnames(data),
      ours: () => ingestSubscriptionBatch({ store: NO_IO_STORE, now: () => NOW }, decodeAwslogsData(data)),
    },
    events,
    options,
  );
  const perSecond = (name: string) => Math.round(1_000_000 / micros(name));
  return {
    events,
    oursEventsPerSec: perSecond('ours'),
    naiveEventsPerSec: perSecond('naive'),
    floorEventsPerSec: perSecond('floor'),
    oursOverNaive: round2(medianRatio(timings, 'naive', 'ours')),
    oursOverFloor: round2(medianRatio(timings, 'ours', 'floor')),
    rounds,
    compressedBytes: Math.floor((data.length * 3) / 4),
  };
}

/** Where ours spends its time: variants that stop after each stage, interleaved with ours. */
async function measureStages(
  { events, data }: BenchBatch,
  options: BenchOptions,
): Promise<Pick<IngestFigures, 'oursWithoutBatchIdEventsPerSec' | 'perEventMicros'>> {
  const { micros } = await timePerEvent(
    {
      floor: () => decodeFloor(data).logEvents.length,
      ours: () => ingestSubscriptionBatch({ store: NO_IO_STORE, now: () => NOW }, decodeAwslogsData(data)),
      oursWithoutBatchId: () =>
        ingestBatch(
          { store: NO_IO_STORE, now: () => NOW },
          { batchId: 'bench', events: encodedEvents(data) },
        ),
      decode: () => decodeAwslogsData(data).messageType,
      decodeParse: () => parseAll(encodedEvents(data)),
    },
    events,
    options,
  );
  const stage = (name: string, before: string) => round2(micros(name) - micros(before));
  return {
    oursWithoutBatchIdEventsPerSec: Math.round(1_000_000 / micros('oursWithoutBatchId')),
    perEventMicros: {
      floor: round2(micros('floor')),
      decode: round2(micros('decode')),
      parse: stage('decodeParse', 'decode'),
      aggregate: stage('oursWithoutBatchId', 'decodeParse'),
      batchId: stage('ours', 'oursWithoutBatchId'),
    },
  };
}

function encodedEvents(data: string): EncodedLogEvents {
  const events = encodedLogEventsOf(decodeAwslogsData(data));
  if (events === undefined) throw new Error('the benchmark payload was not read in place');
  return events;
}

/** Every event through the fast path, as ingestBatch does it, without aggregating. */
function parseAll(events: EncodedLogEvents): number {
  const context: RecordContext = { now: NOW, memo: createRecordMemo(), logTimestamp: undefined };
  let accepted = 0;
  for (let i = 0; i < events.count; i++) {
    context.logTimestamp = events.timestamp(i);
    if (parseEncodedFirewallRecord(events, i, context).ok) accepted++;
  }
  return accepted;
}

/**
 * The payload read in place gives what the JSON.parse references give: the same batch, the same result
 * for every event, and through the use case the same counts, rejections and aggregate as decoding with
 * JSON.parse and parsing every message with JSON.parse.
 */
async function checkPayloadIdentical(data: string): Promise<boolean> {
  const fast = decodeAwslogsData(data);
  const reference = decodeAwslogsDataReference(data);
  const events = encodedLogEventsOf(fast);
  const { logEvents, ...head } = reference;
  const { logEvents: fastEvents, ...fastHead } = fast;
  if (
    events === undefined ||
    !isDeepStrictEqual(fastHead, head) ||
    !isDeepStrictEqual(fastEvents, logEvents)
  ) {
    console.error('not identical: the decoded batch');
    return false;
  }
  if (batchIdOf(fast) !== batchIdOf(reference)) return false;
  const memo = createRecordMemo();
  for (let i = 0; i < events.count; i++) {
    const event = logEvents[i];
    const context: RecordContext = { now: NOW, logTimestamp: event?.timestamp };
    const expected =
      event === undefined
        ? { ok: false, reason: 'invalid_log_event' }
        : parseFirewallRecordReference(event.message, context);
    if (!isDeepStrictEqual(parseEncodedFirewallRecord(events, i, { ...context, memo }), expected)) {
      console.error(`not identical: event ${i}`);
      return false;
    }
  }
  let written: BatchAggregate | undefined;
  const store: Pick<InventoryStore, 'applyBatch'> = {
    applyBatch: async (batch) => {
      written = batch.aggregate;
      return { chunks: 0, duplicateChunks: 0, itemsWritten: 0 };
    },
  };
  const result = await ingestSubscriptionBatch({ store, now: () => NOW }, decodeAwslogsData(data));
  const aggregator = new BatchAggregator();
  const reasons: Record<string, number> = {};
  for (const event of logEvents) {
    const parsed =
      event === undefined
        ? ({ ok: false, reason: 'invalid_log_event' } as const)
        : parseFirewallRecordReference(event.message, { now: NOW, logTimestamp: event.timestamp });
    if (parsed.ok) for (const observation of parsed.observations) aggregator.add(observation);
    else reasons[parsed.reason] = (reasons[parsed.reason] ?? 0) + 1;
  }
  return (
    !result.control &&
    isDeepStrictEqual(written, aggregator.result()) &&
    isDeepStrictEqual(result.rejected.byReason, reasons)
  );
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
