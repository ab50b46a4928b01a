import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ingestBatch } from '../../../shared/app/ingest-batch.ts';
import { ingestSubscriptionBatch } from '../../../shared/app/ingest-subscription.ts';
import type { InventoryStore } from '../../../shared/app/ports/inventory-store.ts';
import { generateFirewallMessages, seededRandom } from '../../../shared/cli/demo-traffic.ts';
import type { BatchAggregate } from '../../../shared/domain/batch-aggregate.ts';
import { BatchDecodeError } from '../../../shared/domain/errors.ts';
import {
  createRecordMemo,
  parseEncodedFirewallRecord,
  parseFirewallRecordReference,
  type RecordContext,
} from '../../../shared/domain/firewall-record.ts';
import { RecordFields } from '../../../shared/domain/record-fields.ts';
import { readEscapedFirewallRecord, readEscapedRecordFields } from '../../../shared/domain/record-scanner.ts';
import {
  batchIdOf,
  decodeAwslogsData,
  decodeAwslogsDataReference,
  encodedLogEventsOf,
  type SubscriptionBatch,
} from '../../../shared/domain/subscription-payload.ts';
import { MAX_DEPTH } from '../../../shared/domain/subscription-scanner.ts';
import { CORPUS_DIR, EVENTS_DIR } from '../../support/fixtures.ts';
import {
  anyRecord,
  anyValue,
  hostnames,
  mutation,
  NumberText,
  render,
  strings,
} from '../../support/json-arbitraries.ts';

const START = Date.UTC(2026, 10, 16);
const NOW = START + 3_600_000;

type Outcome =
  | { ok: true; batch: Omit<SubscriptionBatch, 'logEvents'> & { logEvents: unknown[] } }
  | { ok: false; reason: string; message: string };

function outcomeOf(decode: () => SubscriptionBatch): Outcome {
  try {
    const { messageType, owner, logGroup, logStream, subscriptionFilters, logEvents } = decode();
    return { ok: true, batch: { messageType, owner, logGroup, logStream, subscriptionFilters, logEvents } };
  } catch (error) {
    if (!(error instanceof BatchDecodeError)) throw error;
    return { ok: false, reason: error.reason, message: error.message };
  }
}

/**
 * The fast decoder gives exactly the reference's batch or error; each message read in place gives
 * exactly JSON.parse + interpretation of its text; the batch ID is the reference batch's.
 */
function expectSameAsReference(data: string): void {
  const fast = outcomeOf(() => decodeAwslogsData(data));
  expect(fast).toStrictEqual(outcomeOf(() => decodeAwslogsDataReference(data)));
  if (!fast.ok) return;
  const batch = decodeAwslogsData(data);
  const events = encodedLogEventsOf(batch);
  const reference = decodeAwslogsDataReference(data);
  expect(batchIdOf(batch)).toBe(batchIdOf(reference));
  if (events === undefined) return;
  const memo = createRecordMemo();
  reference.logEvents.forEach((event, i) => {
    const context: RecordContext = { now: NOW, logTimestamp: event?.timestamp };
    const expected =
      event === undefined
        ? { ok: false, reason: 'invalid_log_event' }
        : parseFirewallRecordReference(event.message, context);
    expect(parseEncodedFirewallRecord(events, i, { ...context, memo })).toStrictEqual(expected);
  });
}

const gzipBase64 = (text: string) => gzipSync(text).toString('base64');

/** A message as the payload writes it: JSON.stringify's escapes (`\"`) mostly, else any JSON escapes. */
const messageToken = (message: string, random: () => number) =>
  new NumberText(random() < 0.7 ? JSON.stringify(message) : render(message, random).trim());

const realistic = generateFirewallMessages({
  events: 300,
  seed: 31,
  startTime: START,
  malformedRate: 0.05,
}).map((m) => m.message);
const messages = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...realistic) },
  {
    weight: 3,
    arbitrary: fc.tuple(anyRecord, fc.integer()).map(([r, seed]) => render(r, seededRandom(seed))),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(...realistic), fc.array(mutation, { minLength: 1, maxLength: 2 }))
      .map(([message, edits]) => edits.reduce((text, edit) => edit(text), message)),
  },
  { weight: 1, arbitrary: fc.oneof(hostnames, strings, fc.string({ unit: 'grapheme', maxLength: 20 })) },
);
const ids = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.bigInt({ min: 0n, max: 10n ** 56n }).map((n) => n.toString().padStart(56, '0')),
  },
  { weight: 1, arbitrary: fc.oneof(fc.constant(''), strings, anyValue) },
);
const timestamps = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 2 ** 45 }) },
  {
    weight: 1,
    arbitrary: fc.oneof(
      anyValue,
      fc.double(),
      fc.constantFrom('1E3', '-0', '1.50', '1e400', '12345678901234567890').map((t) => new NumberText(t)),
    ),
  },
);
/** A log event as an object to render, its message already a token. */
const logEvent = fc.oneof(
  {
    weight: 12,
    arbitrary: fc
      .tuple(
        fc.record({ id: ids, timestamp: timestamps, message: messages }, { requiredKeys: ['message'] }),
        fc.integer(),
        fc.boolean(),
      )
      .map(([event, seed, reorder]) => {
        const rendered: Record<string, unknown> = {
          ...event,
          message: messageToken(event.message, seededRandom(seed)),
        };
        return reorder ? Object.fromEntries(Object.entries(rendered).reverse()) : rendered;
      }),
  },
  { weight: 1, arbitrary: anyValue },
  { weight: 1, arbitrary: fc.record({ id: ids, message: anyValue }, { requiredKeys: [] }) },
);
const payloadObject = fc.record(
  {
    messageType: fc.oneof(
      { weight: 8, arbitrary: fc.constant('DATA_MESSAGE') },
      { weight: 1, arbitrary: fc.constantFrom('CONTROL_MESSAGE', 'OTHER', 'DATA_MESSAGE ') },
      { weight: 1, arbitrary: anyValue },
    ),
    owner: fc.oneof(fc.constant('123456789012'), strings, anyValue),
    logGroup: fc.oneof(fc.constant('/aws/network-firewall/fw/alert'), strings, anyValue),
    logStream: fc.oneof(fc.constant('fw_alert_us-east-1a'), strings, anyValue),
    subscriptionFilters: fc.oneof(fc.array(fc.oneof(strings, anyValue), { maxLength: 3 }), anyValue),
    logEvents: fc.oneof(
      { weight: 12, arbitrary: fc.array(logEvent, { maxLength: 8 }) },
      { weight: 1, arbitrary: anyValue },
    ),
    policyLevel: anyValue,
  },
  { requiredKeys: ['messageType', 'logEvents'] },
);
const payloadText = fc
  .tuple(payloadObject, fc.integer())
  .map(([payload, seed]) => render(payload, seededRandom(seed)));

describe('decodeAwslogsData (the payload read in place)', () => {
  it('decodes generated payloads in any formatting exactly as the reference does', () => {
    fc.assert(
      fc.property(payloadText, (text) => expectSameAsReference(gzipBase64(text))),
      { numRuns: 600 },
    );
  });

  it('decodes payloads with characters inserted, deleted or replaced exactly as the reference does', () => {
    fc.assert(
      fc.property(payloadText, fc.array(mutation, { minLength: 1, maxLength: 3 }), (text, edits) => {
        expectSameAsReference(gzipBase64(edits.reduce((edited, edit) => edit(edited), text)));
      }),
      { numRuns: 600 },
    );
  });

  it('decodes a realistic batch cut at every 97th byte as the reference does', () => {
    const text = JSON.stringify({
      messageType: 'DATA_MESSAGE',
      owner: '123456789012',
      logGroup: 'g',
      logStream: 's',
      subscriptionFilters: ['f'],
      logEvents: realistic
        .slice(0, 40)
        .map((message, i) => ({ id: String(i), timestamp: START + i, message })),
    });
    for (let end = 0; end <= text.length; end += 97) expectSameAsReference(gzipBase64(text.slice(0, end)));
  });

  it.each([
    [
      'a duplicate logEvents (the last wins)',
      '{"messageType":"DATA_MESSAGE","logEvents":[{"message":"a"}],"logEvents":[]}',
    ],
    [
      'a duplicate message (the last wins)',
      '{"messageType":"DATA_MESSAGE","logEvents":[{"message":"a","message":1}]}',
    ],
    [
      'an escaped key',
      '{"message\\u0054ype":"DATA_MESSAGE","logEvents":[{"m\\u0065ssage":"a","id":"\\u0031"}]}',
    ],
    ['an escaped message type', '{"messageType":"DATA\\u005fMESSAGE","logEvents":[]}'],
    [
      'non-ASCII text',
      '{"messageType":"DATA_MESSAGE","owner":"bücher","logEvents":[{"id":"é","message":"{\\"a\\":\\"ü\\"}"}]}',
    ],
    [
      'invalid UTF-8 in a string',
      Buffer.concat([
        Buffer.from('{"messageType":"DATA_MESSAGE","logEvents":[{"message":"'),
        Buffer.from([0xe2, 0x82]),
        Buffer.from('"}]}'),
      ]),
    ],
    ['a raw tab in a message', '{"messageType":"DATA_MESSAGE","logEvents":[{"message":"{\\"a\\":\\t1}"}]}'],
    ['a byte order mark', '\ufeff{"messageType":"DATA_MESSAGE","logEvents":[]}'],
    ['trailing garbage', '{"messageType":"DATA_MESSAGE","logEvents":[]}x'],
    ['a top-level array', '[{"messageType":"DATA_MESSAGE","logEvents":[]}]'],
    ['a missing messageType', '{"logEvents":[]}'],
    [
      'timestamps of every kind',
      '{"messageType":"DATA_MESSAGE","logEvents":[{"timestamp":1e3,"message":"a"},{"timestamp":-0,"message":"b"},{"timestamp":1e400,"message":"c"},{"timestamp":"1","message":"d"},{"timestamp":12345678901234567890,"message":"e"}]}',
    ],
    [
      'nesting deeper than the scanner follows',
      `{"messageType":"DATA_MESSAGE","x":${'['.repeat(MAX_DEPTH + 2)}${']'.repeat(MAX_DEPTH + 2)},"logEvents":[]}`,
    ],
    [
      'a message that ends in the middle of a record',
      '{"messageType":"DATA_MESSAGE","logEvents":[{"message":"{\\"firewall_name\\":\\"fw\\""}]}',
    ],
    [
      'a message with an escaped backslash before a quote',
      '{"messageType":"DATA_MESSAGE","logEvents":[{"message":"{\\"a\\":\\"\\\\\\"}"}]}',
    ],
  ])('decodes a payload with %s as the reference does', (_name, text) => {
    expectSameAsReference(gzipSync(typeof text === 'string' ? Buffer.from(text) : text).toString('base64'));
  });

  it('reads records of a learned layout in place as the reference does with any one character of them changed, removed or added', () => {
    // Prepare: a batch that teaches the in-place templates (and folds their unchanging values).
    const payload = (messages: string[]) =>
      JSON.stringify({
        messageType: 'DATA_MESSAGE',
        logEvents: messages.map((message, i) => ({ id: String(i), timestamp: START, message })),
      });
    const learned = generateFirewallMessages({ events: 200, seed: 23, startTime: START, malformedRate: 0 });
    expectSameAsReference(gzipBase64(payload(learned.map((m) => m.message))));
    const tls = learned.find((m) => m.message.includes('"tls"'))?.message as string;
    const http = learned.find((m) => m.message.includes('"http"'))?.message as string;

    // Act / Assess: edit the escaped message where it lies in the payload.
    for (const record of [tls, http]) {
      const text = payload([record]);
      const start = text.indexOf('"message":"') + '"message":"'.length;
      const end = text.lastIndexOf('"}]}');
      for (let i = start; i <= end; i += 3) {
        for (const character of ['x', '"', '\\', ' ', '}']) {
          expectSameAsReference(gzipBase64(text.slice(0, i) + character + text.slice(i + 1)));
          expectSameAsReference(gzipBase64(text.slice(0, i) + character + text.slice(i)));
        }
        expectSameAsReference(gzipBase64(text.slice(0, i) + text.slice(i + 1)));
      }
    }
  }, 60_000);

  it('reads records of one layout whose values vary in type and content in place as the reference does', () => {
    // Values that send the interpretation elsewhere: unusable event times (to event_timestamp, then the
    // log event's), no name (to dest_ip), refused firewalls and zones, flow IDs of every kind.
    const oneOf = <T>(...values: T[]) => fc.constantFrom(...values);
    const record = fc.record({
      firewall: oneOf<unknown>('fw', 'fw', 'bad name', '', 5),
      zone: oneOf<unknown>('us-east-1a', 'us-east-1b', 'Bad', ''),
      wrapperTime: oneOf<unknown>('1794787200', 1794787200, '', 'x', null, '2026-11-16T00:30:00Z'),
      time: oneOf<unknown>(
        '2026-11-16T00:30:00.123456+0000',
        '2026-11-16T00:30:01Z',
        '',
        'yesterday',
        '2026-02-31T00:00:00Z',
        '2030-01-01T00:00:00Z',
        5,
        null,
      ),
      flowId: oneOf<unknown>(1, 1, 2, 0, -1, 2 ** 53, '123', 1.5, 'x', null),
      eventType: oneOf<unknown>('alert', 'alert', 'tls', 'netflow', null, 3),
      source: oneOf<unknown>('10.0.0.1', '10.0.0.2', '10.0.0.256', '', 3),
      destination: oneOf<unknown>('52.1.2.3', '52.1.2.4', '', 'x', 7, '2001:db8::1'),
      action: oneOf<unknown>('allowed', 'blocked', 'DROP', 'x', 1),
      appProto: oneOf<unknown>('tls', 'http', 'x'),
      sni: oneOf<unknown>(
        'www.example.com',
        'api.example.com',
        '-',
        '',
        'API.Example.com.',
        5,
        null,
        '10.0.0.9',
      ),
    });
    const message = (r: Record<string, unknown>) =>
      JSON.stringify({
        firewall_name: r.firewall,
        availability_zone: r.zone,
        event_timestamp: r.wrapperTime,
        event: {
          timestamp: r.time,
          flow_id: r.flowId,
          event_type: r.eventType,
          src_ip: r.source,
          dest_ip: r.destination,
          alert: { action: r.action, severity: 3 },
          app_proto: r.appProto,
          tls: { sni: r.sni, version: 'TLS 1.3' },
        },
      });
    fc.assert(
      fc.property(
        // The first records alike, so that the layout folds their values; the rest vary them.
        record,
        fc.array(record, { minLength: 20, maxLength: 60 }),
        (first, rest) => {
          const records = [...Array.from({ length: 40 }, () => first), ...rest];
          const data = gzipBase64(
            JSON.stringify({
              messageType: 'DATA_MESSAGE',
              logEvents: records.map((r, i) => ({
                id: String(i),
                timestamp: START + i,
                message: message(r),
              })),
            }),
          );

          expectSameAsReference(data);
          const events = encodedLogEventsOf(decodeAwslogsData(data));
          let readInPlace = 0;
          for (let i = 0; events !== undefined && i < events.count; i++) {
            const { bytes, words, strings, layouts } = events;
            if (readEscapedRecordFields(bytes, words, strings, layouts, i, new RecordFields())) readInPlace++;
          }
          expect(readInPlace).toBeGreaterThan(records.length / 2);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('reads records in place after a layout whose event was no object, as the reference does', () => {
    // Prepare: a layout learned from records whose `event` is a string, often matched.
    const wrapper = { firewall_name: 'fw', availability_zone: 'us-east-1a', event_timestamp: '1794787200' };
    const payload = (messages: string[]) =>
      gzipBase64(
        JSON.stringify({
          messageType: 'DATA_MESSAGE',
          logEvents: messages.map((message, i) => ({ id: String(i), timestamp: START, message })),
        }),
      );
    expectSameAsReference(
      payload(Array.from({ length: 80 }, () => JSON.stringify({ ...wrapper, event: 'x' }))),
    );
    const records = Array.from({ length: 80 }, (_, i) =>
      JSON.stringify({
        ...wrapper,
        event: {
          event_type: 'alert',
          src_ip: `10.0.0.${i}`,
          alert: { action: 'allowed' },
          tls: { sni: 'a.example' },
        },
      }),
    );

    // Act
    const data = payload(records);
    const events = encodedLogEventsOf(decodeAwslogsData(data));

    // Assess: the event objects' fields are read in place, not through the string layout.
    expectSameAsReference(data);
    let readInPlace = 0;
    for (let i = 0; events !== undefined && i < events.count; i++) {
      const { bytes, words, strings, layouts } = events;
      if (readEscapedRecordFields(bytes, words, strings, layouts, i, new RecordFields())) readInPlace++;
    }
    expect(readInPlace).toBeGreaterThan(70);
  });

  it('decodes every payload in the corpus and the samples as the reference does', () => {
    const payloads = [...base64Payloads(CORPUS_DIR), ...base64Payloads(join(EVENTS_DIR, 'ingest'))];
    expect(payloads.length).toBeGreaterThan(8);
    for (const data of payloads) expectSameAsReference(data);
  });

  it('checks the records of the sample batch where they lie, so that the ingest reads only their values', () => {
    const data = JSON.parse(readFileSync(join(EVENTS_DIR, 'ingest', 'week-alerts.awslogs.json'), 'utf8'))
      .awslogs.data as string;

    const events = encodedLogEventsOf(decodeAwslogsData(data));

    expect(events?.count).toBe(1000);
    let noted = 0;
    for (let i = 0; i < 1000; i++) {
      if (events && readEscapedFirewallRecord(events.bytes, events.words, events.strings, events.layouts, i))
        noted++;
    }
    // All but the first records of each layout (scanned in full, which teaches the layout) and the broken ones.
    expect(noted).toBeGreaterThan(900);
  });
});

describe('ingestSubscriptionBatch on a payload read in place', () => {
  it('counts exactly what the reference decoding and parsing of every message counts', async () => {
    const batch = generateFirewallMessages({ events: 3000, seed: 41, startTime: START, malformedRate: 0.05 });
    const text = JSON.stringify({
      messageType: 'DATA_MESSAGE',
      owner: '123456789012',
      logGroup: 'g',
      logStream: 's',
      subscriptionFilters: [],
      logEvents: batch.map((event, i) => ({
        id: String(i).padStart(56, '0'),
        timestamp: event.timestamp,
        message: event.message,
      })),
    });
    const data = gzipBase64(text);

    const fast = await ingestCapturing((store) =>
      ingestSubscriptionBatch({ store, now: () => NOW }, decodeAwslogsData(data)),
    );
    const reference = await ingestCapturing((store) =>
      ingestBatch(
        { store, now: () => NOW },
        {
          batchId: batchIdOf(decodeAwslogsDataReference(data)),
          events: decodeAwslogsDataReference(data).logEvents,
        },
      ),
    );

    expect(fast).toStrictEqual(reference);
    expect(fast.aggregate?.hostnames.length).toBeGreaterThan(50);
  });
});

/** Runs an ingest against a store that keeps what it was given, and returns both. */
async function ingestCapturing(
  run: (store: Pick<InventoryStore, 'applyBatch'>) => Promise<unknown>,
): Promise<{ result: unknown; aggregate: BatchAggregate | undefined; batchId: string | undefined }> {
  let aggregate: BatchAggregate | undefined;
  let batchId: string | undefined;
  const store: Pick<InventoryStore, 'applyBatch'> = {
    applyBatch: async (batch) => {
      aggregate = batch.aggregate;
      batchId = batch.batchId;
      return { chunks: 1, duplicateChunks: 0, itemsWritten: 0 };
    },
  };
  const result = await run(store);
  // The use cases differ only in what they say around the counts: the batch ID (compared apart) and `control`.
  return { result: { ...(result as object), batchId: undefined, control: undefined }, aggregate, batchId };
}

/** Every string in the JSON files under `directory` that is base64 of gzip or zlib data. */
function base64Payloads(directory: string): string[] {
  const found: string[] = [];
  const visit = (value: unknown) => {
    if (typeof value === 'string') {
      if (value.length >= 16 && /^[A-Za-z0-9+/]+={0,2}$/.test(value)) {
        const bytes = Buffer.from(value, 'base64');
        if ((bytes[0] === 0x1f && bytes[1] === 0x8b) || bytes[0] === 0x78) found.push(value);
      }
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(visit);
  };
  const walk = (path: string) => {
    if (statSync(path).isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
    else if (path.endsWith('.json')) {
      try {
        visit(JSON.parse(readFileSync(path, 'utf8')));
      } catch {
        // JSON lines or not JSON: no payload of this kind
      }
    }
  };
  walk(directory);
  return found;
}
