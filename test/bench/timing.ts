// Interleaved timing for benchmarks: every variant runs once per round, so a noisy neighbour slows all alike.
import { performance } from 'node:perf_hooks';
import { seededRandom } from '../../shared/cli/demo-traffic.ts';

export interface TimingOptions {
  /** Rounds whose times are thrown away while the JIT settles. */
  warmup: number;
  /** Rounds measured. */
  rounds: number;
}

export interface Timings {
  /** Median milliseconds per run, by variant. */
  medianMs: Record<string, number>;
  /** Every measured run, by variant (milliseconds), in round order. */
  samples: Record<string, number[]>;
}

/**
 * Runs each variant once per round, in an order shuffled every round, and keeps the times of the
 * measured rounds. Ratios between variants are best taken per round ({@link medianRatio}). Shuffled,
 * not rotated: a rotation keeps every variant behind the same neighbour, which then hands it the
 * collection of its garbage every round.
 *
 * @example
 * const timings = await timeInterleaved({ floor, ours }, { warmup: 5, rounds: 40 });
 * medianRatio(timings, 'floor', 'ours'); // how many times faster ours is than floor (< 1: slower)
 */
export async function timeInterleaved(
  variants: Record<string, () => unknown>,
  options: TimingOptions,
): Promise<Timings> {
  const names = Object.keys(variants);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  // The same orders every run, so that runs stay comparable.
  const random = seededRandom(0x5eed);
  for (let round = 0; round < options.warmup + options.rounds; round++) {
    const order = shuffled(names, random);
    for (const name of order) {
      const run = variants[name] as () => unknown;
      const start = performance.now();
      await run();
      const elapsed = performance.now() - start;
      if (round >= options.warmup) samples[name]?.push(elapsed);
    }
  }
  const medianMs = Object.fromEntries(names.map((name) => [name, median(samples[name] ?? [])]));
  return { medianMs, samples };
}

/** The median over rounds of `samples[numerator] / samples[denominator]`. */
export function medianRatio(timings: Timings, numerator: string, denominator: string): number {
  const top = timings.samples[numerator] ?? [];
  const bottom = timings.samples[denominator] ?? [];
  return median(top.map((value, i) => value / (bottom[i] ?? Number.NaN)));
}

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Fisher–Yates with the given source of randomness. */
function shuffled<T>(values: readonly T[], random: () => number): T[] {
  const out = [...values];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
