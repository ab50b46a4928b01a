import { describe, expect, it } from 'vitest';
import {
  dayKey,
  dayKeyToMillis,
  parseFlexibleEpoch,
  parseIsoTimestamp,
} from '../../../shared/domain/time.ts';

describe('parseIsoTimestamp', () => {
  it.each([
    ['2021-09-09T08:48:08.126655+0000', Date.parse('2021-09-09T08:48:08.126Z')],
    ['2021-09-09T08:48:08.126655+00:00', Date.parse('2021-09-09T08:48:08.126Z')],
    ['2017-03-06T06:54:06.047429+0100', Date.parse('2017-03-06T05:54:06.047Z')],
    ['2025-10-20T10:30:45.123Z', Date.parse('2025-10-20T10:30:45.123Z')],
    ['2025-10-20T10:30:45Z', Date.parse('2025-10-20T10:30:45Z')],
    ['2025-10-20T10:30:45', Date.parse('2025-10-20T10:30:45Z')],
    ['2025-10-20T10:30:45.5-0530', Date.parse('2025-10-20T16:00:45.500Z')],
  ])('reads %s', (text, expected) => {
    expect(parseIsoTimestamp(text)).toBe(expected);
  });

  it.each([
    '',
    'yesterday',
    '2025-02-30T00:00:00Z',
    '2025-13-01T00:00:00Z',
    '2025-10-20T25:00:00Z',
    '2025-10-20T10:30:45+2500',
  ])('refuses %j', (text) => {
    expect(parseIsoTimestamp(text)).toBeUndefined();
  });
});

describe('parseFlexibleEpoch', () => {
  it('reads seconds and milliseconds, as numbers or strings, and ISO text', () => {
    expect(parseFlexibleEpoch('1631177288')).toBe(1631177288000);
    expect(parseFlexibleEpoch(1631177288)).toBe(1631177288000);
    expect(parseFlexibleEpoch(1631177288123)).toBe(1631177288123);
    expect(parseFlexibleEpoch('2025-10-20T10:30:45.123Z')).toBe(Date.parse('2025-10-20T10:30:45.123Z'));
  });

  it('refuses what is not a time', () => {
    expect(parseFlexibleEpoch(-5)).toBeUndefined();
    expect(parseFlexibleEpoch(Number.NaN)).toBeUndefined();
    expect(parseFlexibleEpoch('12abc')).toBeUndefined();
    expect(parseFlexibleEpoch(true)).toBeUndefined();
  });
});

describe('dayKey', () => {
  it('names the UTC day and converts back to its midnight', () => {
    const instant = Date.parse('2026-11-23T23:59:59.999Z');
    expect(dayKey(instant)).toBe(20261123);
    expect(dayKeyToMillis(20261123)).toBe(Date.parse('2026-11-23T00:00:00Z'));
  });
});
