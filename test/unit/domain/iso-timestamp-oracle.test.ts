import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIsoTimestamp } from '../../../shared/domain/time.ts';

/** The regular-expression parser parseIsoTimestamp replaced: the hand-written one must agree with it everywhere. */
const ISO_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}(?::?\d{2})?)?$/;
function parseIsoTimestampWithRegex(text: string): number | undefined {
  const match = ISO_TIMESTAMP.exec(text);
  if (match === null) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  const [month, day, hour, minute, second] = [mo, d, h, mi, s].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
    return undefined;
  const millis = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
  let time = Date.UTC(Number(y), month - 1, day, hour, minute, second, millis);
  if (new Date(time).getUTCDate() !== day) return undefined;
  if (zone !== undefined && zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetHours = Number(digits.slice(0, 2));
    const offsetMinutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (offsetHours > 23 || offsetMinutes > 59) return undefined;
    time -= sign * (offsetHours * 60 + offsetMinutes) * 60_000;
  }
  return time;
}

const twoDigits = fc.oneof(
  fc.constantFrom('00', '01', '09', '12', '13', '23', '24', '28', '29', '30', '31', '59', '60', '61', '99'),
  fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, '0')),
);
const year = fc.oneof(
  fc.constantFrom('0000', '0050', '0099', '0100', '1900', '1970', '2000', '2024', '2026', '2100', '9999'),
  fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')),
);
const fraction = fc.oneof(fc.constant(''), fc.constant('.'), fc.stringMatching(/^\.[0-9]{1,11}$/));
const zone = fc.constantFrom(
  '',
  'Z',
  'z',
  '+0000',
  '-0000',
  '+00:00',
  '-05:30',
  '+2359',
  '+2400',
  '+0060',
  '+00',
  '-1',
  '+000',
  '+00:0',
  'Zx',
  '+05:300',
  ' ',
);
const timestampLike = fc
  .tuple(
    year,
    twoDigits,
    twoDigits,
    fc.constantFrom('T', ' ', 't', '_'),
    twoDigits,
    twoDigits,
    twoDigits,
    fraction,
    zone,
  )
  .map(([y, mo, d, sep, h, mi, s, f, z]) => `${y}-${mo}-${d}${sep}${h}:${mi}:${s}${f}${z}`);

describe('parseIsoTimestamp', () => {
  it.each([
    ['2021-09-09T08:48:08.126655+0000', 1631177288126],
    ['2021-09-09T08:48:08Z', 1631177288000],
    ['2021-09-09 10:48:08.1+02:00', 1631177288100],
    ['2021-09-09T08:48:08', 1631177288000],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
    ['0050-01-01T00:00:00Z', Date.UTC(50, 0, 1)],
  ])('reads %s', (text, expected) => {
    expect(parseIsoTimestamp(text)).toBe(expected);
  });

  it.each([
    '2023-02-29T00:00:00Z',
    '2021-09-09T23:59:60Z',
    '2021-09-09T08:48:08.1234567890Z',
    '2021-09-09T08:48:08+0060',
    '2021-9-09T08:48:08Z',
    '٢٠٢١-09-09T08:48:08Z',
  ])('refuses %s', (text) => {
    expect(parseIsoTimestamp(text)).toBeUndefined();
  });

  it('agrees with the regular-expression parser on timestamp-like text', () => {
    fc.assert(
      fc.property(timestampLike, (text) => {
        expect(parseIsoTimestamp(text)).toBe(parseIsoTimestampWithRegex(text));
      }),
      { numRuns: 20_000 },
    );
  });

  it('agrees with the regular-expression parser on edited timestamps and arbitrary text', () => {
    fc.assert(
      fc.property(
        timestampLike,
        fc.nat(),
        fc.nat({ max: 3 }),
        fc.string({ maxLength: 3 }),
        (text, at, cut, insert) => {
          const i = at % (text.length + 1);
          const edited = text.slice(0, i) + insert + text.slice(i + cut);
          expect(parseIsoTimestamp(edited)).toBe(parseIsoTimestampWithRegex(edited));
        },
      ),
      { numRuns: 10_000 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        expect(parseIsoTimestamp(text)).toBe(parseIsoTimestampWithRegex(text));
      }),
    );
  });
});
