// Decodes CloudWatch Logs subscription data (base64 -> gzip or zlib -> JSON) and checks its shape.
import { createHash } from 'node:crypto';
import { gunzipSync, inflateSync } from 'node:zlib';
import { BatchDecodeError } from './errors.ts';

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

/**
 * Decodes `awslogs.data`: base64, then gzip (or zlib, which one public sample uses), then JSON.
 * Throws {@link BatchDecodeError} with the reason when any layer is broken or the data inflates past
 * `maxDecompressedBytes`.
 *
 * @example
 * const batch = decodeAwslogsData(event.awslogs.data);
 * if (batch.messageType === 'CONTROL_MESSAGE') return;
 */
export function decodeAwslogsData(
  data: unknown,
  maxDecompressedBytes = DEFAULT_MAX_DECOMPRESSED_BYTES,
): SubscriptionBatch {
  if (typeof data !== 'string' || data.length === 0) {
    throw new BatchDecodeError('invalid_payload_shape', 'awslogs.data is missing or not a string');
  }
  if (data.length % 4 !== 0 || !BASE64.test(data)) {
    throw new BatchDecodeError('not_base64', `awslogs.data is not base64 (${data.length} characters)`);
  }
  const compressed = Buffer.from(data, 'base64');
  const text = decompress(compressed, maxDecompressedBytes).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new BatchDecodeError('not_json', 'the decompressed payload is not JSON', { cause });
  }
  return parseSubscriptionBatch(json);
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
    const options = { maxOutputLength: maxDecompressedBytes };
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
  for (const event of batch.logEvents) {
    if (event === undefined) hash.update('\u0000-\n');
    else if (event.id !== '') hash.update(`${event.id}\n`);
    else hash.update(`${event.timestamp ?? ''}\u0000${event.message}\n`);
  }
  return hash.digest('base64url');
}
