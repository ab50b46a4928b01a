import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aggregateObservations,
  BatchAggregator,
  KeptSources,
} from '../../../shared/domain/batch-aggregate.ts';
import { type Observation, strongerAction } from '../../../shared/domain/observation.ts';
import {
  hashSource,
  SAMPLE_SIZE,
  SKETCH_SIZE,
  sourcesFromHashes,
} from '../../../shared/domain/source-sketch.ts';
import { DAY_MS, dayKey } from '../../../shared/domain/time.ts';
import { mergeUsage, type Usage } from '../../../shared/domain/usage.ts';

/** One observation as a Usage of its own: folding these with mergeUsage is what aggregation must equal. */
function usageOf(observation: Observation): Usage {
  return {
    hits: 1,
    allowed: observation.action === 'allowed' ? 1 : 0,
    blocked: observation.action === 'blocked' ? 1 : 0,
    protocols: [observation.protocol],
    firstSeen: observation.time,
    lastSeen: observation.time,
    lastAllowed: observation.action === 'allowed' ? observation.time : 0,
    dailyHits: { [String(dayKey(observation.time))]: 1 },
    sources:
      observation.source === undefined
        ? { sketch: [], sample: [] }
        : sourcesFromHashes(new Map([[observation.source, hashSource(observation.source)]])),
  };
}

/**
 * The records of one connection (firewall, flow ID, hostname) as one observation, in the order of their
 * first record: the strongest action, the earliest time, the first source seen.
 */
function mergeConnections(observations: Observation[]): Observation[] {
  const merged: Observation[] = [];
  const byConnection = new Map<string, Observation>();
  for (const o of observations) {
    if (o.flowId === undefined) {
      merged.push(o);
      continue;
    }
    const key = JSON.stringify([o.firewall, o.flowId, o.hostname]);
    const first = byConnection.get(key);
    if (first === undefined) {
      const copy = { ...o };
      byConnection.set(key, copy);
      merged.push(copy);
      continue;
    }
    first.action = strongerAction(first.action, o.action);
    first.time = Math.min(first.time, o.time);
    first.source ??= o.source;
  }
  return merged;
}

/** The aggregate built the slow, obvious way: a mergeUsage per connection, keyed by joined strings. */
function foldObservations(records: Observation[]) {
  const observations = mergeConnections(records);
  const rows = new Map<string, { observation: Observation; usage: Usage }>();
  const summaries = new Map<
    string,
    { observation: Observation; usage: Usage; firewalls: Set<string>; zones: Set<string> }
  >();
  for (const o of observations) {
    const key = JSON.stringify([o.hostname, o.firewall, o.availabilityZone]);
    const row = rows.get(key);
    rows.set(key, { observation: row?.observation ?? o, usage: mergeUsage(row?.usage, usageOf(o)) });
    const summary = summaries.get(o.hostname);
    summaries.set(o.hostname, {
      observation: summary?.observation ?? o,
      usage: mergeUsage(summary?.usage, usageOf(o)),
      firewalls: (summary?.firewalls ?? new Set()).add(o.firewall),
      zones: (summary?.zones ?? new Set()).add(o.availabilityZone),
    });
  }
  const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    observations: observations.length,
    locations: [...rows.values()]
      .map(({ observation: o, usage }) => ({
        hostname: o.hostname,
        kind: o.kind,
        firewall: o.firewall,
        availabilityZone: o.availabilityZone,
        usage,
      }))
      .sort(
        (a, b) =>
          byString(a.hostname, b.hostname) ||
          byString(a.firewall, b.firewall) ||
          byString(a.availabilityZone, b.availabilityZone),
      ),
    hostnames: [...summaries.values()]
      .map(({ observation: o, usage, firewalls, zones }) => ({
        hostname: o.hostname,
        kind: o.kind,
        firewalls: [...firewalls].sort(),
        availabilityZones: [...zones].sort(),
        usage,
      }))
      .sort((a, b) => byString(a.hostname, b.hostname)),
  };
}

const START = Date.UTC(2026, 10, 16);
const observation: fc.Arbitrary<Observation> = fc.record({
  hostname: fc.constantFrom('a.example', 'b.example', 'c.example', '10.0.0.1'),
  kind: fc.constantFrom('domain' as const, 'ip' as const),
  firewall: fc.constantFrom('fw-1', 'fw-2'),
  availabilityZone: fc.constantFrom('us-east-1a', 'us-east-1b', 'use1-az1'),
  protocol: fc.constantFrom('tls' as const, 'http' as const),
  action: fc.constantFrom('allowed' as const, 'blocked' as const, 'unknown' as const),
  source: fc.option(
    fc.integer({ min: 0, max: 120 }).map((n) => `10.0.${n % 3}.${n}`),
    { nil: undefined, freq: 8 },
  ),
  // Up to ~90 days, so per-day history is pruned, in any order.
  time: fc.integer({ min: 0, max: 90 * DAY_MS }).map((offset) => START + offset),
  // A few flows, so that records of one connection meet (and hostnames or firewalls differ in one flow).
  flowId: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined, freq: 3 }),
});

describe('BatchAggregator', () => {
  it('gives what folding every observation with mergeUsage gives', () => {
    fc.assert(
      fc.property(fc.array(observation, { maxLength: 400 }), (observations) => {
        expect(aggregateObservations(observations)).toStrictEqual(foldObservations(observations));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps counting after result() as if it had not been called', () => {
    fc.assert(
      fc.property(
        fc.array(observation, { maxLength: 100 }),
        fc.array(observation, { maxLength: 100 }),
        (first, second) => {
          const aggregator = new BatchAggregator();
          for (const o of first) aggregator.add(o);
          aggregator.result();
          for (const o of second) aggregator.add(o);
          expect(aggregator.result()).toStrictEqual(foldObservations([...first, ...second]));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('takes a connection whose drop follows its observe alert out of lastAllowed', () => {
    // Prepare: an allowed connection, then a blocked one logged as observe (allowed) + drop (blocked).
    const base = {
      hostname: 'a.example',
      kind: 'domain',
      firewall: 'fw-1',
      availabilityZone: 'us-east-1a',
      protocol: 'tls',
      source: '10.0.0.1',
    } as const;
    const observations: Observation[] = [
      { ...base, action: 'allowed', time: START, flowId: 1 },
      { ...base, action: 'allowed', time: START + 60_000, flowId: 2 },
      { ...base, action: 'blocked', time: START + 60_001, flowId: 2 },
    ];

    // Act
    const [location] = aggregateObservations(observations).locations;

    // Assess
    expect(location?.usage).toMatchObject({ hits: 2, allowed: 1, blocked: 1, lastAllowed: START });
  });

  it('counts times near the end of the Date range as the fold does', () => {
    // The last day Date can name, 70 days before it, and 100 to 200 days before it (history pruned).
    const edge = 8.64e15;
    const observations: Observation[] = [
      edge,
      edge - DAY_MS,
      edge - 70 * DAY_MS,
      edge - 100 * DAY_MS,
      edge - 200 * DAY_MS,
    ].map((time, i) => ({
      hostname: i < 3 ? 'late.example' : 'early.example',
      kind: 'domain',
      firewall: 'fw-1',
      availabilityZone: 'us-east-1a',
      protocol: 'tls',
      action: 'allowed',
      source: undefined,
      time,
    }));
    expect(aggregateObservations(observations)).toStrictEqual(foldObservations(observations));
  });

  it('counts a busy hostname with more sources than the sketch keeps exactly as the fold does', () => {
    const observations: Observation[] = Array.from({ length: 3000 }, (_, i) => ({
      hostname: 'busy.example',
      kind: 'domain',
      firewall: 'fw-1',
      availabilityZone: i % 2 === 0 ? 'us-east-1a' : 'us-east-1b',
      protocol: 'tls',
      action: 'allowed',
      source: `10.${i % 7}.${i % 11}.${i % 13}`,
      time: START + i * 60_000,
    }));
    expect(SAMPLE_SIZE).toBeLessThanOrEqual(SKETCH_SIZE);
    expect(aggregateObservations(observations)).toStrictEqual(foldObservations(observations));
  });
});

describe('KeptSources', () => {
  it('gives the source set of all the sources it was given, colliding hashes and repeats included', () => {
    fc.assert(
      fc.property(
        // Hashes from a small range, so that different sources share one.
        fc.array(fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 200 })), {
          maxLength: 300,
        }),
        fc.integer({ min: 1, max: 4 }),
        (pairs, parts) => {
          const all = new Map<string, number>();
          const kept = Array.from({ length: parts }, () => new KeptSources());
          pairs.forEach(([hash, n], i) => {
            const source = `10.0.${n % 7}.${n}`;
            // A source always has one hash, as hashSource gives it.
            const sourceHash = all.get(source) ?? hash;
            all.set(source, sourceHash);
            kept[i % parts]?.add(sourceHash, source);
          });
          const merged = new KeptSources();
          for (const part of kept) merged.addAll(part);

          expect(merged.toSourceSet()).toStrictEqual(sourcesFromHashes(all));
        },
      ),
      { numRuns: 500 },
    );
  });
});
