import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateFirewallMessages, seededRandom } from '../../../shared/cli/demo-traffic.ts';
import {
  createRecordMemo,
  parseFirewallRecord,
  parseFirewallRecordReference,
  type RecordContext,
} from '../../../shared/domain/firewall-record.ts';
import {
  isCertainlyNotJson,
  layoutsLearned,
  MAX_DEPTH,
  MAX_SCANNED_LENGTH,
  scanFirewallRecord,
} from '../../../shared/domain/record-scanner.ts';
import { corpusMessages } from '../../bench/corpus-records.ts';
import { anyJsonText, anyRecord, mutation, render } from '../../support/json-arbitraries.ts';

const START = Date.UTC(2026, 10, 16);
const NOW = START + 3_600_000;
const CONTEXTS: { name: string; context: RecordContext }[] = [
  { name: 'a subscription batch', context: { now: NOW, logTimestamp: START } },
  {
    name: 'a CLI import with defaults',
    context: { now: NOW, defaults: { firewall: 'fw', availabilityZone: 'az-1' } },
  },
];
/** Shared across a test's records, as in a batch: memo hits must not change any result. */
let memo = createRecordMemo();

/** The fast path gives exactly what JSON.parse + interpretation gives, and only claims JSON that is JSON. */
function expectSameAsReference(message: string): void {
  for (const { context } of CONTEXTS) {
    expect(parseFirewallRecord(message, { ...context, memo })).toStrictEqual(
      parseFirewallRecordReference(message, context),
    );
  }
  if (scanFirewallRecord(message) !== undefined) expect(() => JSON.parse(message)).not.toThrow();
}

const ALERT =
  '{"firewall_name":"network-firewall","availability_zone":"ap-northeast-1c","event_timestamp":"1631177288","event":{"timestamp":"2021-09-09T08:48:08.126655+0000","flow_id":1019585680161813,"event_type":"alert","src_ip":"10.0.2.182","src_port":59601,"dest_ip":"172.217.26.4","dest_port":443,"proto":"TCP","alert":{"action":"blocked","signature_id":4,"rev":1,"signature":"not matching any TLS allowlisted FQDNs","category":"","severity":1},"tls":{"sni":"www.google.com","version":"UNDETERMINED","ja3":{},"ja3s":{}},"app_proto":"tls"}}';
const HTTP_ALERT =
  '{"firewall_name":"fw","availability_zone":"us-east-1a","event_timestamp":1763251200,"event":{"timestamp":"2025-11-16T00:00:00Z","event_type":"alert","src_ip":"10.0.0.7","dest_ip":"93.184.216.34","alert":{"action":"allowed"},"verdict":{"action":"drop"},"http":{"hostname":"Example.COM:8080","url":"/","sni":"look-alike.example"},"app_proto":"http"}}';
const TLS_LOG =
  '{"firewall_name":"fw","availability_zone":"use1-az1","event_timestamp":1763251200,"event":{"src_ip":"10.0.0.8","src_port":"52000","dest_ip":"52.1.2.3","dest_port":"443","sni":"-","tls_error":{"error_message":"-"},"revocation_check":{"leaf_cert_fpr":"x","action":"DROP","status":"REVOKED"}}}';

describe('scanFirewallRecord', () => {
  let corpus: { origin: string; message: string }[] = [];
  beforeAll(async () => {
    corpus = await corpusMessages();
  });

  it('reads the corpus: every record of ../shared/corpus gives the reference result', () => {
    expect(corpus.length).toBeGreaterThan(100);
    memo = createRecordMemo();
    for (const { message } of corpus) expectSameAsReference(message);
  });

  it('reads generated traffic, malformed records included, as the reference does', () => {
    memo = createRecordMemo();
    const messages = generateFirewallMessages({
      events: 3000,
      seed: 5,
      startTime: START,
      malformedRate: 0.05,
    });
    let scanned = 0;
    for (const { message } of messages) {
      expectSameAsReference(message);
      if (scanFirewallRecord(message) !== undefined) scanned++;
    }
    // The fast path really is taken: only the broken records (about 5 %) go to JSON.parse.
    expect(scanned).toBeGreaterThan(messages.length * 0.9);
  });

  it.each([
    ['an alert', ALERT],
    ['an HTTP alert with a look-alike sni key', HTTP_ALERT],
    ['a TLS-log record', TLS_LOG],
    ['a pretty-printed alert', JSON.stringify(JSON.parse(ALERT), null, 2)],
  ])('gives the reference result for %s cut at every position', (_name, record) => {
    memo = createRecordMemo();
    for (let end = 0; end <= record.length; end++) expectSameAsReference(record.slice(0, end));
  });

  it.each([
    [
      'a duplicate tls object (the last one wins)',
      ALERT.replace('"tls":{', '"tls":{"sni":"first.example"},"tls":{'),
    ],
    ['a duplicate sni key', ALERT.replace('"sni":"www.google.com"', '"sni":"a.example","sni":"b.example"')],
    ['a duplicate event', ALERT.replace('"event":{', '"event":null,"event":{')],
    ['an escaped key spelling a tracked name', ALERT.replace('"firewall_name"', '"firewall\\u005fname"')],
    ['an escaped key inside tls', ALERT.replace('"sni":', '"\\u0073ni":')],
    ['escapes in the hostname', ALERT.replace('www.google.com', 'www.\\u0067oogle.com\\/x')],
    ['a raw control character in a skipped value', ALERT.replace('UNDETERMINED', 'UNDE\tTERMINED')],
    [
      'an sni key inside a string value',
      ALERT.replace('"proto":"TCP"', '"proto":"\\"sni\\":\\"evil.example\\""'),
    ],
    ['an sni key one level too deep', ALERT.replace('"ja3":{}', '"ja3":{"sni":"deep.example"}')],
    ['a hostname that is a number', ALERT.replace('"www.google.com"', '42')],
    ['a hostname that is an object', ALERT.replace('"www.google.com"', '{"sni":"x.example"}')],
    ['tls as an array', ALERT.replace(/"tls":\{[^}]*"ja3s":\{\}\}/, '"tls":["www.google.com"]')],
    ['event as an array', '{"firewall_name":"fw","availability_zone":"az","event":[1]}'],
    ['a non-ASCII hostname', ALERT.replace('www.google.com', 'bücher.de')],
    ['a lone surrogate', ALERT.replace('UNDETERMINED', '\ud800')],
    ['a byte order mark', `\ufeff${ALERT}`],
    ['surrounding whitespace', ` \r\n\t${ALERT}\n `],
    ['non-JSON whitespace', `\u00a0${ALERT}`],
    ['trailing garbage', `${ALERT}}`],
    ['two records on one line', `${ALERT}${ALERT}`],
    ['a numeric event_timestamp with exponent', ALERT.replace('"1631177288"', '1.631177288E9')],
    ['an event_timestamp of -0', ALERT.replace('"1631177288"', '-0')],
    ['an event_timestamp of 1e400', ALERT.replace('"1631177288"', '1e400')],
    ['a number with a leading zero', ALERT.replace('"rev":1', '"rev":01')],
    ['a bare minus sign', ALERT.replace('"rev":1', '"rev":-')],
    ['a fraction without digits', ALERT.replace('"rev":1', '"rev":1.')],
    ['a misspelt literal', ALERT.replace('"category":""', '"category":nul')],
    ['a single-quoted string', ALERT.replace('"TCP"', "'TCP'")],
    ['a trailing comma', ALERT.replace(',"ja3s":{}', ',"ja3s":{},')],
    ['a trailing comma in a skipped object', ALERT.replace('"ja3":{}', '"ja3":{"a":1,}')],
    ['a trailing comma in a skipped array', ALERT.replace('"ja3":{}', '"ja3":[1,2,]')],
    ['a missing value in a skipped array', ALERT.replace('"ja3":{}', '"ja3":[1,,2]')],
    ['a missing colon in a skipped object', ALERT.replace('"ja3":{}', '"ja3":{"a" 1}')],
    ['an unknown escape in a skipped string', ALERT.replace('UNDETERMINED', 'UNDE\\aTERMINED')],
    ['a hex escape in a skipped string', ALERT.replace('UNDETERMINED', '\\x41')],
    ['a short unicode escape in a skipped string', ALERT.replace('UNDETERMINED', '\\u12G4')],
    ['a single-quote escape in a skipped string', ALERT.replace('UNDETERMINED', "\\'")],
    ['an unknown escape in the hostname', ALERT.replace('www.google.com', 'www.\\google.com')],
    ['a top-level array', `[${ALERT}]`],
    ['a top-level string', JSON.stringify(ALERT)],
    ['an empty object', '{}'],
    ['an empty message', ''],
    ['a bare Suricata EVE line', JSON.stringify(JSON.parse(ALERT).event)],
    [
      'nesting deeper than the scanner follows',
      ALERT.replace('"ja3":{}', `"ja3":${'['.repeat(MAX_DEPTH + 5)}${']'.repeat(MAX_DEPTH + 5)}`),
    ],
    [
      'nesting just within what the scanner follows',
      ALERT.replace('"ja3":{}', `"ja3":${'['.repeat(MAX_DEPTH)}${']'.repeat(MAX_DEPTH)}`),
    ],
  ])('gives the reference result for %s', (_name, message) => {
    memo = createRecordMemo();
    expectSameAsReference(message);
  });

  it('gives the reference result for records of a learned layout with any one character changed, removed or added', () => {
    // Prepare: enough records of each layout to learn it and fold its unchanging values.
    memo = createRecordMemo();
    const messages = generateFirewallMessages({ events: 300, seed: 21, startTime: START, malformedRate: 0 });
    for (const { message } of messages) expectSameAsReference(message);
    const tls = messages.find((m) => m.message.includes('"tls"'))?.message as string;
    const http = messages.find((m) => m.message.includes('"http"'))?.message as string;

    // Act / Assess
    for (const record of [tls, http]) {
      for (let i = 0; i <= record.length; i++) {
        for (const character of ['x', '"', '1', ' ', '}']) {
          expectSameAsReference(record.slice(0, i) + character + record.slice(i + 1));
          expectSameAsReference(record.slice(0, i) + character + record.slice(i));
        }
        expectSameAsReference(record.slice(0, i) + record.slice(i + 1));
      }
      for (const tail of ['}', 'x', ',', ' {}', '\n\n', '\u0000']) expectSameAsReference(record + tail);
    }
    // Thousands of records: more than the default 5 s on a busy machine.
  }, 30_000);

  it('stops learning layouts once a steady mix of them, rare ones included, is kept', () => {
    // Prepare: two common layouts (each learned, then folded into a second template) and three rare
    // ones that come back in every batch; the originals of the folded templates match nothing more.
    memo = createRecordMemo();
    const common = generateFirewallMessages({ events: 200, seed: 5, startTime: START, malformedRate: 0 });
    const rare = [
      '{"firewall_name":"fw","availability_zone":"az-1","event":{"event_type":"netflow","src_ip":"10.0.0.1","netflow":{"pkts":3}}}',
      '{"availability_zone":"az-1","event":{"event_type":"alert","tls":{"sni":"no-firewall.example"}}}',
      '{"firewall_name":"fw","availability_zone":"az-1","event":{"event_type":"alert","alert":{"action":"blocked"}}}',
    ];
    const batch = () => {
      for (const [i, { message }] of common.entries()) {
        expectSameAsReference(message);
        if (i % 50 === 0) for (const message of rare) expectSameAsReference(message);
      }
    };
    // Templates left by earlier tests lose their hits as new layouts come, a halving each: a few rounds.
    let warmUp = 0;
    for (let learned = -1; learned !== 0 && warmUp < 20; warmUp++) {
      const before = layoutsLearned();
      batch();
      learned = layoutsLearned() - before;
    }

    // Act
    const before = layoutsLearned();
    for (let round = 0; round < 3; round++) batch();

    // Assess: every later record matched a kept layout.
    expect(warmUp).toBeLessThan(20);
    expect(layoutsLearned() - before).toBe(0);
  });

  it('takes the fast path for an ordinary alert and returns only the fields the interpretation reads', () => {
    // Prepare / Act
    const scanned = scanFirewallRecord(ALERT);

    // Assess
    expect(scanned).toEqual({
      firewall_name: 'network-firewall',
      availability_zone: 'ap-northeast-1c',
      event_timestamp: '1631177288',
      event: expect.objectContaining({
        event_type: 'alert',
        timestamp: '2021-09-09T08:48:08.126655+0000',
        src_ip: '10.0.2.182',
        dest_ip: '172.217.26.4',
        app_proto: 'tls',
        alert: { action: 'blocked' },
        tls: { sni: 'www.google.com' },
      }),
    });
  });

  it('leaves records with a duplicate tracked key, an escaped key or non-ASCII text to JSON.parse', () => {
    expect(
      scanFirewallRecord(ALERT.replace('"sni":"www.google.com"', '"sni":"a","sni":"b"')),
    ).toBeUndefined();
    expect(scanFirewallRecord(ALERT.replace('"firewall_name"', '"firewall\\u005fname"'))).toBeUndefined();
    expect(scanFirewallRecord(ALERT.replace('UNDETERMINED', 'é'))).toBeUndefined();
  });

  it('gives the reference result for generated records in any formatting', () => {
    memo = createRecordMemo();
    fc.assert(
      fc.property(anyRecord, fc.integer(), (record, seed) => {
        expectSameAsReference(render(record, seededRandom(seed)));
      }),
      { numRuns: 1500 },
    );
  });

  it('gives the reference result for records with characters inserted, deleted or replaced', () => {
    memo = createRecordMemo();
    fc.assert(
      fc.property(
        anyRecord,
        fc.integer(),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        (record, seed, edits) => {
          let message = render(record, seededRandom(seed));
          for (const edit of edits) message = edit(message);
          expectSameAsReference(message);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('gives the reference result for realistic records with a key duplicated, retyped or escaped', () => {
    memo = createRecordMemo();
    const messages = generateFirewallMessages({ events: 200, seed: 9, startTime: START }).map(
      (m) => m.message,
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...messages),
        fc.nat(),
        fc.nat(),
        anyJsonText,
        (message, at, keyIndex, value) => {
          const keys = [...message.matchAll(/"([a-z_]+)":/g)];
          const key = keys[keyIndex % keys.length] as RegExpMatchArray;
          const position = key.index as number;
          const duplicated = `${message.slice(0, position)}"${key[1]}":${value},${message.slice(position)}`;
          const retyped =
            message.slice(0, position + key[0].length) + value + skipValue(message, position + key[0].length);
          const escaped = `${message.slice(0, position + 1)}\\u${(key[1] as string).charCodeAt(0).toString(16).padStart(4, '0')}${message.slice(position + 2)}`;
          const cut = message.slice(0, at % (message.length + 1));
          for (const variant of [duplicated, retyped, escaped, cut]) expectSameAsReference(variant);
        },
      ),
      { numRuns: 800 },
    );
  });
});

describe('isCertainlyNotJson', () => {
  /** Whether JSON.parse accepts the text. */
  const parses = (text: string) => {
    try {
      JSON.parse(text);
      return true;
    } catch {
      return false;
    }
  };
  /** Whether the scanner can be certain of the text: ASCII, short enough, never nested MAX_DEPTH deep. */
  const checkable = (text: string) => {
    if (text.length > MAX_SCANNED_LENGTH || /[^\p{ASCII}]/u.test(text)) return false;
    let depth = 0;
    let deepest = 0;
    // Brackets inside strings count too: an upper bound of the nesting, enough to rule it out.
    for (const c of text) {
      if (c === '{' || c === '[') deepest = Math.max(deepest, ++depth);
      else if (c === '}' || c === ']') depth--;
    }
    return deepest < MAX_DEPTH;
  };

  it('is true exactly for checkable text that JSON.parse rejects: records cut, edited, in any formatting', () => {
    let rejected = 0;
    fc.assert(
      fc.property(
        anyRecord,
        fc.integer(),
        fc.array(mutation, { maxLength: 3 }),
        fc.nat(),
        (record, seed, edits, cut) => {
          let text = render(record, seededRandom(seed));
          for (const edit of edits) text = edit(text);
          for (const variant of [text, text.slice(0, cut % (text.length + 1))]) {
            const certain = isCertainlyNotJson(variant);
            if (certain) rejected++;
            expect(certain).toBe(checkable(variant) && !parses(variant));
          }
        },
      ),
      { numRuns: 2000 },
    );
    // The property held for broken text, not only for text that parses.
    expect(rejected).toBeGreaterThan(500);
  });

  it('leaves to JSON.parse what it cannot be certain of, and says nothing of valid JSON', () => {
    const deep = `${'['.repeat(MAX_DEPTH + 1)}${']'.repeat(MAX_DEPTH + 1)}`;
    const deepAndBroken = `${'['.repeat(MAX_DEPTH + 5)}1`;
    expect(isCertainlyNotJson(deep)).toBe(false);
    expect(isCertainlyNotJson(deepAndBroken)).toBe(false);
    expect(isCertainlyNotJson('{"tls":{"sni":"bücher.example"')).toBe(false);
    expect(isCertainlyNotJson(`"${'a'.repeat(MAX_SCANNED_LENGTH)}`)).toBe(false);
    for (const text of [ALERT, ' [1, 2.5e3, true, null, "\\u00e9"] ', '0', '""']) {
      expect(isCertainlyNotJson(text)).toBe(false);
    }
    for (const text of [
      ALERT.slice(0, 60),
      '',
      ' ',
      '{} x',
      '{"a":1,}',
      '[01]',
      '"\t"',
      '"\\x"',
      'nul',
      '-',
    ]) {
      expect(isCertainlyNotJson(text)).toBe(true);
    }
  });

  it('gives not_json for a cut record without an exception from JSON.parse', () => {
    const original = JSON.parse;
    let calls = 0;
    JSON.parse = (text: string, reviver?: Parameters<typeof JSON.parse>[1]) => {
      calls++;
      return original(text, reviver);
    };
    try {
      expect(parseFirewallRecord(ALERT.slice(0, 60), { now: NOW })).toEqual({
        ok: false,
        reason: 'not_json',
      });
    } finally {
      JSON.parse = original;
    }
    expect(calls).toBe(0);
  });
});

/** The rest of `text` after the JSON value at `start` (or the whole rest when it is not one). */
function skipValue(text: string, start: number): string {
  for (let end = start + 1; end <= text.length; end++) {
    try {
      JSON.parse(text.slice(start, end));
      if (!/[0-9a-z]/.test(text[end] ?? '')) return text.slice(end);
    } catch {
      // keep going
    }
  }
  return text.slice(start);
}
