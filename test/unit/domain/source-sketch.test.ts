import { describe, expect, it } from 'vitest';
import {
  distinctSourceCount,
  hashSource,
  mergeSources,
  SAMPLE_SIZE,
  SKETCH_SIZE,
  sourcesFromHashes,
} from '../../../shared/domain/source-sketch.ts';

const sources = (from: number, to: number) => {
  const map = new Map<string, number>();
  for (let i = from; i < to; i++) {
    const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    map.set(ip, hashSource(ip));
  }
  return map;
};

describe('source sets', () => {
  it('count exactly while there are fewer distinct sources than the sketch holds', () => {
    expect(distinctSourceCount(sourcesFromHashes(sources(0, SKETCH_SIZE - 1)))).toBe(SKETCH_SIZE - 1);
  });

  it('estimate large counts within the sketch’s error', () => {
    for (const n of [1_000, 20_000, 100_000]) {
      const estimate = distinctSourceCount(sourcesFromHashes(sources(0, n)));
      expect(Math.abs(estimate - n) / n).toBeLessThan(0.5);
    }
  });

  it('merge idempotently and in any order, to the set of the union', () => {
    const a = sourcesFromHashes(sources(0, 500));
    const b = sourcesFromHashes(sources(300, 900));
    const union = sourcesFromHashes(sources(0, 900));

    expect(mergeSources(a, b)).toEqual(union);
    expect(mergeSources(b, a)).toEqual(union);
    expect(mergeSources(mergeSources(a, b), b)).toEqual(union);
    expect(union.sample).toHaveLength(SAMPLE_SIZE);
    expect(union.sketch).toHaveLength(SKETCH_SIZE);
  });

  it('hash to 53-bit integers', () => {
    const hash = hashSource('10.0.0.1');
    expect(Number.isSafeInteger(hash)).toBe(true);
    expect(hash).not.toBe(hashSource('10.0.0.2'));
  });
});
