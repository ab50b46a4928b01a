// Folds a batch's observations into one tally per hostname × firewall × zone and one per hostname.
import type { HostnameKind } from './hostname.ts';
import type { Action, Observation, Protocol } from './observation.ts';
import { hashSource, SAMPLE_SIZE, SKETCH_SIZE, type SourceSet, uniqueAscending } from './source-sketch.ts';
import { DAY_MS, dayKey } from './time.ts';
import { DAILY_HISTORY_DAYS, mergeUsage, type Usage } from './usage.ts';

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
  /** Position in the aggregator's tallies (and in the locations `result()` builds from them). */
  index: number;
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
  /** Epoch ms of the latest allowed observation (a connection's merged action and time), 0 when none. */
  lastAllowed: number;
  /** Days since the epoch -> hits; converted to `yyyymmdd` once, at the end. */
  epochDays: Map<number, number> | undefined;
  /**
   * The epoch day of the previous hit and the hits counted for it since, not yet in `epochDays` (made
   * when a second day comes: most tallies of a batch have one day, and no map).
   */
  pendingDay: number;
  pendingHits: number;
  /** The sources that can be in its source set (see KeptSources). */
  sources: KeptSources;
  /** The latest time among the observations without a flow ID (connections keep their own). */
  lastSeenUnflowed: number;
  /** The latest time among the allowed observations without a flow ID, 0 when none. */
  lastAllowedUnflowed: number;
  /**
   * A merge moved a connection's time earlier, or took it out of the allowed ones, after it had set
   * lastSeen or lastAllowed: recompute both in result().
   */
  timesStale: boolean;
}

/** Action codes in the connection table, in order of strength. */
const UNKNOWN = 0;
const ALLOWED = 1;
const BLOCKED = 2;
const ACTION_CODES: Record<Action, number> = { unknown: UNKNOWN, allowed: ALLOWED, blocked: BLOCKED };

/**
 * The connections counted so far, one row each, in typed arrays (a batch has thousands: no object per
 * connection for the collector to copy): its flow ID, the tally it was counted in, the action, time
 * and whether a source was counted for it. Open addressing on the flow ID; the rows of one flow ID
 * (other firewalls or hostnames) follow each other in the probe sequence.
 */
class ConnectionTable {
  flowIds: Float64Array;
  tallies: Int32Array;
  actions: Uint8Array;
  times: Float64Array;
  sources: Uint8Array;
  size = 0;

  /** Room for `expected` connections without growing (a power of two, at least twice that). */
  constructor(expected: number) {
    let capacity = 1024;
    while (capacity < 2 * expected) capacity *= 2;
    this.flowIds = new Float64Array(capacity);
    this.tallies = new Int32Array(capacity);
    this.actions = new Uint8Array(capacity);
    this.times = new Float64Array(capacity);
    this.sources = new Uint8Array(capacity);
  }

  /** The row of (flowId, tally's hostname and firewall), or the free slot where it would go (negated, minus 1). */
  find(flowId: number, hostname: string, firewall: string, tallies: Tally[]): number {
    const mask = this.flowIds.length - 1;
    let slot = hashFlowId(flowId) & mask;
    for (;;) {
      const id = this.flowIds[slot] as number;
      if (id === 0) return -slot - 1;
      if (id === flowId) {
        const tally = tallies[this.tallies[slot] as number] as Tally;
        if (tally.hostname === hostname && tally.firewall === firewall) return slot;
      }
      slot = (slot + 1) & mask;
    }
  }

  insert(slot: number, flowId: number, tally: number, action: number, time: number, source: boolean): void {
    this.flowIds[slot] = flowId;
    this.tallies[slot] = tally;
    this.actions[slot] = action;
    this.times[slot] = time;
    this.sources[slot] = source ? 1 : 0;
    // Kept at most half full, so probes stay short and a free slot always exists.
    if (++this.size * 2 > this.flowIds.length) this.#grow();
  }

  #grow(): void {
    const { flowIds, tallies, actions, times, sources } = this;
    const capacity = flowIds.length * 2;
    this.flowIds = new Float64Array(capacity);
    this.tallies = new Int32Array(capacity);
    this.actions = new Uint8Array(capacity);
    this.times = new Float64Array(capacity);
    this.sources = new Uint8Array(capacity);
    const mask = capacity - 1;
    for (let old = 0; old < flowIds.length; old++) {
      const flowId = flowIds[old] as number;
      if (flowId === 0) continue;
      let slot = hashFlowId(flowId) & mask;
      while (this.flowIds[slot] !== 0) slot = (slot + 1) & mask;
      this.flowIds[slot] = flowId;
      this.tallies[slot] = tallies[old] as number;
      this.actions[slot] = actions[old] as number;
      this.times[slot] = times[old] as number;
      this.sources[slot] = sources[old] as number;
    }
  }
}

/** Mixes both halves of a flow ID (below 2^53) into 32 bits. */
function hashFlowId(flowId: number): number {
  const low = flowId | 0;
  const high = (flowId / 4294967296) | 0;
  return Math.imul(low ^ Math.imul(high, 0x9e3779b1), 0x85ebca6b) ^ (low >>> 15);
}

/**
 * Accumulates observations; `result()` gives the batch's tallies.
 *
 * One connection, one hit: within a batch, observations with the same firewall, flow ID and hostname
 * are one observation. The firewall logs a connection more than once (the observe rule's alert and the
 * allowlist's drop of a blocked connection; Suricata's alert, http and tls events of one flow), and
 * counting each record would count blocked traffic twice and as allowed too. The merged observation
 * is blocked if any record says so, else allowed if any does, else unknown; it keeps the first
 * record's protocol and zone, the earliest time and the first source seen. Observations without a
 * flow ID count one each. The hot loop touches only numbers
 * and maps keyed by strings it already holds (no key is built per observation); days are named once
 * per distinct day, when the result is built.
 *
 * @example
 * const aggregator = new BatchAggregator();
 * for (const observation of observations) aggregator.add(observation);
 * const { locations, hostnames } = aggregator.result();
 */
export class BatchAggregator {
  #observations = 0;
  /** In order of first sighting, which `result()` keeps (merges and ties come out the same every time). */
  readonly #tallies: Tally[] = [];
  /** hostname -> its tallies, one per firewall × zone (a handful: found by scanning). */
  readonly #byHostname = new Map<string, Tally[]>();
  readonly #connections: ConnectionTable;
  #staleTallies = false;

  /** `expectedObservations`: how many the batch may bring (its events), so that no table has to grow. */
  constructor(expectedObservations = 0) {
    this.#connections = new ConnectionTable(expectedObservations);
  }

  /** Counts an observation. Its values are kept, never the object: a caller may reuse it for the next. */
  add(observation: Observation): void {
    const { flowId } = observation;
    if (flowId !== undefined) {
      const connections = this.#connections;
      const slot = connections.find(flowId, observation.hostname, observation.firewall, this.#tallies);
      if (slot >= 0) {
        this.#mergeIntoConnection(slot, observation);
        return;
      }
      const tally = this.#count(observation);
      connections.insert(
        -slot - 1,
        flowId,
        tally.index,
        ACTION_CODES[observation.action],
        observation.time,
        observation.source !== undefined,
      );
      return;
    }
    const tally = this.#count(observation);
    if (observation.time > tally.lastSeenUnflowed) tally.lastSeenUnflowed = observation.time;
    if (observation.action === 'allowed' && observation.time > tally.lastAllowedUnflowed)
      tally.lastAllowedUnflowed = observation.time;
  }

  /** Counts a new observation in its tally; returns the tally. */
  #count(observation: Observation): Tally {
    this.#observations++;
    const { firewall, availabilityZone } = observation;
    let tallies = this.#byHostname.get(observation.hostname);
    if (tallies === undefined) {
      tallies = [];
      this.#byHostname.set(observation.hostname, tallies);
    }
    let tally: Tally | undefined;
    for (let i = 0; i < tallies.length; i++) {
      const candidate = tallies[i] as Tally;
      if (candidate.firewall === firewall && candidate.availabilityZone === availabilityZone) {
        tally = candidate;
        break;
      }
    }
    if (tally === undefined) {
      tally = newTally(
        this.#tallies.length,
        observation.hostname,
        observation.kind,
        observation.firewall,
        observation.availabilityZone,
        observation.time,
      );
      tallies.push(tally);
      this.#tallies.push(tally);
    }
    tally.hits++;
    if (observation.action === 'allowed') {
      tally.allowed++;
      if (observation.time > tally.lastAllowed) tally.lastAllowed = observation.time;
    } else if (observation.action === 'blocked') tally.blocked++;
    if (observation.protocol === 'tls') tally.tls = true;
    else tally.http = true;
    if (observation.time < tally.firstSeen) tally.firstSeen = observation.time;
    if (observation.time > tally.lastSeen) tally.lastSeen = observation.time;
    const epochDay = Math.floor(observation.time / DAY_MS);
    if (epochDay === tally.pendingDay) tally.pendingHits++;
    else {
      flushedDays(tally);
      tally.pendingDay = epochDay;
      tally.pendingHits = 1;
    }
    const source = observation.source;
    if (source !== undefined) this.#addSource(tally, source);
    return tally;
  }

  #addSource(tally: Tally, source: string): void {
    // Hashing a dozen characters costs what a map lookup of them would, without the map.
    tally.sources.add(hashSource(source), source);
  }

  /**
   * Another record of a counted connection: its hit may become allowed or blocked, earlier, or gain a
   * source.
   */
  #mergeIntoConnection(slot: number, observation: Observation): void {
    const connections = this.#connections;
    const tally = this.#tallies[connections.tallies[slot] as number] as Tally;
    const counted = connections.actions[slot] as number;
    const action = Math.max(counted, ACTION_CODES[observation.action]);
    const time = observation.time;
    const countedTime = connections.times[slot] as number;
    if (action > counted) {
      if (counted === ALLOWED) tally.allowed--;
      if (action === ALLOWED) tally.allowed++;
      else tally.blocked++;
      connections.actions[slot] = action;
    }
    if (
      counted === ALLOWED &&
      (action !== ALLOWED || time < countedTime) &&
      countedTime === tally.lastAllowed
    )
      this.#markStale(tally);
    if (action === ALLOWED && counted !== ALLOWED) {
      const allowedTime = Math.min(time, countedTime);
      if (allowedTime > tally.lastAllowed) tally.lastAllowed = allowedTime;
    }
    if (connections.sources[slot] === 0 && observation.source !== undefined) {
      this.#addSource(tally, observation.source);
      connections.sources[slot] = 1;
    }
    if (time < countedTime) {
      if (time < tally.firstSeen) tally.firstSeen = time;
      // The hit moves to the earlier time's day; lastSeen may have been this connection's old time.
      const days = flushedDays(tally);
      const oldDay = Math.floor(countedTime / DAY_MS);
      const newDay = Math.floor(time / DAY_MS);
      if (oldDay !== newDay) {
        const left = (days.get(oldDay) ?? 0) - 1;
        if (left === 0) days.delete(oldDay);
        else days.set(oldDay, left);
        days.set(newDay, (days.get(newDay) ?? 0) + 1);
      }
      if (countedTime === tally.lastSeen) this.#markStale(tally);
      connections.times[slot] = time;
    }
  }

  #markStale(tally: Tally): void {
    tally.timesStale = true;
    this.#staleTallies = true;
  }

  /**
   * lastSeen and lastAllowed of the tallies a merge made stale: the latest of their observations' times,
   * and of their allowed ones'.
   */
  #refreshTimes(): void {
    if (!this.#staleTallies) return;
    for (const tally of this.#tallies) {
      if (!tally.timesStale) continue;
      tally.lastSeen = tally.lastSeenUnflowed;
      tally.lastAllowed = tally.lastAllowedUnflowed;
    }
    const { flowIds, tallies, times, actions } = this.#connections;
    for (let slot = 0; slot < flowIds.length; slot++) {
      if (flowIds[slot] === 0) continue;
      const tally = this.#tallies[tallies[slot] as number] as Tally;
      if (!tally.timesStale) continue;
      const time = times[slot] as number;
      if (time > tally.lastSeen) tally.lastSeen = time;
      if (actions[slot] === ALLOWED && time > tally.lastAllowed) tally.lastAllowed = time;
    }
    for (const tally of this.#tallies) tally.timesStale = false;
    this.#staleTallies = false;
  }

  get observations(): number {
    return this.#observations;
  }

  result(): BatchAggregate {
    this.#refreshTimes();
    const days = new DailyHits();
    // Sorted once by hostname (the default sort compares strings as `<` does, without a callback); a
    // hostname's few rows are sorted among themselves, which orders the rows by hostname, firewall and
    // zone with far fewer string comparisons than sorting them all.
    const names = [...this.#byHostname.keys()].sort();
    const locations: LocationUsage[] = [];
    const hostnames: HostnameUsage[] = [];
    for (const name of names) {
      const tallies = this.#byHostname.get(name) as Tally[];
      if (tallies.length > 1) sortRows(tallies);
      const firewalls: string[] = [];
      const availabilityZones: string[] = [];
      let usage: Usage | undefined;
      for (const tally of tallies) {
        usage = tallyToUsage(tally, days);
        locations.push({
          hostname: tally.hostname,
          kind: tally.kind,
          firewall: tally.firewall,
          availabilityZone: tally.availabilityZone,
          usage,
        });
        addUnique(firewalls, tally.firewall);
        addUnique(availabilityZones, tally.availabilityZone);
      }
      // The first row seen names the kind, as in the order rows were tallied.
      const head = firstSighted(tallies);
      hostnames.push({
        hostname: head.hostname,
        kind: head.kind,
        firewalls: sorted(firewalls),
        availabilityZones: sorted(availabilityZones),
        // Folding the raw tallies gives what mergeUsage over the rows' usages gives (sums, true
        // min/max, the sketch of the union, per-day hits pruned from the newest sighting), for a
        // fraction of the work.
        // With one row, its usage is the hostname's: the very object, as no merge happens.
        usage: tallies.length === 1 ? (usage as Usage) : tallyToUsage(combineTallies(tallies), days),
      });
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

/** The tally's hits per epoch day, all in its map (the pending day's moved in). */
function flushedDays(tally: Tally): Map<number, number> {
  tally.epochDays ??= new Map();
  const days = tally.epochDays;
  if (tally.pendingHits > 0) {
    days.set(tally.pendingDay, (days.get(tally.pendingDay) ?? 0) + tally.pendingHits);
    tally.pendingHits = 0;
  }
  return days;
}

function firstSighted(tallies: Tally[]): Tally {
  let first = tallies[0] as Tally;
  for (const tally of tallies) if (tally.index < first.index) first = tally;
  return first;
}

function compareRows(a: Tally, b: Tally): number {
  return compare(a.firewall, b.firewall) || compare(a.availabilityZone, b.availabilityZone);
}

/**
 * A hostname's rows by firewall and zone, in place: a handful (insertion sort), where Array#sort would
 * make a work array for each.
 */
function sortRows(rows: Tally[]): void {
  for (let i = 1; i < rows.length; i++) {
    const row = rows[i] as Tally;
    let j = i;
    while (j > 0 && compareRows(rows[j - 1] as Tally, row) > 0) {
      rows[j] = rows[j - 1] as Tally;
      j--;
    }
    rows[j] = row;
  }
}

/** A tally as Usage (what mergeUsage of it onto nothing gives). */
function tallyToUsage(tally: Tally, days: DailyHits): Usage {
  const reckoned = isReckoned(tally);
  const usage: Usage = {
    hits: tally.hits,
    allowed: tally.allowed,
    blocked: tally.blocked,
    protocols: protocolsOf(tally.tls, tally.http),
    firstSeen: tally.firstSeen,
    lastSeen: tally.lastSeen,
    lastAllowed: tally.lastAllowed,
    dailyHits: reckoned ? days.of(tally) : days.unpruned(tally),
    sources: tally.sources.toSourceSet(),
  };
  return reckoned ? usage : mergeUsage(undefined, usage);
}

/** The protocol lists a usage can have, made once: frozen, as the many usages of a batch share them. */
const PROTOCOL_LISTS: readonly Protocol[][] = [[], ['tls'], ['http'], ['tls', 'http']].map(
  (list) => Object.freeze(list) as Protocol[],
);

function protocolsOf(tls: boolean, http: boolean): Protocol[] {
  return PROTOCOL_LISTS[(tls ? 1 : 0) | (http ? 2 : 0)] as Protocol[];
}

/** Latest instant whose day DailyHits reckons by epoch day: Date's range, less the history kept. */
const RECKONED_RANGE_MS = 8.64e15 - (DAILY_HISTORY_DAYS + 1) * DAY_MS;

/** Whether a tally's days are reckoned by epoch day; beyond (no record's time is), mergeUsage prunes. */
function isReckoned(tally: Tally): boolean {
  return Math.abs(tally.firstSeen) <= RECKONED_RANGE_MS && Math.abs(tally.lastSeen) <= RECKONED_RANGE_MS;
}

/**
 * The `dailyHits` of the batch's tallies. The day keys (`yyyymmdd`) are made once per epoch day, and
 * pruning (mergeUsage keeps DAILY_HISTORY_DAYS back from lastSeen) is done on epoch days, where it is
 * a subtraction. A tally seen on one day, as most are, shares the frozen object of every tally with
 * its day and hits: an object keyed by a number like 20261123 has dictionary elements, costly to make.
 */
class DailyHits {
  readonly #names = new Map<number, number>();
  /** Epoch day -> hits -> the shared object (keyed by day first: a number beyond 2^31 is a heap number). */
  readonly #singleDays = new Map<number, Readonly<Record<string, number>>[]>();

  /** The tally's hits per day, pruned as mergeUsage prunes them (its days reckoned: see isReckoned). */
  of(tally: Tally): Record<string, number> {
    // One day (lastSeen is on it): nothing to prune.
    if (tally.epochDays === undefined && tally.pendingHits < 2 ** 20) {
      return this.#singleDay(tally.pendingDay, tally.pendingHits);
    }
    const epochDays = flushedDays(tally);
    if (epochDays.size === 1) {
      // lastSeen is on that day: nothing to prune.
      for (const [day, hits] of epochDays) if (hits < 2 ** 20) return this.#singleDay(day, hits);
    }
    const oldest = Math.floor(tally.lastSeen / DAY_MS) - (DAILY_HISTORY_DAYS - 1);
    const dailyHits: Record<number, number> = {};
    for (const [day, hits] of epochDays) if (day >= oldest) dailyHits[this.#name(day)] = hits;
    return dailyHits;
  }

  /** Every day of the tally, for mergeUsage to prune. */
  unpruned(tally: Tally): Record<string, number> {
    const dailyHits: Record<number, number> = {};
    for (const [day, hits] of flushedDays(tally)) dailyHits[this.#name(day)] = hits;
    return dailyHits;
  }

  /** `{ [day]: hits }`, one frozen object for every tally with that one day and those hits (below 2^20). */
  #singleDay(day: number, hits: number): Record<string, number> {
    let byHits = this.#singleDays.get(day);
    if (byHits === undefined) {
      byHits = [];
      this.#singleDays.set(day, byHits);
    }
    let shared = byHits[hits];
    if (shared === undefined) {
      shared = Object.freeze({ [this.#name(day)]: hits });
      byHits[hits] = shared;
    }
    return shared as Record<string, number>;
  }

  /** The day key of an epoch day, as a number: an index, which an object takes without parsing a string. */
  #name(epochDay: number): number {
    let name = this.#names.get(epochDay);
    if (name === undefined) {
      name = dayKey(epochDay * DAY_MS);
      this.#names.set(epochDay, name);
    }
    return name;
  }
}

/** A tally with nothing counted yet, first seen at `time`. */
function newTally(
  index: number,
  hostname: string,
  kind: HostnameKind,
  firewall: string,
  availabilityZone: string,
  time: number,
): Tally {
  return {
    index,
    hostname,
    kind,
    firewall,
    availabilityZone,
    hits: 0,
    allowed: 0,
    blocked: 0,
    tls: false,
    http: false,
    firstSeen: time,
    lastSeen: time,
    lastAllowed: 0,
    epochDays: undefined,
    pendingDay: Math.floor(time / DAY_MS),
    pendingHits: 0,
    sources: new KeptSources(),
    lastSeenUnflowed: Number.NEGATIVE_INFINITY,
    lastAllowedUnflowed: 0,
    timesStale: false,
  };
}

/**
 * One tally for all the rows of a hostname, of the same shape as theirs. Rows that all saw one day, as
 * most do, give a combined tally on that day with no map of days.
 */
function combineTallies(tallies: Tally[]): Tally {
  const head = tallies[0] as Tally;
  const combined = newTally(
    head.index,
    head.hostname,
    head.kind,
    head.firewall,
    head.availabilityZone,
    head.firstSeen,
  );
  combined.lastSeen = head.lastSeen;
  combined.lastAllowed = head.lastAllowed;
  combined.pendingDay = head.pendingDay;
  for (const tally of tallies) {
    combined.hits += tally.hits;
    combined.allowed += tally.allowed;
    combined.blocked += tally.blocked;
    combined.tls ||= tally.tls;
    combined.http ||= tally.http;
    combined.firstSeen = Math.min(combined.firstSeen, tally.firstSeen);
    combined.lastSeen = Math.max(combined.lastSeen, tally.lastSeen);
    combined.lastAllowed = Math.max(combined.lastAllowed, tally.lastAllowed);
    if (
      combined.epochDays === undefined &&
      tally.epochDays === undefined &&
      tally.pendingDay === combined.pendingDay
    ) {
      combined.pendingHits += tally.pendingHits;
    } else {
      const days = flushedDays(combined);
      for (const [day, hits] of flushedDays(tally)) days.set(day, (days.get(day) ?? 0) + hits);
    }
    combined.sources.addAll(tally.sources);
  }
  return combined;
}

/**
 * The sources of a tally that its source set can name: those whose hash is among the SKETCH_SIZE
 * smallest distinct hashes, in (hash, source) order. A source set ({@link sourcesFromHashes}) keeps
 * no other, so a busy hostname's thousands of sources need neither be kept nor sorted; each sighting of
 * a source past the threshold costs one comparison. The set it gives is sourcesFromHashes' over all.
 */
export class KeptSources {
  readonly hashes: number[] = [];
  readonly sources: string[] = [];
  #distinct = 0;

  add(hash: number, source: string): void {
    const { hashes, sources } = this;
    const count = hashes.length;
    if (this.#distinct === SKETCH_SIZE && hash > (hashes[count - 1] as number)) return;
    // The first entry whose hash is not below, then past the same hash's smaller sources.
    let low = 0;
    let high = count;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((hashes[middle] as number) < hash) low = middle + 1;
      else high = middle;
    }
    const newHash = low === count || hashes[low] !== hash;
    let at = low;
    while (at < count && hashes[at] === hash && (sources[at] as string) < source) at++;
    if (at < count && hashes[at] === hash && sources[at] === source) return;
    hashes.push(hash);
    sources.push(source);
    for (let k = count; k > at; k--) {
      hashes[k] = hashes[k - 1] as number;
      sources[k] = sources[k - 1] as string;
    }
    hashes[at] = hash;
    sources[at] = source;
    if (!newHash || ++this.#distinct <= SKETCH_SIZE) return;
    // One hash too many: the largest goes, with every source that has it.
    const largest = hashes[hashes.length - 1];
    while (hashes[hashes.length - 1] === largest) {
      hashes.pop();
      sources.pop();
    }
    this.#distinct--;
  }

  addAll(other: KeptSources): void {
    for (let i = 0; i < other.hashes.length; i++)
      this.add(other.hashes[i] as number, other.sources[i] as string);
  }

  toSourceSet(): SourceSet {
    return { sketch: uniqueAscending(this.hashes), sample: this.sources.slice(0, SAMPLE_SIZE) };
  }
}

/** The array sorted (sort makes a work array even for one element). */
function sorted(values: string[]): string[] {
  return values.length < 2 ? values : values.sort();
}

function addUnique(values: string[], value: string): void {
  if (!values.includes(value)) values.push(value);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
