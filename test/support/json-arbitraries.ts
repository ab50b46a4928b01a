// fast-check arbitraries of JSON text for the scanners' tests: firewall records with values of every type and look-alike keys, random formatting, escapes, duplicate keys and edits.
import fc from 'fast-check';

// Generated records: the fields the interpretation reads, with values of every type, look-alike keys
// in places it must not read, noise fields; rendered with random whitespace, escapes and duplicate keys.

/** Number text as it appears on the wire (`1E3`, `-0`, `1.50`), kept apart from JS numbers. */
export class NumberText {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

export const hostnames = fc.constantFrom(
  'www.example.com',
  'WWW.Example.COM.',
  'api.example.com:443',
  '-',
  '',
  'bücher.de',
  'xn--bcher-kva.de',
  '10.0.0.1',
  '[2001:db8::1]:443',
  '<script>',
  'a\u0000b',
  `${'a'.repeat(64)}.example.com`,
  'sni',
  '"sni":"x"',
);
export const strings = fc.oneof(
  hostnames,
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
  fc.constantFrom(
    'alert',
    'tls',
    'http',
    'netflow',
    'allowed',
    'blocked',
    'DROP',
    'Pass',
    'us-east-1a',
    'bad name',
  ),
);
const timestamps = fc.constantFrom(
  '2026-11-16T00:30:00.123456+0000',
  '2026-11-16T00:30:00Z',
  '2026-11-16 00:30:00+01:00',
  '2026-02-31T00:00:00Z',
  '2030-01-01T00:00:00Z',
  '1631177288',
  'yesterday',
  '',
);
const numbers = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(1763251200, 1763251200000, 0, -1).map(Number),
  fc.constantFrom('1E3', '-0', '1.50', '1e400', '0.1e-2', '17632512e2').map((text) => new NumberText(text)),
);
const scalar = fc.oneof(strings, numbers, fc.boolean(), fc.constant(null));
const fieldName = fc.constantFrom(
  'firewall_name',
  'availability_zone',
  'event_timestamp',
  'event',
  'event_type',
  'timestamp',
  'src_ip',
  'dest_ip',
  'sni',
  'app_proto',
  'tls',
  'http',
  'hostname',
  'alert',
  'verdict',
  'revocation_check',
  'action',
  '__proto__',
);
export const anyValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 6 }), fieldName), tie('value'), { maxKeys: 3 }),
  ),
})).value;
const subObject = (key: string, values: fc.Arbitrary<unknown>) =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({ [key]: values, version: strings, extra: anyValue }, { requiredKeys: [] }),
    },
    { weight: 1, arbitrary: anyValue },
  );
const actions = fc.oneof(fc.constantFrom('allowed', 'blocked', 'ALERT', 'drop', 'reject', 'unknown'), scalar);
const event = fc.record(
  {
    event_type: fc.oneof(fc.constantFrom('alert', 'tls', 'http', 'netflow', 'dns'), scalar),
    timestamp: fc.oneof({ weight: 4, arbitrary: timestamps }, { weight: 1, arbitrary: scalar }),
    flow_id: numbers,
    src_ip: fc.oneof(fc.constantFrom('10.0.2.182', '2001:DB8::1', 'fe80::1%eth0', 'not-an-ip'), scalar),
    dest_ip: fc.oneof(fc.constantFrom('52.1.2.3', '::1', '999.1.1.1'), scalar),
    sni: fc.oneof(hostnames, scalar),
    app_proto: fc.oneof(fc.constantFrom('tls', 'http', 'dns'), scalar),
    tls: subObject('sni', fc.oneof(hostnames, scalar)),
    http: subObject('hostname', fc.oneof(hostnames, scalar)),
    alert: subObject('action', actions),
    verdict: subObject('action', actions),
    revocation_check: subObject('action', actions),
    metadata: anyValue,
  },
  { requiredKeys: [] },
);
export const anyRecord: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record(
      {
        firewall_name: fc.oneof(fc.constantFrom('egress-firewall', 'fw-1', 'bad name', ''), scalar),
        availability_zone: fc.oneof(fc.constantFrom('us-east-1a', 'use1-az1', 'US-EAST-1A'), scalar),
        event_timestamp: fc.oneof(timestamps, numbers, scalar),
        event: fc.oneof({ weight: 5, arbitrary: event }, { weight: 1, arbitrary: anyValue }),
        aws_category: anyValue,
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 2, arbitrary: event },
  { weight: 1, arbitrary: anyValue },
);

/** JSON text of a value, for splicing into realistic records. */
export const anyJsonText = fc.oneof(
  anyValue.map((value) => JSON.stringify(value) ?? 'null'),
  fc.constantFrom(
    '"-"',
    '""',
    'null',
    '{}',
    '[]',
    '"www.Example.com"',
    '{"sni":"x"}',
    '"\\u0041"',
    '01',
    '"a',
  ),
);

export type Mutation = (text: string) => string;
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.nat().map(
    (at): Mutation =>
      (text) =>
        text.slice(0, at % (text.length + 1)),
  ),
  fc.nat().map(
    (at): Mutation =>
      (text) => {
        const i = at % (text.length + 1);
        return text.slice(0, i) + text.slice(i + 1);
      },
  ),
  fc
    .tuple(
      fc.nat(),
      fc.constantFrom(...'{}[]":,\\ \t\n0123456789.eE+-truefalsn/u\u0000\u001fé\u2028'.split('')),
    )
    .map(
      ([at, character]): Mutation =>
        (text) => {
          const i = at % (text.length + 1);
          return text.slice(0, i) + character + text.slice(i);
        },
    ),
  fc.tuple(fc.nat(), fc.constantFrom(...'"\\/bfnrtuaxU0\'é'.split(''))).map(
    ([at, character]): Mutation =>
      (text) => {
        const i = at % (text.length + 1);
        return `${text.slice(0, i)}\\${character}${text.slice(i)}`;
      },
  ),
  fc.tuple(fc.nat(), fc.nat({ max: 40 }), fc.nat()).map(
    ([from, length, to]): Mutation =>
      (text) => {
        const start = from % (text.length + 1);
        const piece = text.slice(start, start + length);
        const i = to % (text.length + 1);
        return text.slice(0, i) + piece + text.slice(i);
      },
  ),
);

/** Renders like JSON.stringify, but with random whitespace, escaped characters and duplicated keys. */
export function render(value: unknown, random: () => number): string {
  const spacing = random();
  const space = () => (spacing < 0.6 ? '' : [' ', '\n', '\t', '\r\n  ', ''][Math.floor(random() * 5)]);
  const escapeRate = random() < 0.5 ? 0 : random() * 0.3;
  const duplicateRate = random() < 0.6 ? 0 : random() * 0.3;
  const text = (s: string): string => {
    let out = '"';
    for (const character of s) {
      const code = character.charCodeAt(0);
      if (character === '"' || character === '\\' || code < 0x20 || random() < escapeRate) {
        out +=
          character.length > 1
            ? [...character].map((c) => escapeCode(c.charCodeAt(0), false)).join('')
            : character === '/' && random() < 0.5
              ? '\\/'
              : escapeCode(code, random() < 0.5);
      } else out += character;
    }
    return `${out}"`;
  };
  const write = (v: unknown): string => {
    if (v instanceof NumberText) return v.text;
    if (typeof v === 'string') return text(v);
    if (Array.isArray(v)) return `[${space()}${v.map(write).join(`${space()},${space()}`)}${space()}]`;
    if (typeof v === 'object' && v !== null) {
      const members: string[] = [];
      for (const [key, inner] of Object.entries(v)) {
        if (random() < duplicateRate)
          members.push(`${text(key)}${space()}:${space()}${write(random() < 0.5 ? null : 'dup')}`);
        members.push(`${text(key)}${space()}:${space()}${write(inner)}`);
      }
      return `{${space()}${members.join(`${space()},${space()}`)}${space()}}`;
    }
    return JSON.stringify(v) ?? 'null';
  };
  return `${space()}${write(value)}${space()}`;
}

/** `\uXXXX` in upper or lower case hex digits (JSON accepts both). */
function escapeCode(code: number, upper: boolean): string {
  const hex = code.toString(16).padStart(4, '0');
  return `\\u${upper ? hex.toUpperCase() : hex}`;
}
