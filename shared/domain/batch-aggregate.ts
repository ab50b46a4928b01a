// Folds a batch's observations into one tally per hostname × firewall × zone and one per hostname.
import type { HostnameKind } from './hostname.ts';
import type { Observation, Protocol } from './observation.ts';
import { hashSource, sourcesFromHashes } from './source-sketch.ts';
import { DAY_MS, dayKey } from './time.ts';
import { mergeUsage, type Usage } from './usage.ts';

export interface LocationUsage {
  hostname: string;
  kind: HostnameKind;
  firewall: string;
  availabilityZone: string;
  usage: Usage;
}

export interface HostnameUsage {
  hostname: string;
  kind: HostnameKind;
  /** Sorted, distinct. */
  firewalls: string[];
  availabilityZones: string[];
  usage: Usage;
}

/** One batch, aggregated: at most one tally per key however many events share it. Sorted by key. */
export interface BatchAggregate {
  observations: number;
  locations: LocationUsage[];
  hostnames: HostnameUsage[];
}

interface Tally {
  hostname: string;
  kind: HostnameKind;
  firewall: string;
  availabilityZone: string;
  hits: number;
  allowed: number;
  blocked: number;
  tls: boolean;
  http: boolean;
  firstSeen: number;
  lastSeen: number;
  /** Days since the epoch -> hits; converted to `yyyymmdd` once, at the end. */
  epochDays: Map<number, number>;
  sources: Map<string, number>;
}

/**
 * Accumulates observations; `result()` gives the batch's tallies. The hot loop touches only numbers
 * and maps: hashing sources and naming days happen once per distinct value.
 *
 * @example
 * const aggregator = new BatchAggregator();
 * for (const observation of observations) aggregator.add(observation);
 * const { locations, hostnames } = aggregator.result();
 */
export class BatchAggregator {
  #observations = 0;
  readonly #tallies = new Map<string, Tally>();
  readonly #sourceHashes = new Map<string, number>();

  add(observation: Observation): void {
    this.#observations++;
    const key = `${observation.hostname}\u0000${observation.firewall}\u0000${observation.availabilityZone}`;
    let tally = this.#tallies.get(key);
    if (tally === undefined) {
      tally = {
        hostname: observation.hostname,
        kind: observation.kind,
        firewall: observation.firewall,
        availabilityZone: observation.availabilityZone,
        hits: 0,
        allowed: 0,
        blocked: 0,
        tls: false,
        http: false,
        firstSeen: observation.time,
        lastSeen: observation.time,
        epochDays: new Map(),
        sources: new Map(),
      };
      this.#tallies.set(key, tally);
    }
    tally.hits++;
    if (observation.action === 'allowed') tally.allowed++;
    else if (observation.action === 'blocked') tally.blocked++;
    if (observation.protocol === 'tls') tally.tls = true;
    else tally.http = true;
    if (observation.time < tally.firstSeen) tally.firstSeen = observation.time;
    if (observation.time > tally.lastSeen) tally.lastSeen = observation.time;
    const epochDay = Math.floor(observation.time / DAY_MS);
    tally.epochDays.set(epochDay, (tally.epochDays.get(epochDay) ?? 0) + 1);
    const source = observation.source;
    if (source !== undefined && !tally.sources.has(source)) {
      let hash = this.#sourceHashes.get(source);
      if (hash === undefined) {
        hash = hashSource(source);
        this.#sourceHashes.set(source, hash);
      }
      tally.sources.set(source, hash);
    }
  }

  get observations(): number {
    return this.#observations;
  }

  result(): BatchAggregate {
    const locations: LocationUsage[] = [];
    const byHostname = new Map<string, HostnameUsage>();
    for (const tally of this.#tallies.values()) {
      const usage = tallyToUsage(tally);
      locations.push({
        hostname: tally.hostname,
        kind: tally.kind,
        firewall: tally.firewall,
        availabilityZone: tally.availabilityZone,
        usage,
      });
      const summary = byHostname.get(tally.hostname);
      if (summary === undefined) {
        byHostname.set(tally.hostname, {
          hostname: tally.hostname,
          kind: tally.kind,
          firewalls: [tally.firewall],
          availabilityZones: [tally.availabilityZone],
          usage,
        });
      } else {
        addUnique(summary.firewalls, tally.firewall);
        addUnique(summary.availabilityZones, tally.availabilityZone);
        summary.usage = mergeUsage(summary.usage, usage);
      }
    }
    locations.sort(
      (a, b) =>
        compare(a.hostname, b.hostname) ||
        compare(a.firewall, b.firewall) ||
        compare(a.availabilityZone, b.availabilityZone),
    );
    const hostnames = [...byHostname.values()].sort((a, b) => compare(a.hostname, b.hostname));
    for (const summary of hostnames) {
      summary.firewalls.sort();
      summary.availabilityZones.sort();
    }
    return { observations: this.#observations, locations, hostnames };
  }
}

/** Aggregates a list of observations in one call. */
export function aggregateObservations(observations: Iterable<Observation>): BatchAggregate {
  const aggregator = new BatchAggregator();
  for (const observation of observations) aggregator.add(observation);
  return aggregator.result();
}

function tallyToUsage(tally: Tally): Usage {
  const protocols: Protocol[] = [];
  if (tally.tls) protocols.push('tls');
  if (tally.http) protocols.push('http');
  const dailyHits: Record<string, number> = {};
  for (const [epochDay, hits] of tally.epochDays) dailyHits[String(dayKey(epochDay * DAY_MS))] = hits;
  return mergeUsage(undefined, {
    hits: tally.hits,
    allowed: tally.allowed,
    blocked: tally.blocked,
    protocols,
    firstSeen: tally.firstSeen,
    lastSeen: tally.lastSeen,
    dailyHits,
    sources: sourcesFromHashes(tally.sources),
  });
}

function addUnique(values: string[], value: string): void {
  if (!values.includes(value)) values.push(value);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
