// Reads the timestamps Network Firewall and CloudWatch Logs write, and turns instants into UTC day keys.

const ISO_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/** Epoch seconds below this are taken as seconds, above it as milliseconds (1e11 s is the year 5138). */
const SECONDS_OR_MILLISECONDS = 1e11;

export const DAY_MS = 86_400_000;

/**
 * Parses the ISO-8601 forms found in firewall logs: `2021-09-09T08:48:08.126655+0000`,
 * `...+00:00`, `...Z`, and no offset (taken as UTC). Returns epoch milliseconds, or undefined.
 *
 * @example
 * parseIsoTimestamp('2021-09-09T08:48:08.126655+0000'); // 1631177288126
 */
export function parseIsoTimestamp(text: string): number | undefined {
  const match = ISO_TIMESTAMP.exec(text);
  if (match === null) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
    return undefined;
  const millis = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
  let time = Date.UTC(Number(y), month - 1, day, hour, minute, second, millis);
  if (new Date(time).getUTCDate() !== day) return undefined; // 31 February and friends
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
