// Distinct traffic sources in bounded space: a K-minimum-values sketch for the count and a sample of addresses.

/** Hashes kept: below this many distinct sources the count is exact, above it the error is about 1/√(K-2). */
export const SKETCH_SIZE = 32;
/** Source addresses kept for people to look at. */
export const SAMPLE_SIZE = 8;
const HASH_SPACE = 2 ** 53;

/**
 * The sources of some traffic: the `SKETCH_SIZE` smallest source hashes (ascending) and the
 * `SAMPLE_SIZE` sources with the smallest hashes. Both are the same whatever order sources arrive in
 * and however sets are merged, so merging is idempotent and the sample is an unbiased pick.
 */
export interface SourceSet {
  sketch: number[];
  sample: string[];
}

export const emptySources = (): SourceSet => ({ sketch: [], sample: [] });

/** cyrb53: a fast, well-mixed 53-bit string hash (public domain, bryc). */
export function hashSource(source: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < source.length; i++) {
    const ch = source.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** Builds a source set from distinct sources and their hashes (as {@link hashSource} gives them). */
export function sourcesFromHashes(hashed: Map<string, number>): SourceSet {
  const entries = [...hashed].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
  return {
    sketch: uniqueAscending(entries.map((e) => e[1])).slice(0, SKETCH_SIZE),
    sample: entries.slice(0, SAMPLE_SIZE).map((e) => e[0]),
  };
}

/** The union of two source sets, bounded again. */
export function mergeSources(a: SourceSet, b: SourceSet): SourceSet {
  const sketch = uniqueAscending([...a.sketch, ...b.sketch].sort((x, y) => x - y)).slice(0, SKETCH_SIZE);
  const hashed = new Map<string, number>();
  for (const source of a.sample) hashed.set(source, hashSource(source));
  for (const source of b.sample) hashed.set(source, hashSource(source));
  return { sketch, sample: sourcesFromHashes(hashed).sample };
}

/** Distinct sources: exact below `SKETCH_SIZE`, estimated from the K-th smallest hash above it. */
export function distinctSourceCount(set: SourceSet): number {
  const { sketch } = set;
  if (sketch.length < SKETCH_SIZE) return sketch.length;
  const kth = sketch[SKETCH_SIZE - 1] ?? HASH_SPACE;
  return Math.max(SKETCH_SIZE, Math.round(((SKETCH_SIZE - 1) * HASH_SPACE) / (kth + 1)));
}

/**
 * The distinct values of an ascending list. (Never reads `out[-1]`: a negative index is a property
 * name, looked up the slow way along the prototype chain.)
 */
export function uniqueAscending(sorted: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const value = sorted[i] as number;
    if (i === 0 || value !== sorted[i - 1]) out.push(value);
  }
  return out;
}
