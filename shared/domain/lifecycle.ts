// The allowlist entry and its lifecycle: which status may follow which, and what each step records.
import { LifecycleError } from './errors.ts';
import type { HostnameStatus } from './inventory.ts';

/** An entry's status; `observed` belongs to hostnames that no entry covers yet. */
export type EntryStatus = Exclude<HostnameStatus, 'observed'>;

/** `api.example.com` matches that name only; `.example.com` matches example.com and every subdomain. */
export type EntryKind = 'exact' | 'wildcard';

/** What the traffic showed when an entry was recommended: the reason a person is asked to approve it. */
export interface Evidence {
  /** Look-back window `windowHits` and `daysSeen` cover, in days. */
  windowDays: number;
  windowHits: number;
  daysSeen: number;
  /** Since first seen. */
  totalHits: number;
  allowed: number;
  blocked: number;
  /** Distinct source addresses (exact when small, estimated when large). */
  sources: number;
  firewalls: string[];
  availabilityZones: string[];
  /** Epoch ms. */
  firstSeen: number;
  lastSeen: number;
}

export interface Entry {
  /** As the rule group takes it: `api.example.com` or `.example.com`. */
  target: string;
  kind: EntryKind;
  status: EntryStatus;
  /** The observed hostnames the entry covers, sorted. */
  covers: string[];
  evidence: Evidence;
  /** Incremented by every change; transitions are conditional on it. */
  version: number;
  /** Epoch ms. */
  createdAt: number;
  updatedAt: number;
  /** While pending: the single-use nonce its approval link carries, and when the link stops working. */
  approval?: { nonce: string; expiresAt: number } | undefined;
  /** An exact entry approved through a wildcard that covers it: it follows the wildcard from then on. */
  coveredBy?: string | undefined;
  /** True only when egress-scout itself added the target to the rule group: only such targets it removes. */
  addedToRuleGroup?: boolean | undefined;
  snoozedUntil?: number | undefined;
  decidedBy?: string | undefined;
  decidedAt?: number | undefined;
}

/** One step of an entry's life, kept forever: what, when, by whom or which policy, and why. */
export interface HistoryRecord {
  target: string;
  /** Epoch ms. */
  at: number;
  from: EntryStatus | 'observed';
  to: EntryStatus;
  /** A person (`alice@example.com`, an IAM ARN, `approval link`) or a policy (`policy:recommend`). */
  by: string;
  reason: string;
}

const TRANSITIONS: Record<EntryStatus | 'observed', readonly EntryStatus[]> = {
  observed: ['candidate'],
  candidate: ['pending', 'approved', 'rejected'],
  pending: ['approved', 'rejected', 'snoozed', 'expired'],
  approved: ['promoted', 'rejected'],
  promoted: ['expired'],
  expired: ['candidate'],
  snoozed: ['candidate'],
  rejected: [],
};

/** Whether the lifecycle allows `to` right after `from`. */
export function canTransition(from: EntryStatus | 'observed', to: EntryStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Statuses in which an entry stands for the allowlist (asked, agreed or in force). */
export const ACTIVE_STATUSES: readonly EntryStatus[] = ['candidate', 'pending', 'approved', 'promoted'];

/** Whether the entry `target` covers `hostname`, the way Network Firewall's domain list matches. */
export function targetCovers(target: string, hostname: string): boolean {
  if (!target.startsWith('.')) return target === hostname;
  return hostname === target.slice(1) || hostname.endsWith(target);
}

/**
 * A lookup of the target among `targets` that covers a hostname as {@link targetCovers} decides: the
 * exact target first, then the most specific wildcard; undefined when none covers it. The set is built
 * once, so a page of hostnames costs a few lookups each, however long the allowlist.
 *
 * @example
 * const coveredBy = buildCoverageLookup(['.example.com', 'api.github.com']);
 * coveredBy('cdn.example.com'); // '.example.com'
 * coveredBy('github.com'); // undefined
 */
export function buildCoverageLookup(targets: Iterable<string>): (hostname: string) => string | undefined {
  const allowlist = new Set(targets);
  return (hostname) => {
    if (allowlist.has(hostname)) return hostname;
    // `.a.b.c` covers a.b.c itself; then `.b.c`, `.c`: every suffix that starts at a dot.
    if (allowlist.has(`.${hostname}`)) return `.${hostname}`;
    for (let dot = hostname.indexOf('.'); dot !== -1; dot = hostname.indexOf('.', dot + 1)) {
      const wildcard = hostname.slice(dot);
      if (allowlist.has(wildcard)) return wildcard;
    }
    return undefined;
  };
}

export function entryKindOf(target: string): EntryKind {
  return target.startsWith('.') ? 'wildcard' : 'exact';
}

/** A change of status with what it records: the entry's next state and its history line. */
export interface EntryTransition {
  entry: Entry;
  /** The version the stored entry must still have (undefined: it must not exist yet). */
  expectedVersion: number | undefined;
  history: HistoryRecord;
}

export interface TransitionDetails {
  at: number;
  by: string;
  reason: string;
  /** Fields that change with the status (approval, coverage, decision…). */
  changes?: Partial<Omit<Entry, 'target' | 'status' | 'version' | 'createdAt' | 'updatedAt'>>;
}

/**
 * The next state of `entry` in status `to`, or a LifecycleError when the lifecycle forbids the step.
 *
 * @example
 * const step = transition(entry, 'approved', { at: now, by: 'alice@example.com', reason: 'approved from the email link' });
 * await store.saveTransition(step); // false when a concurrent run got there first
 */
export function transition(entry: Entry, to: EntryStatus, details: TransitionDetails): EntryTransition {
  if (!canTransition(entry.status, to)) {
    throw new LifecycleError(`${entry.target} cannot go from ${entry.status} to ${to}`);
  }
  return {
    entry: {
      ...entry,
      ...details.changes,
      status: to,
      version: entry.version + 1,
      updatedAt: details.at,
    },
    expectedVersion: entry.version,
    history: {
      target: entry.target,
      at: details.at,
      from: entry.status,
      to,
      by: details.by,
      reason: details.reason,
    },
  };
}

/** A brand-new entry, first recommended (observed -> candidate). */
export function newEntry(
  fields: Pick<Entry, 'target' | 'covers' | 'evidence'>,
  details: Omit<TransitionDetails, 'changes'>,
): EntryTransition {
  return {
    entry: {
      target: fields.target,
      kind: entryKindOf(fields.target),
      status: 'candidate',
      covers: fields.covers,
      evidence: fields.evidence,
      version: 1,
      createdAt: details.at,
      updatedAt: details.at,
    },
    expectedVersion: undefined,
    history: {
      target: fields.target,
      at: details.at,
      from: 'observed',
      to: 'candidate',
      by: details.by,
      reason: details.reason,
    },
  };
}
