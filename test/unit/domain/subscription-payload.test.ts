import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BatchDecodeError } from '../../../shared/domain/errors.ts';
import {
  batchIdOf,
  decodeAwslogsData,
  parseSubscriptionBatch,
} from '../../../shared/domain/subscription-payload.ts';
import { corpusPath, eventJson } from '../../support/fixtures.ts';

const awslogsData = (path: string): string =>
  (JSON.parse(readFileSync(corpusPath(path), 'utf8')) as { awslogs: { data: string } }).awslogs.data;

function decodeError(run: () => unknown): BatchDecodeError {
  try {
    run();
  } catch (error) {
    if (error instanceof BatchDecodeError) return error;
    throw error;
  }
  throw new Error('expected a BatchDecodeError');
}

describe('decodeAwslogsData', () => {
  it('decodes the canonical gzip payload AWS publishes, reading every log event', () => {
    const batch = decodeAwslogsData(awslogsData('aws-lambda-go/cloudwatch-logs-event.json'));

    expect(batch).toMatchObject({
      messageType: 'DATA_MESSAGE',
      owner: '123456789123',
      logGroup: 'testLogGroup',
    });
    expect(batch.logEvents.map((e) => e?.message)).toEqual([
      '[ERROR] First test message',
      '[ERROR] Second test message',
    ]);
  });

  it('decodes zlib data and keeps extra fields out of the way (account-level policy sample)', () => {
    const batch = decodeAwslogsData(
      awslogsData('powertools-lambda-python/cloudWatchLogEventWithPolicyLevel.json'),
    );

    expect(batch.messageType).toBe('DATA_MESSAGE');
    expect(batch.logEvents.length).toBeGreaterThan(0);
  });

  it('decodes a control message so it can be acknowledged', () => {
    const batch = decodeAwslogsData(
      eventJson<{ awslogs: { data: string } }>('ingest/control-message.awslogs.json').awslogs.data,
    );

    expect(batch.messageType).toBe('CONTROL_MESSAGE');
  });

  it.each([
    ['missing', undefined, 'invalid_payload_shape'],
    ['not a string', 42, 'invalid_payload_shape'],
    ['not base64', 'this is *not* base64!', 'not_base64'],
    [
      'base64 of plain text',
      Buffer.from('{"messageType":"DATA_MESSAGE"}').toString('base64'),
      'not_compressed',
    ],
    ['base64 of random bytes', randomBytes(64).toString('base64'), 'not_compressed'],
    [
      'truncated gzip',
      gzipSync('{"messageType":"DATA_MESSAGE","logEvents":[]}').subarray(0, 20).toString('base64'),
      'corrupt_compressed_data',
    ],
    ['gzip of non-JSON', gzipSync('hello').toString('base64'), 'not_json'],
    ['gzip of a JSON array', gzipSync('[]').toString('base64'), 'invalid_payload_shape'],
    [
      'an unknown message type',
      gzipSync('{"messageType":"OTHER","logEvents":[]}').toString('base64'),
      'invalid_payload_shape',
    ],
    [
      'logEvents not a list',
      gzipSync('{"messageType":"DATA_MESSAGE","logEvents":{}}').toString('base64'),
      'invalid_payload_shape',
    ],
  ])('refuses data that is %s with reason %s', (_name, data, reason) => {
    expect(decodeError(() => decodeAwslogsData(data)).reason).toBe(reason);
  });

  it('refuses a gzip bomb that fits in the 1 MB payload limit without inflating it all', () => {
    const bomb = gzipSync(Buffer.alloc(512 * 1024 * 1024), { level: 9 }).toString('base64');
    expect(bomb.length).toBeLessThan(1024 * 1024);

    const started = process.memoryUsage().rss;
    const error = decodeError(() => decodeAwslogsData(bomb, 64 * 1024 * 1024));

    expect(error.reason).toBe('decompressed_too_large');
    expect(process.memoryUsage().rss - started).toBeLessThan(256 * 1024 * 1024);
  });

  it('keeps malformed log event entries as gaps to be counted, not as a failure of the batch', () => {
    const batch = parseSubscriptionBatch({
      messageType: 'DATA_MESSAGE',
      logEvents: [{ id: '1', timestamp: 1, message: 'ok' }, { id: '2', message: 42 }, null],
    });

    expect(batch.logEvents).toEqual([{ id: '1', timestamp: 1, message: 'ok' }, undefined, undefined]);
  });
});

describe('batchIdOf', () => {
  it('is the same for a redelivery of the same batch however it is compressed', () => {
    const payload = eventJson('ingest/week-alerts.decoded.json');
    const gzip = decodeAwslogsData(gzipSync(JSON.stringify(payload)).toString('base64'));
    const zlib = decodeAwslogsData(deflateSync(JSON.stringify(payload, null, 2)).toString('base64'));

    expect(batchIdOf(gzip)).toBe(batchIdOf(zlib));
  });

  it('differs between batches, and uses the messages when a producer left the IDs empty', () => {
    const base = { messageType: 'DATA_MESSAGE', owner: 'o', logGroup: 'g', logStream: 's' };
    const a = parseSubscriptionBatch({ ...base, logEvents: [{ id: '', timestamp: 1, message: 'a' }] });
    const b = parseSubscriptionBatch({ ...base, logEvents: [{ id: '', timestamp: 1, message: 'b' }] });
    const c = parseSubscriptionBatch({ ...base, logEvents: [{ id: '1', timestamp: 1, message: 'a' }] });

    expect(new Set([batchIdOf(a), batchIdOf(b), batchIdOf(c)]).size).toBe(3);
  });
});
