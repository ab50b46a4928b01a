// How much a hostname (or one firewall × zone of it) was used, and how two such tallies combine.
import type { Protocol } from './observation.ts';
import { PROTOCOLS } from './observation.ts';
import { distinctSourceCount, emptySources, mergeSources, type SourceSet } from './source-sketch.ts';
import { DAY_MS, dayKey, dayKeyToMillis } from './time.ts';

/**
 * Days of per-day hit counts kept: enough for a 60-day recommendation look-back and the charts,
 * small enough (about 1 KB) to keep every write of an item at a couple of write units.
 */
export const DAILY_HISTORY_DAYS = 62;

/**
 * A tally of traffic. The same shape serves as the stored state and as one batch's delta, and
 * {@link mergeUsage} combines them: counts add, first/last seen take the true minimum/maximum
 * whatever order batches arrive in, sets unite.
 */
export interface Usage {
  hits: number;
  allowed: number;
  blocked: number;
  /** Distinct, in {@link PROTOCOLS} order. */
  protocols: Protocol[];
  /** Epoch milliseconds. */
  firstSeen: number;
  lastSeen: number;
  /**
   * Epoch ms of the latest allowed observation, 0 when none: shows the firewall logs allowed traffic
   * at all (without the observe rule it logs only drops, and every allowlisted hostname looks unused).
   */
  lastAllowed: number;
  /** UTC day (`yyyymmdd`) -> hits, for the last {@link DAILY_HISTORY_DAYS} days before `lastSeen`. */
  dailyHits: Record<string, number>;
  sources: SourceSet;
}

export function emptyUsage(): Usage {
  return {
    hits: 0,
    allowed: 0,
    blocked: 0,
    protocols: [],
    firstSeen: Number.POSITIVE_INFINITY,
    lastSeen: Number.NEGATIVE_INFINITY,
    lastAllowed: 0,
    dailyHits: {},
    sources: emptySources(),
  };
}

/**
 * Combines a stored tally with a batch's (or any two tallies).
 *
 * @example
 * const next = mergeUsage(stored, batchDelta); // stored may be undefined for a first sighting
 */
export function mergeUsage(stored: Usage | undefined, delta: Usage): Usage {
  if (stored === undefined) return pruneDailyHits(delta);
  const dailyHits: Record<string, number> = { ...stored.dailyHits };
  for (const [day, hits] of Object.entries(delta.dailyHits)) dailyHits[day] = (dailyHits[day] ?? 0) + hits;
  return pruneDailyHits({
    hits: stored.hits + delta.hits,
    allowed: stored.allowed + delta.allowed,
    blocked: stored.blocked + delta.blocked,
    protocols: PROTOCOLS.filter((p) => stored.protocols.includes(p) || delta.protocols.includes(p)),
    firstSeen: Math.min(stored.firstSeen, delta.firstSeen),
    lastSeen: Math.max(stored.lastSeen, delta.lastSeen),
    lastAllowed: Math.max(stored.lastAllowed, delta.lastAllowed),
    dailyHits,
    sources: mergeSources(stored.sources, delta.sources),
  });
}

/** Drops per-day counts older than the history kept, counted back from the newest sighting. */
function pruneDailyHits(usage: Usage): Usage {
  if (!Number.isFinite(usage.lastSeen)) return usage;
  const oldest = dayKey(usage.lastSeen - (DAILY_HISTORY_DAYS - 1) * DAY_MS);
  let stale = false;
  for (const day of Object.keys(usage.dailyHits)) if (Number(day) < oldest) stale = true;
  if (!stale) return usage;
  const dailyHits: Record<string, number> = {};
  for (const [day, hits] of Object.entries(usage.dailyHits)) if (Number(day) >= oldest) dailyHits[day] = hits;
  return { ...usage, dailyHits };
}

/** Distinct sources (exact up to the sketch size, estimated beyond). */
export function sourceCount(usage: Usage): number {
  return distinctSourceCount(usage.sources);
}

/** Distinct UTC days with traffic from `since` (epoch ms) onwards, within the history kept. */
export function daysSeenSince(usage: Usage, since: number): number {
  const first = dayKey(since);
  let days = 0;
  for (const [day, hits] of Object.entries(usage.dailyHits)) if (hits > 0 && Number(day) >= first) days++;
  return days;
}

/** Hits per UTC day from `from` to `to` (epoch ms, inclusive), zero-filled, oldest first. */
export function hitsPerDay(usage: Usage, from: number, to: number): { day: string; hits: number }[] {
  const out: { day: string; hits: number }[] = [];
  for (let t = dayKeyToMillis(dayKey(from)); t <= to; t += DAY_MS) {
    const key = dayKey(t);
    out.push({ day: new Date(t).toISOString().slice(0, 10), hits: usage.dailyHits[String(key)] ?? 0 });
  }
  return out;
}
