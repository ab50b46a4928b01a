import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateObservations } from '../../../shared/domain/batch-aggregate.ts';
import type { Observation } from '../../../shared/domain/observation.ts';
import { DAY_MS } from '../../../shared/domain/time.ts';
import {
  DAILY_HISTORY_DAYS,
  daysSeenSince,
  hitsPerDay,
  mergeUsage,
  sourceCount,
  type Usage,
} from '../../../shared/domain/usage.ts';

const START = Date.parse('2026-11-01T00:00:00Z');

const observation = fc.record<Observation>({
  hostname: fc.constantFrom('a.example.com', 'b.example.com', 'c.example.net'),
  kind: fc.constant('domain'),
  firewall: fc.constantFrom('fw-1', 'fw-2'),
  availabilityZone: fc.constantFrom('us-east-1a', 'us-east-1b'),
  protocol: fc.constantFrom('tls', 'http'),
  action: fc.constantFrom('allowed', 'blocked', 'unknown'),
  source: fc.option(fc.ipV4(), { nil: undefined }),
  time: fc.integer({ min: START, max: START + 20 * DAY_MS }),
});

/** The tally of one hostname from the batches, merged in the order given. */
function mergedTally(batches: Observation[][], hostname: string): Usage | undefined {
  let usage: Usage | undefined;
  for (const batch of batches) {
    const tally = aggregateObservations(batch).hostnames.find((h) => h.hostname === hostname);
    if (tally !== undefined) usage = mergeUsage(usage, tally.usage);
  }
  return usage;
}

describe('mergeUsage', () => {
  it('gives the same tally whatever order batches arrive in, equal to aggregating everything at once', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(observation, { minLength: 1, maxLength: 30 }), { minLength: 1, maxLength: 6 }),
        (batches) => {
          const all = batches.flat();
          const hostname = (all[0] as Observation).hostname;
          const inOrder = mergedTally(batches, hostname);
          const reversed = mergedTally([...batches].reverse(), hostname);
          const atOnce = aggregateObservations(all).hostnames.find((h) => h.hostname === hostname)?.usage;

          expect(inOrder).toEqual(atOnce);
          expect(reversed).toEqual(atOnce);
          const times = all.filter((o) => o.hostname === hostname).map((o) => o.time);
          expect(atOnce?.firstSeen).toBe(Math.min(...times));
          expect(atOnce?.lastSeen).toBe(Math.max(...times));
          expect(atOnce?.hits).toBe(times.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('counts allowed and blocked separately and hits as every observation', () => {
    const usage = aggregateObservations([
      {
        hostname: 'a.example.com',
        kind: 'domain',
        firewall: 'fw',
        availabilityZone: 'z',
        protocol: 'tls',
        action: 'allowed',
        source: '10.0.0.1',
        time: START,
      },
      {
        hostname: 'a.example.com',
        kind: 'domain',
        firewall: 'fw',
        availabilityZone: 'z',
        protocol: 'http',
        action: 'blocked',
        source: '10.0.0.2',
        time: START + 1,
      },
      {
        hostname: 'a.example.com',
        kind: 'domain',
        firewall: 'fw',
        availabilityZone: 'z',
        protocol: 'tls',
        action: 'unknown',
        source: undefined,
        time: START + 2,
      },
    ]).hostnames[0]?.usage;

    expect(usage).toMatchObject({ hits: 3, allowed: 1, blocked: 1, protocols: ['tls', 'http'] });
    expect(sourceCount(usage as Usage)).toBe(2);
  });

  it(`keeps per-day hits for the last ${DAILY_HISTORY_DAYS} days only`, () => {
    const old = aggregateObservations([
      {
        hostname: 'a.example.com',
        kind: 'domain',
        firewall: 'fw',
        availabilityZone: 'z',
        protocol: 'tls',
        action: 'allowed',
        source: undefined,
        time: START,
      },
    ]).hostnames[0]?.usage as Usage;
    const recent = aggregateObservations([
      {
        hostname: 'a.example.com',
        kind: 'domain',
        firewall: 'fw',
        availabilityZone: 'z',
        protocol: 'tls',
        action: 'allowed',
        source: undefined,
        time: START + 100 * DAY_MS,
      },
    ]).hostnames[0]?.usage as Usage;

    const merged = mergeUsage(old, recent);

    expect(Object.keys(merged.dailyHits)).toEqual(['20270209']);
    expect(merged.hits).toBe(2);
    expect(merged.firstSeen).toBe(START);
  });
});

describe('daysSeenSince and hitsPerDay', () => {
  it('count distinct days in a window and list hits per day, zero-filled', () => {
    const usage = aggregateObservations(
      [0, 0, 2, 5].map((day) => ({
        hostname: 'a.example.com',
        kind: 'domain' as const,
        firewall: 'fw',
        availabilityZone: 'z',
        protocol: 'tls' as const,
        action: 'allowed' as const,
        source: undefined,
        time: START + day * DAY_MS + 3600_000,
      })),
    ).hostnames[0]?.usage as Usage;

    expect(daysSeenSince(usage, START)).toBe(3);
    expect(daysSeenSince(usage, START + 2 * DAY_MS)).toBe(2);
    expect(hitsPerDay(usage, START, START + 3 * DAY_MS)).toEqual([
      { day: '2026-11-01', hits: 2 },
      { day: '2026-11-02', hits: 0 },
      { day: '2026-11-03', hits: 1 },
      { day: '2026-11-04', hits: 0 },
    ]);
  });
});
