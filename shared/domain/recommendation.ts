// Which observed hostnames to recommend for the allowlist, and which wildcards to suggest beside them.
import { parse } from 'tldts';
import type { HostnameRecord } from './inventory.ts';
import {
  ACTIVE_STATUSES,
  type Entry,
  type EntryKind,
  type EntryStatus,
  type Evidence,
  targetCovers,
} from './lifecycle.ts';
import { DAY_MS, dayKey } from './time.ts';
import { daysSeenSince, mergeUsage, sourceCount, type Usage } from './usage.ts';

export interface RecommendationPolicy {
  /** Days of traffic the thresholds look at. */
  lookBackDays: number;
  /** Hits within the window. */
  minHits: number;
  /** Distinct UTC days with traffic within the window. */
  minDaysSeen: number;
  /** Distinct source addresses (since first seen). */
  minSources: number;
  /** Domains whose hostnames are approved without asking (`example.com` covers its subdomains). Off when empty. */
  trustedSuffixes: string[];
  /** Observed hostnames under one registrable domain before `.domain` is suggested. */
  wildcardMinHostnames: number;
  /** Registrable domains too broad to allow whole (multi-tenant clouds and CDNs), never suggested as wildcards. */
  wildcardNever: string[];
  /** Days before an expired or snoozed entry may be recommended again. */
  reproposeAfterDays: number;
}

/**
 * Sensible defaults: a hostname used on at least 2 days and 10 times in two weeks is worth a person's
 * look; one-off lookups are not. Nothing is approved without a person unless trusted suffixes are set.
 */
export const DEFAULT_POLICY: RecommendationPolicy = {
  lookBackDays: 14,
  minHits: 10,
  minDaysSeen: 2,
  minSources: 1,
  trustedSuffixes: [],
  wildcardMinHostnames: 3,
  wildcardNever: [
    'amazonaws.com',
    'amazonaws.com.cn',
    'api.aws',
    'on.aws',
    'azure.com',
    'azure.net',
    'windows.net',
    'azureedge.net',
    'azurefd.net',
    'trafficmanager.net',
    'akamai.net',
    'akamaihd.net',
    'akamaized.net',
    'akamaiedge.net',
    'edgekey.net',
    'edgesuite.net',
    'fastly.net',
    'fastlylb.net',
    'cloudflare.net',
    'googleusercontent.com',
    'googlehosted.com',
  ],
  reproposeAfterDays: 7,
};

/** One entry the recommender proposes, with the evidence for it. */
export interface Proposal {
  target: string;
  kind: EntryKind;
  covers: string[];
  evidence: Evidence;
  /** The status the entry moves from (`observed` for a first recommendation). */
  from: EntryStatus | 'observed';
  /** Under a trusted suffix: approved by policy, no person asked. */
  autoApprove: boolean;
}

/** The evidence of one usage tally within the policy's window ending at `now`. */
export function evidenceOf(
  usage: Usage,
  where: { firewalls: string[]; availabilityZones: string[] },
  policy: RecommendationPolicy,
  now: number,
): Evidence {
  const since = now - (policy.lookBackDays - 1) * DAY_MS;
  const firstDay = dayKey(since);
  let windowHits = 0;
  for (const [day, hits] of Object.entries(usage.dailyHits)) if (Number(day) >= firstDay) windowHits += hits;
  return {
    windowDays: policy.lookBackDays,
    windowHits,
    daysSeen: daysSeenSince(usage, since),
    totalHits: usage.hits,
    allowed: usage.allowed,
    blocked: usage.blocked,
    sources: sourceCount(usage),
    firewalls: where.firewalls,
    availabilityZones: where.availabilityZones,
    firstSeen: usage.firstSeen,
    lastSeen: usage.lastSeen,
  };
}

/** The thresholds an evidence falls short of; empty when it qualifies. */
export function shortfalls(evidence: Evidence, policy: RecommendationPolicy): string[] {
  const missing: string[] = [];
  if (evidence.windowHits < policy.minHits) missing.push(`hits ${evidence.windowHits} < ${policy.minHits}`);
  if (evidence.daysSeen < policy.minDaysSeen)
    missing.push(`days seen ${evidence.daysSeen} < ${policy.minDaysSeen}`);
  if (evidence.sources < policy.minSources)
    missing.push(`sources ${evidence.sources} < ${policy.minSources}`);
  return missing;
}

/** `.registrable.domain` for a hostname, or undefined where no safe wildcard exists. */
export function wildcardFor(hostname: string, policy: RecommendationPolicy): string | undefined {
  const parsed = parse(hostname, { allowPrivateDomains: true });
  // Unknown TLDs come back with a guessed suffix: only a listed suffix (ICANN or private) is trusted.
  if (parsed.isIp || parsed.domain === null || !(parsed.isIcann || parsed.isPrivate)) return undefined;
  if (parsed.domain === parsed.publicSuffix) return undefined;
  if (policy.wildcardNever.includes(parsed.domain)) return undefined;
  return `.${parsed.domain}`;
}

export interface RecommendInput {
  /** Hostnames seen within the window (others cannot qualify). */
  hostnames: HostnameRecord[];
  /** Existing entries, by target, for every target this input may propose. */
  entries: Map<string, Entry>;
  policy: RecommendationPolicy;
  now: number;
}

/**
 * Proposes an exact entry for every domain hostname whose evidence meets the policy, and a wildcard
 * `.registrable.domain` wherever `wildcardMinHostnames` or more observed hostnames share one and at
 * least one of them qualifies. IP literals never become entries; public suffixes and the policy's
 * too-broad domains never become wildcards; hostnames already covered by an active wildcard, and
 * entries recently rejected, snoozed or expired, are left alone.
 */
export function recommend(input: RecommendInput): Proposal[] {
  const { policy, now } = input;
  const domains = input.hostnames.filter((h) => h.kind === 'domain');
  const activeWildcards = [...input.entries.values()].filter(
    (entry) => entry.kind === 'wildcard' && ACTIVE_STATUSES.includes(entry.status),
  );
  const proposals: Proposal[] = [];

  const qualifying = new Set<string>();
  for (const record of domains) {
    const evidence = evidenceOf(record.usage, record, policy, now);
    if (shortfalls(evidence, policy).length > 0) continue;
    qualifying.add(record.hostname);
    if (activeWildcards.some((w) => targetCovers(w.target, record.hostname))) continue;
    const from = proposableFrom(input.entries.get(record.hostname), policy, now);
    if (from === undefined) continue;
    proposals.push({
      target: record.hostname,
      kind: 'exact',
      covers: [record.hostname],
      evidence,
      from,
      autoApprove: isTrusted(record.hostname, policy),
    });
  }

  const groups = new Map<string, HostnameRecord[]>();
  for (const record of domains) {
    const wildcard = wildcardFor(record.hostname, policy);
    if (wildcard === undefined) continue;
    groups.set(wildcard, [...(groups.get(wildcard) ?? []), record]);
  }
  for (const [target, members] of groups) {
    if (members.length < policy.wildcardMinHostnames) continue;
    if (!members.some((m) => qualifying.has(m.hostname))) continue;
    const from = proposableFrom(input.entries.get(target), policy, now);
    if (from === undefined) continue;
    let usage: Usage | undefined;
    for (const member of members) usage = mergeUsage(usage, member.usage);
    const where = {
      firewalls: unionSorted(members.map((m) => m.firewalls)),
      availabilityZones: unionSorted(members.map((m) => m.availabilityZones)),
    };
    proposals.push({
      target,
      kind: 'wildcard',
      covers: members.map((m) => m.hostname).sort(),
      evidence: evidenceOf(usage as Usage, where, policy, now),
      from,
      autoApprove: isTrusted(target.slice(1), policy),
    });
  }
  return proposals.sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : 0));
}

/** The status an existing entry would be re-proposed from, or undefined when it must be left alone. */
function proposableFrom(entry: Entry | undefined, policy: RecommendationPolicy, now: number) {
  if (entry === undefined) return 'observed' as const;
  const cooledDown = now - entry.updatedAt >= policy.reproposeAfterDays * DAY_MS;
  if (entry.status === 'expired' && cooledDown) return 'expired' as const;
  if (entry.status === 'snoozed' && now >= (entry.snoozedUntil ?? Number.POSITIVE_INFINITY))
    return 'snoozed' as const;
  return undefined;
}

function isTrusted(hostname: string, policy: RecommendationPolicy): boolean {
  return policy.trustedSuffixes.some((suffix) => targetCovers(`.${suffix.replace(/^\./, '')}`, hostname));
}

function unionSorted(lists: string[][]): string[] {
  return [...new Set(lists.flat())].sort();
}
