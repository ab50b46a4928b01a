// Inventory queries: hostnames filtered, sorted and paged by an opaque cursor, and one hostname in full.
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { BadRequestError, NotFoundError } from '../domain/errors.ts';
import { type HostnameKind, normaliseHostname } from '../domain/hostname.ts';
import type { HostnameDetail, HostnameStatus } from '../domain/inventory.ts';
import type { Entry, HistoryRecord } from '../domain/lifecycle.ts';
import { DEFAULT_POLICY, wildcardFor } from '../domain/recommendation.ts';
import { DAY_MS } from '../domain/time.ts';
import { DAILY_HISTORY_DAYS, hitsPerDay } from '../domain/usage.ts';
import type { EntryStore } from './ports/entry-store.ts';
import type {
  HostnameSortField,
  HostnameSummary,
  InventoryStore,
  ListPosition,
  SortOrder,
} from './ports/inventory-store.ts';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;
export const DEFAULT_REPORT_DAYS = 14;
export const MAX_REPORT_DAYS = DAILY_HISTORY_DAYS;

export interface QueryLimits {
  /**
   * Hostnames one page may walk past (filtered out or not): a page of a rare filter then ends early
   * with a cursor instead of reading the whole inventory in one request.
   */
  pageReadLimit: number;
  /** The same bound for a whole export (every page of a CSV download together). */
  exportReadLimit: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = { pageReadLimit: 10_000, exportReadLimit: 250_000 };

export interface QueryInventoryDeps {
  inventory: InventoryStore;
  entries: EntryStore;
  /** Epoch ms; the end of a report's per-day window. */
  now: () => number;
  limits?: QueryLimits | undefined;
}

/** Every filter holds at once; absent ones do not filter. Values are already normalised. */
export interface HostnameFilters {
  status?: HostnameStatus | undefined;
  firewall?: string | undefined;
  availabilityZone?: string | undefined;
  kind?: HostnameKind | undefined;
  /** Lower-case substring of the hostname. */
  q?: string | undefined;
  /** A normalised hostname: matches itself and every name under it. */
  suffix?: string | undefined;
}

export interface HostnameQuery {
  filters: HostnameFilters;
  sort: HostnameSortField;
  order: SortOrder;
  /** 1 to {@link MAX_PAGE_SIZE}. */
  limit: number;
  /** A `nextCursor` an earlier page of the same query returned. */
  cursor?: string | undefined;
}

export interface HostnamePage {
  items: HostnameSummary[];
  /**
   * Resumes the walk after this page; undefined once it reached the end. A page may hold fewer than
   * `limit` items and still have a cursor, when it stopped at its read limit; a full page that happens
   * to end the walk has one too, and the page after it is empty (knowing would cost reading ahead).
   */
  nextCursor: string | undefined;
  /** Hostnames walked past to fill the page. */
  examined: number;
}

/**
 * One page of hostnames in the query's order.
 *
 * @example
 * const page = await listHostnames(deps, { filters: { firewall: 'egress' }, sort: 'hits', order: 'desc', limit: 50 });
 * const next = await listHostnames(deps, { ...query, cursor: page.nextCursor });
 */
export async function listHostnames(
  deps: QueryInventoryDeps,
  query: HostnameQuery,
  readLimit = (deps.limits ?? DEFAULT_QUERY_LIMITS).pageReadLimit,
): Promise<HostnamePage> {
  const after = query.cursor === undefined ? undefined : decodeCursor(query, query.cursor);
  const matches = summaryMatcher(query.filters);
  const items: HostnameSummary[] = [];
  let examined = 0;
  const walk = deps.inventory.listHostnames({
    sort: query.sort,
    order: query.order,
    after,
    status: query.filters.status,
    hostnameMatches: hostnameMatcher(query.filters),
    expected: query.limit,
  });
  for await (const { position, summary } of walk) {
    examined++;
    if (summary !== undefined && matches(summary)) items.push(summary);
    // Leaving the loop stops the walk: the store reads nothing more.
    if (items.length >= query.limit || examined >= readLimit) {
      return { items, nextCursor: encodeCursor(query, position), examined };
    }
  }
  return { items, nextCursor: undefined, examined };
}

/**
 * Every page of the query from its cursor on, for exports, until the walk ends or the export's read
 * limit is spent (the last page then carries the cursor to go on from). Stop iterating to stop early.
 */
export async function* hostnamePages(
  deps: QueryInventoryDeps,
  query: HostnameQuery,
): AsyncIterable<HostnamePage> {
  let budget = (deps.limits ?? DEFAULT_QUERY_LIMITS).exportReadLimit;
  let cursor = query.cursor;
  do {
    const page = await listHostnames(deps, { ...query, cursor }, Math.max(1, budget));
    yield page;
    budget -= page.examined;
    cursor = page.nextCursor;
  } while (cursor !== undefined && budget > 0);
}

/** Whether a summary passes every filter: the authority, whatever a store skipped early. */
function summaryMatcher(filters: HostnameFilters): (summary: HostnameSummary) => boolean {
  const byHostname = hostnameMatcher(filters);
  return (summary) =>
    (filters.status === undefined || summary.status === filters.status) &&
    (filters.kind === undefined || summary.kind === filters.kind) &&
    (filters.firewall === undefined || summary.firewalls.includes(filters.firewall)) &&
    (filters.availabilityZone === undefined ||
      summary.availabilityZones.includes(filters.availabilityZone)) &&
    byHostname(summary.hostname);
}

/** The filters decided by the hostname alone, which a store can apply before reading a summary. */
function hostnameMatcher(filters: HostnameFilters): (hostname: string) => boolean {
  const { q, suffix, kind } = filters;
  const dotSuffix = suffix === undefined ? undefined : `.${suffix}`;
  return (hostname) =>
    (q === undefined || hostname.includes(q)) &&
    (suffix === undefined || hostname === suffix || hostname.endsWith(dotSuffix as string)) &&
    // Inventory hostnames are normalised: an IP literal is exactly what isIP recognises.
    (kind === undefined || (isIP(hostname) === 0 ? 'domain' : 'ip') === kind);
}

/** The longest cursor accepted; real ones are about 100 characters. */
const MAX_CURSOR_LENGTH = 1024;
const MAX_SORT_VALUE = 999_999_999_999_999;

/**
 * The opaque `nextCursor`: base64url JSON of the position reached and the query's fingerprint.
 * Positions are unique, so resuming after one neither skips nor repeats; the fingerprint makes a cursor
 * of another query (other filters, sort or order) a 400 instead of a silently wrong page. It is not
 * signed: forging one only moves a reader within a query they may run anyway.
 */
export function encodeCursor(query: HostnameQuery, position: ListPosition): string {
  const body: { f: string; h: string; v?: number } = { f: queryFingerprint(query), h: position.hostname };
  if (query.sort !== 'hostname') body.v = position.value ?? 0;
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

/** The position in a cursor of this query; a BadRequestError naming `cursor` for anything else. */
export function decodeCursor(query: HostnameQuery, cursor: string): ListPosition {
  const invalid = (why: string) => new BadRequestError(`cursor ${why}`, { parameter: 'cursor' });
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    throw invalid('is not a cursor this API returned');
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid('is not a cursor this API returned');
  }
  if (typeof body !== 'object' || body === null) throw invalid('is not a cursor this API returned');
  const { f, h, v } = body as Record<string, unknown>;
  if (typeof f !== 'string' || typeof h !== 'string' || h.length === 0 || h.length > 300) {
    throw invalid('is not a cursor this API returned');
  }
  if (f !== queryFingerprint(query)) {
    throw invalid('belongs to another query: keep the filters, sort and order it was returned with');
  }
  if (query.sort === 'hostname') {
    if (v !== undefined) throw invalid('is not a cursor this API returned');
    return { hostname: h };
  }
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0 || v > MAX_SORT_VALUE) {
    throw invalid('is not a cursor this API returned');
  }
  return { hostname: h, value: v };
}

/** What a cursor is bound to: everything that decides the walk's order and membership, not the page size. */
function queryFingerprint(query: HostnameQuery): string {
  const { filters } = query;
  const identity = JSON.stringify([
    query.sort,
    query.order,
    filters.status ?? null,
    filters.firewall ?? null,
    filters.availabilityZone ?? null,
    filters.kind ?? null,
    filters.q ?? null,
    filters.suffix ?? null,
  ]);
  return createHash('sha256').update(identity).digest('base64url').slice(0, 16);
}

/** One hostname in full: its rows, its traffic per day, and the entries that cover it with their history. */
export interface HostnameReport {
  detail: HostnameDetail;
  /** UTC days oldest first, zero-filled, ending today. */
  hitsPerDay: { day: string; hits: number }[];
  /** The exact entry first, then the wildcard one; only those that exist. */
  entries: { entry: Entry; history: HistoryRecord[] }[];
}

/** Names any registrable domain's wildcard, even one the current policy would no longer suggest. */
const ANY_WILDCARD = { ...DEFAULT_POLICY, wildcardNever: [] };

/**
 * Reports one hostname, given as a person or a URL wrote it (normalised here: `WWW.Example.com.` is
 * `www.example.com`) over the last `days` days (1 to 62, today included). A BadRequestError naming
 * `hostname` when it cannot be a hostname (or `days`), a NotFoundError when the inventory never saw it.
 *
 * @example
 * const report = await reportHostname(deps, { hostname: 'api.github.com', days: 14 });
 */
export async function reportHostname(
  deps: QueryInventoryDeps,
  input: { hostname: string; days: number },
): Promise<HostnameReport> {
  if (!Number.isInteger(input.days) || input.days < 1 || input.days > MAX_REPORT_DAYS) {
    throw new BadRequestError(`days must be an integer from 1 to ${MAX_REPORT_DAYS}`, { parameter: 'days' });
  }
  const normalised = normaliseHostname(input.hostname);
  if (!normalised.ok) {
    throw new BadRequestError(`hostname is not a valid hostname (${normalised.reason})`, {
      parameter: 'hostname',
    });
  }
  const { hostname, kind } = normalised;
  const detail = await deps.inventory.getHostname(hostname);
  if (detail === undefined) throw new NotFoundError(`${hostname} is not in the inventory`);
  const now = deps.now();
  const targets: string[] = [];
  if (kind === 'domain') {
    targets.push(hostname);
    const wildcard = wildcardFor(hostname, ANY_WILDCARD);
    if (wildcard !== undefined) targets.push(wildcard);
  }
  const found = targets.length === 0 ? new Map<string, Entry>() : await deps.entries.getEntries(targets);
  const entries = await Promise.all(
    targets
      .map((target) => found.get(target))
      .filter((entry): entry is Entry => entry !== undefined)
      .map(async (entry) => ({ entry, history: await deps.entries.getHistory(entry.target) })),
  );
  return {
    detail,
    hitsPerDay: hitsPerDay(detail.usage, now - (input.days - 1) * DAY_MS, now),
    entries,
  };
}
