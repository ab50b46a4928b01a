// Decodes CloudWatch Logs subscription data (base64 -> gzip or zlib -> JSON) and checks its shape.
import { createHash } from 'node:crypto';
import { gunzipSync, inflateSync } from 'node:zlib';
import { BatchDecodeError } from './errors.ts';
import { type EncodedLogEvents, NO_ID, NO_MESSAGE, scanSubscriptionPayload } from './subscription-scanner.ts';

export interface LogEvent {
  /** A 56-digit string: never parsed as a number. */
  id: string;
  /** Epoch milliseconds (some producers write seconds; record parsing copes). */
  timestamp: number | undefined;
  message: string;
}

export interface SubscriptionBatch {
  messageType: 'DATA_MESSAGE' | 'CONTROL_MESSAGE';
  owner: string;
  logGroup: string;
  logStream: string;
  subscriptionFilters: string[];
  /** Entries whose shape is wrong (no string message) are kept as `undefined`, to be counted, not lost. */
  logEvents: (LogEvent | undefined)[];
}

/** Lambda's async payload limit is 1 MB; honest batches inflate well under this, bombs far beyond it. */
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const DECOMPRESS_CHUNK_BYTES = 1024 * 1024;
/** The largest output buffer sized from a gzip trailer's claim (a hostile one claims 4 GB). */
const MAX_SIZED_CHUNK_BYTES = 16 * 1024 * 1024;

/**
 * Decodes `awslogs.data`: base64, then gzip (or zlib, which one public sample uses), then JSON.
 * Throws {@link BatchDecodeError} with the reason when any layer is broken or the data inflates past
 * `maxDecompressedBytes`.
 *
 * The JSON is read in one pass over the decompressed bytes (subscription-scanner.ts): the batch's
 * `logEvents` are built only when read, and {@link ingestSubscriptionBatch} reads the messages in place
 * instead ({@link encodedLogEventsOf}). The result is exactly {@link decodeAwslogsDataReference}'s.
 *
 * @example
 * const batch = decodeAwslogsData(event.awslogs.data);
 * if (batch.messageType === 'CONTROL_MESSAGE') return;
 */
export function decodeAwslogsData(
  data: unknown,
  maxDecompressedBytes = DEFAULT_MAX_DECOMPRESSED_BYTES,
): SubscriptionBatch {
  const payload = inflateAwslogsData(data, maxDecompressedBytes);
  const scanned = scanSubscriptionPayload(payload);
  // Not certain (not JSON, or not shaped as a batch): the reference decides, with its reasons.
  if (scanned === undefined) return parsePayloadText(payload.toString('utf8'));
  const { logEvents: encoded, ...head } = scanned;
  let logEvents: (LogEvent | undefined)[] | undefined;
  const batch: SubscriptionBatch = {
    ...head,
    get logEvents() {
      logEvents ??= materialiseLogEvents(encoded);
      return logEvents;
    },
    set logEvents(events) {
      logEvents = events;
      // The events are no longer those of the payload.
      encodedBatches.delete(batch);
    },
  };
  encodedBatches.set(batch, encoded);
  return batch;
}

/**
 * The reference for {@link decodeAwslogsData}: `JSON.parse` of the whole decompressed payload, then
 * {@link parseSubscriptionBatch}. Tests and the benchmark hold the fast decoder to it.
 */
export function decodeAwslogsDataReference(
  data: unknown,
  maxDecompressedBytes = DEFAULT_MAX_DECOMPRESSED_BYTES,
): SubscriptionBatch {
  return parsePayloadText(inflateAwslogsData(data, maxDecompressedBytes).toString('utf8'));
}

const encodedBatches = new WeakMap<SubscriptionBatch, EncodedLogEvents>();

/**
 * The log events of a batch {@link decodeAwslogsData} decoded, as they lie in its payload, for reading
 * them in place; undefined for any other batch (or one whose logEvents were replaced).
 */
export function encodedLogEventsOf(batch: SubscriptionBatch): EncodedLogEvents | undefined {
  return encodedBatches.get(batch);
}

function materialiseLogEvents(encoded: EncodedLogEvents): (LogEvent | undefined)[] {
  const events: (LogEvent | undefined)[] = new Array(encoded.count);
  for (let i = 0; i < encoded.count; i++) {
    const message = encoded.message(i);
    events[i] =
      message === undefined ? undefined : { id: encoded.id(i), timestamp: encoded.timestamp(i), message };
  }
  return events;
}

function parsePayloadText(text: string): SubscriptionBatch {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new BatchDecodeError('not_json', 'the decompressed payload is not JSON', { cause });
  }
  return parseSubscriptionBatch(json);
}

/** base64 (checked) and decompressed. */
function inflateAwslogsData(data: unknown, maxDecompressedBytes: number): Buffer {
  if (typeof data !== 'string' || data.length === 0) {
    throw new BatchDecodeError('invalid_payload_shape', 'awslogs.data is missing or not a string');
  }
  if (data.length % 4 !== 0) {
    throw new BatchDecodeError('not_base64', `awslogs.data is not base64 (${data.length} characters)`);
  }
  const compressed = Buffer.from(data, 'base64');
  // Encoding back gives the data exactly when it is canonical base64, as every producer writes it; the
  // pattern (slower on a megabyte) decides only for the rest.
  if (compressed.toString('base64') !== data && !BASE64.test(data)) {
    throw new BatchDecodeError('not_base64', `awslogs.data is not base64 (${data.length} characters)`);
  }
  return decompress(compressed, maxDecompressedBytes);
}

/** Inflates gzip (1f 8b) or zlib (78 xx) data, refusing anything else and anything too large. */
export function decompress(
  compressed: Buffer,
  maxDecompressedBytes = DEFAULT_MAX_DECOMPRESSED_BYTES,
): Buffer {
  const gzip = compressed[0] === 0x1f && compressed[1] === 0x8b;
  const zlib = compressed[0] === 0x78 && ((compressed[0] << 8) | (compressed[1] ?? 0)) % 31 === 0;
  if (!gzip && !zlib) {
    throw new BatchDecodeError('not_compressed', 'the data is neither gzip nor zlib');
  }
  try {
    // Output in one buffer of the size gzip's trailer gives (ISIZE, the size mod 2^32 of its last
    // member: only a hint), a little larger so that zlib ends with room to spare instead of starting
    // another; else in large chunks, fewer buffers to gather for payloads of megabytes.
    const claimed = gzip && compressed.length >= 18 ? compressed.readUInt32LE(compressed.length - 4) : 0;
    const chunkSize =
      claimed > 0
        ? Math.min(claimed + 1024, MAX_SIZED_CHUNK_BYTES, maxDecompressedBytes + 1024)
        : DECOMPRESS_CHUNK_BYTES;
    const options = { maxOutputLength: maxDecompressedBytes, chunkSize };
    return gzip ? gunzipSync(compressed, options) : inflateSync(compressed, options);
  } catch (cause) {
    if ((cause as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new BatchDecodeError(
        'decompressed_too_large',
        `the data inflates beyond ${maxDecompressedBytes} bytes (${compressed.length} compressed)`,
        { cause },
      );
    }
    throw new BatchDecodeError('corrupt_compressed_data', (cause as Error).message, { cause });
  }
}

/** Checks an already-decoded subscription payload (`{messageType, logEvents, …}`). */
export function parseSubscriptionBatch(json: unknown): SubscriptionBatch {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new BatchDecodeError('invalid_payload_shape', 'the payload is not a JSON object');
  }
  const payload = json as Record<string, unknown>;
  const { messageType, logEvents } = payload;
  if (messageType !== 'DATA_MESSAGE' && messageType !== 'CONTROL_MESSAGE') {
    throw new BatchDecodeError('invalid_payload_shape', `unknown messageType ${JSON.stringify(messageType)}`);
  }
  if (!Array.isArray(logEvents)) {
    throw new BatchDecodeError('invalid_payload_shape', 'logEvents is not an array');
  }
  return {
    messageType,
    owner: stringOr(payload.owner),
    logGroup: stringOr(payload.logGroup),
    logStream: stringOr(payload.logStream),
    subscriptionFilters: Array.isArray(payload.subscriptionFilters)
      ? payload.subscriptionFilters.filter((f): f is string => typeof f === 'string')
      : [],
    logEvents: logEvents.map(toLogEvent),
  };
}

function toLogEvent(entry: unknown): LogEvent | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const { id, timestamp, message } = entry as Record<string, unknown>;
  if (typeof message !== 'string') return undefined;
  return {
    id: typeof id === 'string' ? id : '',
    timestamp: typeof timestamp === 'number' && Number.isFinite(timestamp) ? timestamp : undefined,
    message,
  };
}

function stringOr(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/**
 * A stable identity for a batch, the same for every redelivery of it: the log group, stream and
 * event IDs (unique within a log group), or the messages themselves where a producer left IDs empty.
 */
export function batchIdOf(batch: SubscriptionBatch): string {
  const hash = createHash('sha256');
  hash.update(`${batch.owner}\n${batch.logGroup}\n${batch.logStream}\n`);
  const encoded = encodedLogEventsOf(batch);
  if (encoded !== undefined) return hashEncodedEvents(hash, encoded);
  for (const event of batch.logEvents) {
    if (event === undefined) hash.update('\u0000-\n');
    else if (event.id !== '') hash.update(`${event.id}\n`);
    else hash.update(`${event.timestamp ?? ''}\u0000${event.message}\n`);
  }
  return hash.digest('base64url');
}

/**
 * What batchIdOf hashes per event, for events read in place: the bytes of plain ASCII IDs are copied
 * as they are (they are the ID's UTF-8), gathered into one update instead of one per event. The
 * gathering buffer is reused from batch to batch (hash.update reads it before returning); no closure
 * captures the loop's variables, which would keep them in a heap context instead of registers.
 */
function hashEncodedEvents(hash: ReturnType<typeof createHash>, encoded: EncodedLogEvents): string {
  const { bytes, words, idStart, idEnd, idFlags, messageStart, count } = encoded;
  let gathered = gatherBuffer;
  let gatheredWords = gatherWords;
  let at = 0;
  for (let i = 0; i < count; i++) {
    const start = idStart[i] as number;
    const end = idEnd[i] as number;
    if (messageStart[i] !== NO_MESSAGE && start !== NO_ID && idFlags[i] === 0 && end > start) {
      const size = end - start + 1;
      if (at + size > gathered.length) {
        hash.update(gathered.subarray(0, at));
        at = 0;
        if (size > gathered.length) {
          gathered = Buffer.allocUnsafe(2 * size);
          gatheredWords = new DataView(gathered.buffer, gathered.byteOffset, gathered.length);
        }
      }
      // Four bytes at a time (IDs are 56 digits), the last few one by one.
      let j = start;
      for (; j + 4 <= end; j += 4, at += 4) gatheredWords.setInt32(at, words.getInt32(j, true), true);
      for (; j < end; j++) gathered[at++] = bytes[j] as number;
      gathered[at++] = 0x0a;
      continue;
    }
    hash.update(gathered.subarray(0, at));
    at = 0;
    const message = encoded.message(i);
    const id = message === undefined ? '' : encoded.id(i);
    if (message === undefined) hash.update('\u0000-\n');
    else if (id !== '') hash.update(`${id}\n`);
    else hash.update(`${encoded.timestamp(i) ?? ''}\u0000${message}\n`);
  }
  hash.update(gathered.subarray(0, at));
  return hash.digest('base64url');
}

/** Where hashEncodedEvents gathers IDs: 64 KiB, about a thousand of them per update. */
const gatherBuffer = Buffer.allocUnsafeSlow(64 * 1024);
const gatherWords = new DataView(gatherBuffer.buffer, gatherBuffer.byteOffset, gatherBuffer.length);
