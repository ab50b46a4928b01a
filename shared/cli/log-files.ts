// Reads the files the CLI accepts into batches: subscription events, decoded payloads, Kinesis envelopes, S3 logs.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { BatchDecodeError } from '../domain/errors.ts';
import {
  decodeAwslogsData,
  parseSubscriptionBatch,
  type SubscriptionBatch,
} from '../domain/subscription-payload.ts';

/** What a file holds, one batch at a time. */
export type InputUnit =
  | { kind: 'subscription'; batch: SubscriptionBatch }
  | { kind: 'records'; batchId: string; messages: string[] }
  | { kind: 'failed'; error: Error };

export interface ReadOptions {
  /** Firewall records per batch when reading JSON lines (S3 log files). */
  batchSize?: number;
  maxDecompressedBytes?: number;
  /** Called with the number of file bytes consumed so far (compressed bytes for .gz). */
  onProgress?: (bytesRead: number) => void;
}

/** Documents larger than this are not read whole (S3 log files are JSON lines and stream instead). */
const MAX_DOCUMENT_CHARS = 256 * 1024 * 1024;

/**
 * Yields the batches in a file. The format is recognised from the content, not the name: gzip or plain;
 * JSON lines (Network Firewall S3 logs, one record or subscription event per line) when the first line
 * is a JSON value by itself; otherwise one JSON document — `{"awslogs":{"data":…}}`, a decoded
 * `{"messageType":…}` payload, a Kinesis `{"Records":[…]}` envelope, one (pretty-printed) firewall
 * record, or an array of any of these. A batch that cannot be decoded comes as `failed`, and the rest
 * of the file still comes.
 */
export async function* readLogFile(path: string, options: ReadOptions = {}): AsyncGenerator<InputUnit> {
  const batchSize = options.batchSize ?? 5000;
  const lines = createInterface({
    input: await openText(path, options.onProgress),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  const iterator = lines[Symbol.asyncIterator]();

  let first: string | undefined;
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
    if (next.value.trim() !== '') {
      first = next.value;
      break;
    }
  }
  if (first === undefined) return;

  if (parsesAlone(first)) {
    yield* jsonLines(prepend(first, iterator), batchSize, options);
    return;
  }
  let text = first;
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
    text += `\n${next.value}`;
    if (text.length > MAX_DOCUMENT_CHARS) {
      yield {
        kind: 'failed',
        error: new BatchDecodeError('invalid_payload_shape', 'the document is too large to read whole'),
      };
      return;
    }
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    // Not one document: lines, some of them broken (a truncated S3 object, say).
    yield* jsonLines(text.split('\n')[Symbol.iterator](), batchSize, options);
    return;
  }
  yield* documentUnits(document, text, options);
}

function* documentUnits(document: unknown, text: string, options: ReadOptions): Generator<InputUnit> {
  if (Array.isArray(document)) {
    const records: string[] = [];
    for (const element of document) {
      if (isSubscriptionShaped(element)) yield* documentUnits(element, JSON.stringify(element), options);
      else records.push(JSON.stringify(element));
    }
    if (records.length > 0) yield recordsUnit(records);
    return;
  }
  const object = document as Record<string, unknown> | null;
  try {
    if (isObject(object) && isObject(object.awslogs)) {
      yield {
        kind: 'subscription',
        batch: decodeAwslogsData(object.awslogs.data, options.maxDecompressedBytes),
      };
    } else if (isObject(object) && 'messageType' in object) {
      yield { kind: 'subscription', batch: parseSubscriptionBatch(object) };
    } else if (isObject(object) && Array.isArray(object.Records)) {
      for (const record of object.Records) {
        const data = isObject(record) && isObject(record.kinesis) ? record.kinesis.data : undefined;
        try {
          yield { kind: 'subscription', batch: decodeAwslogsData(data, options.maxDecompressedBytes) };
        } catch (error) {
          yield { kind: 'failed', error: error as Error };
        }
      }
    } else {
      yield recordsUnit([text]);
    }
  } catch (error) {
    yield { kind: 'failed', error: error as Error };
  }
}

async function* jsonLines(
  lines: Iterator<string> | AsyncIterator<string>,
  batchSize: number,
  options: ReadOptions,
): AsyncGenerator<InputUnit> {
  let records: string[] = [];
  for (let next = await lines.next(); !next.done; next = await lines.next()) {
    const line = next.value;
    if (line.trim() === '') continue;
    if (line.includes('"awslogs"') || line.includes('"messageType"')) {
      const parsed = tryParse(line);
      if (isSubscriptionShaped(parsed)) {
        yield* documentUnits(parsed, line, options);
        continue;
      }
    }
    records.push(line);
    if (records.length >= batchSize) {
      yield recordsUnit(records);
      records = [];
    }
  }
  if (records.length > 0) yield recordsUnit(records);
}

/** A batch of raw records, identified by its content so that importing a file twice counts it once. */
function recordsUnit(messages: string[]): InputUnit {
  const hash = createHash('sha256');
  for (const message of messages) hash.update(message).update('\n');
  return { kind: 'records', batchId: `records-${hash.digest('base64url')}`, messages };
}

async function openText(path: string, onProgress: ReadOptions['onProgress']): Promise<Readable> {
  const handle = await open(path, 'r');
  const magic = Buffer.alloc(2);
  await handle.read(magic, 0, 2, 0);
  await handle.close();
  const file = createReadStream(path);
  if (onProgress !== undefined) {
    let bytes = 0;
    file.on('data', (chunk) => {
      bytes += chunk.length;
      onProgress(bytes);
    });
  }
  if (magic[0] === 0x1f && magic[1] === 0x8b) {
    const gunzip = createGunzip();
    file.on('error', (error) => gunzip.destroy(error));
    return file.pipe(gunzip);
  }
  return file;
}

async function* prepend(first: string, rest: AsyncIterator<string>): AsyncGenerator<string> {
  yield first;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}

function parsesAlone(line: string): boolean {
  return tryParse(line) !== undefined;
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isSubscriptionShaped(value: unknown): boolean {
  return (
    isObject(value) &&
    (isObject(value.awslogs) ||
      'messageType' in value ||
      (Array.isArray(value.Records) && !('event' in value)))
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
