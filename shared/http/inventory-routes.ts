// Routes of the inventory API: GET /hostnames (JSON page or whole-set CSV) and GET /hostnames/{hostname}.
import type { HostnameSummary } from '../app/ports/inventory-store.ts';
import {
  DEFAULT_PAGE_SIZE,
  DEFAULT_REPORT_DAYS,
  type HostnameQuery,
  type HostnameReport,
  hostnamePages,
  listHostnames,
  MAX_PAGE_SIZE,
  MAX_REPORT_DAYS,
  type QueryInventoryDeps,
  reportHostname,
} from '../app/query-inventory.ts';
import { BadRequestError } from '../domain/errors.ts';
import { MAX_HOSTNAME_LENGTH, normaliseHostname } from '../domain/hostname.ts';
import { HOSTNAME_STATUSES } from '../domain/inventory.ts';
import { toIso } from '../domain/time.ts';
import { sourceCount, type Usage } from '../domain/usage.ts';
import { preferredType } from './content-negotiation.ts';
import { csvRow } from './csv.ts';
import type { HttpResponse } from './http-message.ts';
import { choiceParam, integerParam, rejectUnknownParams, textParam } from './query-params.ts';
import { csvResponse, jsonResponse } from './responses.ts';
import type { RouteRequest } from './router.ts';

export interface InventoryRouteDeps extends QueryInventoryDeps {
  /**
   * Bytes of CSV after which an export stops at the end of the page it is on (a page adds at most 500
   * rows) and hands back `x-next-cursor`. A Lambda response may not exceed 6 MB (JSON-encoded, so line
   * breaks count twice): the 4 MiB default leaves room. The local server, without that limit, may raise it.
   */
  csvMaxBytes?: number | undefined;
}

export const DEFAULT_CSV_MAX_BYTES = 4 * 1024 * 1024;

/** The query parameters of GET /hostnames; any other is a 400. */
export const LIST_PARAMETERS = [
  'status',
  'firewall',
  'az',
  'kind',
  'q',
  'suffix',
  'sort',
  'order',
  'limit',
  'cursor',
  'format',
] as const;

/** Columns of the CSV export, in order; times ISO-8601 UTC, lists space-separated. */
export const CSV_COLUMNS = [
  'hostname',
  'kind',
  'status',
  'hits',
  'allowed',
  'blocked',
  'protocols',
  'sources',
  'firewalls',
  'availabilityZones',
  'firstSeen',
  'lastSeen',
] as const;

/**
 * The query GET /hostnames asks for, and the format to answer in (`format` wins over `Accept`).
 * Every malformed or unknown parameter is a BadRequestError naming it.
 */
export function parseHostnameQuery(request: Pick<RouteRequest, 'query' | 'headers'>): {
  query: HostnameQuery;
  format: 'json' | 'csv';
} {
  const params = request.query;
  rejectUnknownParams(params, LIST_PARAMETERS);
  const sort = choiceParam(params, 'sort', ['lastSeen', 'hits', 'hostname'] as const) ?? 'lastSeen';
  const order =
    choiceParam(params, 'order', ['desc', 'asc'] as const) ?? (sort === 'hostname' ? 'asc' : 'desc');
  const format =
    choiceParam(params, 'format', ['json', 'csv'] as const) ??
    (preferredType(request.headers.accept, ['application/json', 'text/csv']) === 'text/csv' ? 'csv' : 'json');
  return {
    query: {
      filters: {
        status: choiceParam(params, 'status', HOSTNAME_STATUSES),
        firewall: textParam(params, 'firewall', 128),
        availabilityZone: textParam(params, 'az', 64),
        kind: choiceParam(params, 'kind', ['domain', 'ip'] as const),
        q: textParam(params, 'q', MAX_HOSTNAME_LENGTH)?.toLowerCase(),
        suffix: suffixParam(params),
      },
      sort,
      order,
      limit: integerParam(params, 'limit', { min: 1, max: MAX_PAGE_SIZE }) ?? DEFAULT_PAGE_SIZE,
      cursor: textParam(params, 'cursor', 1024),
    },
    format,
  };
}

/** `suffix=example.com` or `.example.com`, normalised as hostnames are (so `Example.COM` works too). */
function suffixParam(params: Record<string, string>): string | undefined {
  const raw = textParam(params, 'suffix', MAX_HOSTNAME_LENGTH + 1);
  if (raw === undefined) return undefined;
  const normalised = normaliseHostname(raw.startsWith('.') ? raw.slice(1) : raw);
  if (!normalised.ok) {
    throw new BadRequestError(`suffix is not a domain name (${normalised.reason})`, { parameter: 'suffix' });
  }
  return normalised.hostname;
}

/** GET /hostnames: a page of JSON, or (Accept: text/csv, ?format=csv) the whole filtered set as CSV. */
export async function listHostnamesRoute(
  request: RouteRequest,
  deps: InventoryRouteDeps,
): Promise<HttpResponse> {
  const { query, format } = parseHostnameQuery(request);
  if (format === 'csv') return exportCsv(query, deps);
  const page = await listHostnames(deps, query);
  return jsonResponse(200, { items: page.items.map(summaryJson), nextCursor: page.nextCursor ?? null });
}

/**
 * The CSV export: every page of the query, from its cursor if it has one, in one body. Past
 * `csvMaxBytes` (or the export's read limit) it stops after the current page and names the cursor to
 * go on from in `x-next-cursor`; `limit` does not apply. One body rather than a stream: a Lambda
 * behind API Gateway answers in one piece, and the local server runs the same code.
 */
async function exportCsv(query: HostnameQuery, deps: InventoryRouteDeps): Promise<HttpResponse> {
  const maxBytes = deps.csvMaxBytes ?? DEFAULT_CSV_MAX_BYTES;
  const rows = [csvRow(CSV_COLUMNS)];
  let bytes = 0;
  let nextCursor: string | undefined;
  for await (const page of hostnamePages(deps, { ...query, limit: MAX_PAGE_SIZE })) {
    for (const summary of page.items) {
      const row = csvRow(csvCells(summary));
      rows.push(row);
      bytes += Buffer.byteLength(row);
    }
    nextCursor = page.nextCursor;
    if (bytes >= maxBytes) break;
  }
  return csvResponse(
    rows.join(''),
    'hostnames.csv',
    nextCursor === undefined ? {} : { 'x-next-cursor': nextCursor },
  );
}

function csvCells(summary: HostnameSummary): (string | number)[] {
  return [
    summary.hostname,
    summary.kind,
    summary.status,
    summary.hits,
    summary.allowed,
    summary.blocked,
    summary.protocols.join(' '),
    summary.sources,
    summary.firewalls.join(' '),
    summary.availabilityZones.join(' '),
    toIso(summary.firstSeen),
    toIso(summary.lastSeen),
  ];
}

/** The JSON of one listed hostname. */
export function summaryJson(summary: HostnameSummary) {
  return {
    hostname: summary.hostname,
    kind: summary.kind,
    status: summary.status,
    hits: summary.hits,
    allowed: summary.allowed,
    blocked: summary.blocked,
    protocols: summary.protocols,
    sources: summary.sources,
    firewalls: summary.firewalls,
    availabilityZones: summary.availabilityZones,
    firstSeen: toIso(summary.firstSeen),
    lastSeen: toIso(summary.lastSeen),
  };
}

/** GET /hostnames/{hostname}?days=14: the summary, every firewall × zone row, hits per day, entries' history. */
export async function getHostnameRoute(
  request: RouteRequest,
  deps: InventoryRouteDeps,
): Promise<HttpResponse> {
  rejectUnknownParams(request.query, ['days']);
  const days = integerParam(request.query, 'days', { min: 1, max: MAX_REPORT_DAYS }) ?? DEFAULT_REPORT_DAYS;
  const report = await reportHostname(deps, { hostname: request.params.hostname ?? '', days });
  return jsonResponse(200, reportJson(report));
}

function usageJson(usage: Usage) {
  return {
    hits: usage.hits,
    allowed: usage.allowed,
    blocked: usage.blocked,
    protocols: usage.protocols,
    sources: sourceCount(usage),
    firstSeen: toIso(usage.firstSeen),
    lastSeen: toIso(usage.lastSeen),
  };
}

/** The JSON of a report. Entries show their lifecycle, never their approval nonce. */
export function reportJson({ detail, hitsPerDay, entries }: HostnameReport) {
  return {
    hostname: detail.hostname,
    kind: detail.kind,
    status: detail.status,
    ...usageJson(detail.usage),
    firewalls: detail.firewalls,
    availabilityZones: detail.availabilityZones,
    locations: detail.locations.map((location) => ({
      firewall: location.firewall,
      availabilityZone: location.availabilityZone,
      ...usageJson(location.usage),
    })),
    hitsPerDay,
    entries: entries.map(({ entry, history }) => ({
      target: entry.target,
      kind: entry.kind,
      status: entry.status,
      coveredBy: entry.coveredBy ?? null,
      addedToRuleGroup: entry.addedToRuleGroup ?? false,
      createdAt: toIso(entry.createdAt),
      updatedAt: toIso(entry.updatedAt),
      history: history.map((step) => ({
        at: toIso(step.at),
        from: step.from,
        to: step.to,
        by: step.by,
        reason: step.reason,
      })),
    })),
  };
}
