// Reads the timestamps Network Firewall and CloudWatch Logs write, and turns instants into UTC day keys.

/** Epoch seconds below this are taken as seconds, above it as milliseconds (1e11 s is the year 5138). */
const SECONDS_OR_MILLISECONDS = 1e11;

export const DAY_MS = 86_400_000;

/**
 * Parses the ISO-8601 forms found in firewall logs: `2021-09-09T08:48:08.126655+0000`,
 * `...+00:00`, `...Z`, and no offset (taken as UTC). Returns epoch milliseconds, or undefined.
 * Accepts exactly `YYYY-MM-DD[T ]hh:mm:ss[.f{1,9}][Z|±hh[[:]mm]]` (digits 0-9 only); it runs once
 * per record, so it reads characters instead of running a regular expression.
 *
 * @example
 * parseIsoTimestamp('2021-09-09T08:48:08.126655+0000'); // 1631177288126
 */
export function parseIsoTimestamp(text: string): number | undefined {
  const length = text.length;
  if (length < MIN_ISO_LENGTH || length > MAX_ISO_LENGTH) return undefined;
  // Characters as bytes; any beyond Latin-1 as 0xff, which no accepted form has.
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    isoBytes[i] = code > 0xff ? 0xff : code;
  }
  return parseIsoBytes(isoBytes, 0, length);
}

/**
 * {@link parseIsoTimestamp} of the text whose characters are the bytes `bytes[start..end)` (a value
 * read where it lies in a payload, without making its string).
 *
 * @example
 * parseIsoTimestampBytes(Buffer.from('"2021-09-09T08:48:08Z"'), 1, 21); // 1631177288000
 */
export function parseIsoTimestampBytes(bytes: Uint8Array, start: number, end: number): number | undefined {
  const length = end - start;
  if (length < MIN_ISO_LENGTH || length > MAX_ISO_LENGTH) return undefined;
  return parseIsoBytes(bytes, start, end);
}

/** The shortest accepted form has 19 characters, the longest 35 (9 fraction digits and `+hh:mm`). */
const MIN_ISO_LENGTH = 19;
const MAX_ISO_LENGTH = 35;
const isoBytes = new Uint8Array(MAX_ISO_LENGTH);

/** parseIsoTimestamp of the characters `bytes[start..end]` (19 to 35 of them). */
function parseIsoBytes(bytes: Uint8Array, start: number, end: number): number | undefined {
  const length = end - start;
  // Digits as their values; any other byte comes out as 10 or more.
  const y1 = digitAt(bytes, start);
  const y2 = digitAt(bytes, start + 1);
  const y3 = digitAt(bytes, start + 2);
  const y4 = digitAt(bytes, start + 3);
  const mo1 = digitAt(bytes, start + 5);
  const mo2 = digitAt(bytes, start + 6);
  const d1 = digitAt(bytes, start + 8);
  const d2 = digitAt(bytes, start + 9);
  const h1 = digitAt(bytes, start + 11);
  const h2 = digitAt(bytes, start + 12);
  const mi1 = digitAt(bytes, start + 14);
  const mi2 = digitAt(bytes, start + 15);
  const s1 = digitAt(bytes, start + 17);
  const s2 = digitAt(bytes, start + 18);
  const separator = bytes[start + 10] as number;
  if (
    y1 > 9 ||
    y2 > 9 ||
    y3 > 9 ||
    y4 > 9 ||
    mo1 > 9 ||
    mo2 > 9 ||
    d1 > 9 ||
    d2 > 9 ||
    h1 > 9 ||
    h2 > 9 ||
    mi1 > 9 ||
    mi2 > 9 ||
    s1 > 9 ||
    s2 > 9 ||
    (bytes[start + 4] as number) !== 0x2d /* - */ ||
    (bytes[start + 7] as number) !== 0x2d ||
    (separator !== 0x54 /* T */ && separator !== 0x20) ||
    (bytes[start + 13] as number) !== 0x3a /* : */ ||
    (bytes[start + 16] as number) !== 0x3a
  ) {
    return undefined;
  }
  const hour = h1 * 10 + h2;
  const minute = mi1 * 10 + mi2;
  const second = s1 * 10 + s2;
  let i = 19;
  let millis = 0;
  if (i < length && (bytes[start + i] as number) === 0x2e /* . */) {
    const first = ++i;
    while (i < length && digitAt(bytes, start + i) <= 9) i++;
    const count = i - first;
    if (count < 1 || count > 9) return undefined;
    // The first three digits, padded on the right: `.1` is 100 ms, `.123456` is 123 ms.
    for (let k = 0; k < 3; k++)
      millis = millis * 10 + (k < count ? (bytes[start + first + k] as number) - 0x30 : 0);
  }
  let offsetMinutes = 0;
  if (i < length) {
    const zone = bytes[start + i] as number;
    if (zone === 0x5a /* Z */) {
      if (i + 1 !== length) return undefined;
    } else if (zone === 0x2b /* + */ || zone === 0x2d /* - */) {
      const rest = length - i - 1;
      if (rest !== 2 && rest !== 4 && !(rest === 5 && (bytes[start + i + 3] as number) === 0x3a) /* : */)
        return undefined;
      const hours = digits(bytes, start + i + 1, 2);
      const minutes =
        rest === 4 ? digits(bytes, start + i + 3, 2) : rest === 5 ? digits(bytes, start + i + 4, 2) : 0;
      if (hours < 0 || minutes < 0) return undefined;
      if (hours > 23 || minutes > 59) return undefined;
      offsetMinutes = (zone === 0x2d ? -1 : 1) * (hours * 60 + minutes);
    } else {
      return undefined;
    }
  }
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  if (second === 60 && hour === 23 && minute === 59) return undefined;
  const days = daysOfDate(y1 * 1000 + y2 * 100 + y3 * 10 + y4, mo1 * 10 + mo2, d1 * 10 + d2);
  if (Number.isNaN(days)) return undefined;
  const time = days * DAY_MS + hour * 3_600_000 + minute * 60_000 + second * 1000 + millis;
  return time - offsetMinutes * 60_000;
}

/** A byte's value as a digit: 0–9 for `0`–`9`, 10 or more for any other byte. */
function digitAt(bytes: Uint8Array, i: number): number {
  return ((bytes[i] as number) - 0x30) >>> 0;
}

/** The last date daysOfDate worked out: a batch's records share their day. */
let lastDate = -1;
let lastDays = Number.NaN;

/**
 * Days from 1970-01-01 to a date, NaN when the month or day does not exist. What Date.UTC gives,
 * including its quirk of reading years 0–99 as 1900–1999, and refusing what it would roll into another
 * month: 31 February and friends.
 */
function daysOfDate(year: number, month: number, day: number): number {
  const date = year * 10_000 + month * 100 + day;
  if (date === lastDate) return lastDays;
  const fullYear = year <= 99 ? 1900 + year : year;
  const valid = month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(fullYear, month);
  lastDate = date;
  lastDays = valid ? daysFromCivil(fullYear, month, day) : Number.NaN;
  return lastDays;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil), in integers. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The value of `count` ASCII digits at `start`, or -1 when any is not 0-9. */
function digits(bytes: Uint8Array, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const code = bytes[i] as number;
    if (!isDigitCode(code)) return -1;
    value = value * 10 + (code - 0x30);
  }
  return value;
}

function isDigitCode(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/**
 * Reads an epoch that may be a number or a numeric string, in seconds (Network Firewall's
 * `event_timestamp`) or milliseconds (CloudWatch Logs), or an ISO-8601 string. Returns milliseconds.
 */
export function parseFlexibleEpoch(value: unknown): number | undefined {
  if (typeof value === 'number') return epochToMillis(value);
  if (typeof value !== 'string' || value.length === 0) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return epochToMillis(Number(value));
  return parseIsoTimestamp(value);
}

function epochToMillis(value: number): number | undefined {
  if (!Number.isFinite(value) || value <= 0) return undefined;
  return Math.trunc(value < SECONDS_OR_MILLISECONDS ? value * 1000 : value);
}

/** The UTC calendar day of an instant as a sortable number, e.g. 20261123. */
export function dayKey(epochMillis: number): number {
  const date = new Date(epochMillis);
  return date.getUTCFullYear() * 10_000 + (date.getUTCMonth() + 1) * 100 + date.getUTCDate();
}

/** The UTC midnight of a day key, in epoch milliseconds. */
export function dayKeyToMillis(key: number): number {
  return Date.UTC(Math.trunc(key / 10_000), (Math.trunc(key / 100) % 100) - 1, key % 100);
}

/** ISO-8601 UTC text of an instant, as every output of egress-scout shows time. */
export function toIso(epochMillis: number): string {
  return new Date(epochMillis).toISOString();
}
