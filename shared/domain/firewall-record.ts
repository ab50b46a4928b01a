// Turns one Network Firewall log message (alert, TLS or HTTP record) into observations or a rejection reason.
import {
  type HostnameRejection,
  type NormalisedHostname,
  normaliseHostname,
  normaliseSourceIp,
} from './hostname.ts';
import type { InternedStrings } from './interned-strings.ts';
import type { Action, Observation, Protocol } from './observation.ts';
import { fillFromRecord, RecordFields } from './record-fields.ts';
import {
  checkedValueAt,
  escapedMessageEnd,
  isCertainlyNotJson,
  readEscapedFirewallRecord,
  readEscapedRecordFields,
  scanEscapedFirewallRecord,
  scanFirewallRecord,
} from './record-scanner.ts';
import { type EncodedLogEvents, NO_MESSAGE, QUOTE_ESCAPES } from './subscription-scanner.ts';
import { DAY_MS, parseFlexibleEpoch, parseIsoTimestamp } from './time.ts';

/** Why a record yields no observation; a closed set, counted per batch and reported by the CLI. */
export type RecordRejection =
  | 'not_json'
  | 'not_an_object'
  | 'invalid_log_event'
  | 'not_firewall_record'
  | 'missing_event'
  | 'missing_firewall_name'
  | 'invalid_firewall_name'
  | 'missing_availability_zone'
  | 'invalid_availability_zone'
  | 'ignored_event_type'
  | 'no_hostname'
  | 'hostname_not_string'
  | HostnameRejection
  | 'missing_timestamp'
  | 'invalid_timestamp'
  | 'timestamp_in_future';

export interface RecordContext {
  /** The CloudWatch Logs event timestamp (epoch ms), the last fallback for the event time. */
  logTimestamp?: number | undefined;
  /** Now, epoch ms: records stamped more than a day ahead are refused so they cannot pin `lastSeen`. */
  now: number;
  /**
   * Firewall and zone for bare Suricata EVE lines (no Network Firewall wrapper), e.g. a self-run
   * Suricata's eve.json imported from the CLI. Without them such lines are `not_firewall_record`.
   */
  defaults?: { firewall: string; availabilityZone: string } | undefined;
  /**
   * Normalisations already done in this batch ({@link createRecordMemo}); hostnames and sources repeat
   * heavily within a batch. Results are the same with or without it.
   */
  memo?: RecordMemo | undefined;
}

/** What a batch has already worked out about values that recur in its records. */
export interface RecordMemo {
  readonly hostnames: Map<string, NormalisedHostname>;
  readonly sources: Map<string, string | undefined>;
  /** Firewall names and zone names that passed their pattern: a handful, compared in turn. */
  readonly firewalls: string[];
  readonly zones: string[];
}

/**
 * A fresh memo for one batch (its size is bounded by the batch's distinct values).
 *
 * @example
 * const context: RecordContext = { now: Date.now(), memo: createRecordMemo() };
 * for (const message of messages) parseFirewallRecord(message, context);
 */
export function createRecordMemo(): RecordMemo {
  return { hostnames: new Map(), sources: new Map(), firewalls: [], zones: [] };
}

export type ParsedRecord = { ok: true; observations: Observation[] } | { ok: false; reason: RecordRejection };

/**
 * Where the observations of an accepted record go, one `add` each. The observation object is reused
 * for the next one: `add` keeps its values, never the object (BatchAggregator does just that).
 */
export interface ObservationSink {
  add(observation: Observation): void;
}

/** Network Firewall names: 1–128 letters, digits and hyphens (CreateFirewall). */
const FIREWALL_NAME = /^[A-Za-z0-9-]{1,128}$/;
/** AZ names (`us-east-1a`, `us-west-2-lax-1a`) and AZ IDs (`use1-az1`). */
const AVAILABILITY_ZONE = /^[a-z0-9-]{1,64}$/;
const FUTURE_TOLERANCE_MS = DAY_MS;

const reject = (reason: RecordRejection): ParsedRecord => ({ ok: false, reason });

/**
 * Parses one log message. A record is either accepted with one observation per distinct hostname
 * it names (`tls.sni`, `event.sni`, `http.hostname`; the destination IP when a TLS or HTTP record
 * names none), or rejected with exactly one reason. Never throws.
 *
 * @example
 * parseFirewallRecord('{"firewall_name":"fw","availability_zone":"us-east-1a","event_timestamp":"1631177288",' +
 *   '"event":{"event_type":"alert","src_ip":"10.0.2.182","alert":{"action":"blocked"},"tls":{"sni":"www.google.com"}}}',
 *   { now: Date.now() });
 * // { ok: true, observations: [{ hostname: 'www.google.com', protocol: 'tls', action: 'blocked', … }] }
 */
export function parseFirewallRecord(message: string, context: RecordContext): ParsedRecord {
  return collected(countFirewallRecord(message, context, collector));
}

/**
 * {@link parseFirewallRecord} for the ingest: the observations go to `sink` (one object, reused) and
 * the result is the rejection, or undefined for an accepted record.
 *
 * @example
 * const rejection = countFirewallRecord(message, context, aggregator);
 */
export function countFirewallRecord(
  message: string,
  context: RecordContext,
  sink: ObservationSink,
): RecordRejection | undefined {
  let record: unknown = scanFirewallRecord(message);
  if (record === undefined) {
    if (isCertainlyNotJson(message)) return 'not_json';
    try {
      record = JSON.parse(message);
    } catch {
      return 'not_json';
    }
  }
  if (!fillFromRecord(record, fields)) return 'not_an_object';
  return interpretFields(fields, context, sink);
}

/**
 * {@link parseFirewallRecord} of log event `index` of a payload read in place. A message that is ASCII
 * with no escape but `\"` is scanned where it lies; any other, and one the scanner is not certain of,
 * is decoded and parsed as a string.
 *
 * @example
 * for (let i = 0; i < events.count; i++) parseEncodedFirewallRecord(events, i, context);
 */
export function parseEncodedFirewallRecord(
  events: EncodedLogEvents,
  index: number,
  context: RecordContext,
): ParsedRecord {
  return collected(countEncodedFirewallRecord(events, index, context, collector));
}

/**
 * {@link parseEncodedFirewallRecord} for the ingest: the observations go to `sink` (one object,
 * reused) and the result is the rejection, or undefined for an accepted record. Records checked in
 * place are read without building an object, a string or an observation each.
 *
 * @example
 * const rejection = countEncodedFirewallRecord(events, i, context, aggregator);
 */
export function countEncodedFirewallRecord(
  events: EncodedLogEvents,
  index: number,
  context: RecordContext,
  sink: ObservationSink,
): RecordRejection | undefined {
  const start = events.messageStart[index] as number;
  if (start === NO_MESSAGE) return 'invalid_log_event';
  // Checked in place: its fields straight from the bytes, or, for a layout they cannot be read from
  // that way, the pruned record.
  if (readEscapedRecordFields(events.bytes, events.words, events.strings, events.layouts, index, fields)) {
    return interpretFields(fields, context, sink);
  }
  const end = events.messageEnd[index] as number;
  const flags = events.messageFlags[index] as number;
  let record: Record<string, unknown> | undefined = readEscapedFirewallRecord(
    events.bytes,
    events.words,
    events.strings,
    events.layouts,
    index,
  );
  if (record === undefined && (flags & ~QUOTE_ESCAPES) === 0) {
    record = scanEscapedFirewallRecord(events.bytes, events.words, events.strings, start);
    // The scanner finds the string's end by itself: it must be the one the payload scan found.
    if (escapedMessageEnd() !== end) record = undefined;
  }
  if (record === undefined) return countFirewallRecord(events.decode(start, end, flags), context, sink);
  if (!fillFromRecord(record, fields)) return 'not_an_object';
  return interpretFields(fields, context, sink);
}

/**
 * The reference for {@link parseFirewallRecord}: `JSON.parse` of the whole message, then the same
 * interpretation. The fast path must give exactly its result for every input (tests and the
 * benchmark check this), and falls back to it whenever the scanner is not certain.
 */
export function parseFirewallRecordReference(message: string, context: RecordContext): ParsedRecord {
  let record: unknown;
  try {
    record = JSON.parse(message);
  } catch {
    return reject('not_json');
  }
  return interpretFirewallRecord(record, context);
}

/** {@link parseFirewallRecord} for a record that is already parsed JSON. */
export function interpretFirewallRecord(record: unknown, context: RecordContext): ParsedRecord {
  if (!fillFromRecord(record, fields)) return reject('not_an_object');
  return collected(interpretFields(fields, context, collector));
}

// Filled and read within one synchronous call: no allocation per record.
const fields = new RecordFields();
const observation: Observation = {
  hostname: '',
  kind: 'domain',
  firewall: '',
  availabilityZone: '',
  protocol: 'tls',
  action: 'unknown',
  source: undefined,
  time: 0,
  flowId: undefined,
};

/** Keeps copies of the observations of one record, for a ParsedRecord. */
class ObservationCollector implements ObservationSink {
  observations: Observation[] = [];

  add(added: Observation): void {
    this.observations.push({ ...added });
  }
}

const collector = new ObservationCollector();

/** The ParsedRecord of an interpretation whose observations went to `collector`. */
function collected(rejection: RecordRejection | undefined): ParsedRecord {
  const { observations } = collector;
  collector.observations = [];
  return rejection === undefined ? { ok: true, observations } : reject(rejection);
}

/**
 * The interpretation itself, of a record's fields however they were read: the observations go to
 * `sink`, and the result is the rejection, or undefined for an accepted record.
 */
function interpretFields(
  record: RecordFields,
  context: RecordContext,
  sink: ObservationSink,
): RecordRejection | undefined {
  let firewall: unknown;
  let availabilityZone: unknown;
  if (record.wrapped) {
    if (!record.eventIsObject) return 'missing_event';
    firewall = record.firewall;
    availabilityZone = record.availabilityZone;
  } else if (context.defaults !== undefined) {
    firewall = context.defaults.firewall;
    availabilityZone = context.defaults.availabilityZone;
  } else {
    return 'not_firewall_record';
  }

  const memo = context.memo;
  if (firewall === undefined || firewall === null || firewall === '') return 'missing_firewall_name';
  if (typeof firewall !== 'string' || !matches(FIREWALL_NAME, firewall, memo?.firewalls)) {
    return 'invalid_firewall_name';
  }
  if (availabilityZone === undefined || availabilityZone === null || availabilityZone === '') {
    return 'missing_availability_zone';
  }
  if (typeof availabilityZone !== 'string' || !matches(AVAILABILITY_ZONE, availabilityZone, memo?.zones)) {
    return 'invalid_availability_zone';
  }

  const eventType = record.eventType;
  if (eventType !== undefined && eventType !== null && !isHostnameEventType(eventType)) {
    return 'ignored_event_type';
  }

  const unnamed = nameHostnames(record, named);
  if (unnamed !== undefined) return unnamed;

  const time = eventTime(record, context.logTimestamp);
  if (typeof time === 'string') return time;
  if (time > context.now + FUTURE_TOLERANCE_MS) return 'timestamp_in_future';

  const action = actionOf(record);
  const source = normaliseSource(record.srcIp, memo);
  const flowId = flowIdOf(record.flowId);
  let firstHostname: string | undefined;
  let firstRejection: HostnameRejection | undefined;
  for (let k = 0; k < named.count; k++) {
    const normalised = normaliseHostnameOnce(k === 0 ? named.first : named.second, memo);
    if (!normalised.ok) {
      firstRejection ??= normalised.reason;
      continue;
    }
    // The SNI and the Host header often name the same host: one observation.
    if (normalised.hostname === firstHostname) continue;
    firstHostname ??= normalised.hostname;
    observation.hostname = normalised.hostname;
    observation.kind = normalised.kind;
    observation.firewall = firewall;
    observation.availabilityZone = availabilityZone;
    observation.protocol = k === 0 ? named.firstProtocol : 'http';
    observation.action = action;
    observation.source = source;
    observation.time = time;
    observation.flowId = flowId;
    sink.add(observation);
  }
  if (firstHostname === undefined) return firstRejection ?? 'no_hostname';
  return undefined;
}

/** The hostnames a record names: the SNI (or, failing a name, the destination IP), then the HTTP Host. */
interface NamedHostnames {
  count: number;
  first: string;
  firstProtocol: Protocol;
  /** Always the HTTP Host. */
  second: string;
}

// Filled and read within one synchronous call of interpretFirewallRecord: no allocation per record.
const named: NamedHostnames = { count: 0, first: '', firstProtocol: 'tls', second: '' };

/** Fills `into` with the hostnames a record names, in the order SNI, HTTP Host; or says why it names none usable. */
function nameHostnames(record: RecordFields, into: NamedHostnames): RecordRejection | undefined {
  into.count = 0;
  const sni = present(record.tlsSni) ?? present(record.sni);
  const host = present(record.httpHostname);
  if (sni !== undefined) {
    if (typeof sni !== 'string') return 'hostname_not_string';
    into.first = sni;
    into.firstProtocol = 'tls';
    into.count = 1;
  }
  if (host !== undefined) {
    if (typeof host !== 'string') return 'hostname_not_string';
    if (into.count === 0) {
      into.first = host;
      into.firstProtocol = 'http';
      into.count = 1;
    } else {
      into.second = host;
      into.count = 2;
    }
  }
  if (into.count > 0) return undefined;

  // A TLS or HTTP record without a name is SNI-less or IP-direct egress: the destination IP is the
  // evidence (shown as kind `ip`, never an allowlist entry).
  const tlsWithoutName = record.tlsIsObject || record.sni === '-' || record.appProto === 'tls';
  const httpWithoutName = record.httpIsObject || record.appProto === 'http';
  const destination = tlsWithoutName || httpWithoutName ? destIpOf(record) : undefined;
  if (destination !== undefined && normaliseSourceIp(destination) !== undefined) {
    into.first = destination as string;
    into.firstProtocol = tlsWithoutName ? 'tls' : 'http';
    into.count = 1;
    return undefined;
  }
  return 'no_hostname';
}

/** Values a memo keeps per pattern; a batch has a few firewalls and zones. */
const MATCHED_KEPT = 16;

/** Whether `value` matches `pattern`, remembering the first few values that did. */
function matches(pattern: RegExp, value: string, matched: string[] | undefined): boolean {
  if (matched !== undefined) {
    for (let i = 0; i < matched.length; i++) if (matched[i] === value) return true;
  }
  if (!pattern.test(value)) return false;
  if (matched !== undefined && matched.length < MATCHED_KEPT) matched.push(value);
  return true;
}

function normaliseHostnameOnce(raw: string, memo: RecordMemo | undefined): NormalisedHostname {
  if (memo === undefined) return normaliseHostname(raw);
  let normalised = memo.hostnames.get(raw);
  if (normalised === undefined) {
    normalised = normaliseHostname(raw);
    memo.hostnames.set(raw, normalised);
  }
  return normalised;
}

function normaliseSource(raw: unknown, memo: RecordMemo | undefined): string | undefined {
  if (memo === undefined || typeof raw !== 'string') return normaliseSourceIp(raw);
  const known = memo.sources.get(raw);
  if (known !== undefined || memo.sources.has(raw)) return known;
  const source = normaliseSourceIp(raw);
  memo.sources.set(raw, source);
  return source;
}

/** A field's value unless it is absent, null, empty or Suricata's `-` for "none". */
function present(value: unknown): unknown {
  if (value === undefined || value === null || value === '' || value === '-') return undefined;
  return value;
}

/** `event.timestamp`, else the wrapper's `event_timestamp`, else the log event's timestamp. */
function eventTime(record: RecordFields, logTimestamp: number | undefined) {
  let sawValue = false;
  const eventTimestamp = record.timestamp;
  if (record.timeParsed) {
    sawValue = true;
    if (record.time !== undefined) return record.time;
  } else if (typeof eventTimestamp === 'string' && eventTimestamp !== '') {
    sawValue = true;
    const parsed = parseIsoTimestamp(eventTimestamp);
    if (parsed !== undefined) return parsed;
  } else if (eventTimestamp !== undefined && eventTimestamp !== null) {
    sawValue = true;
  }
  // A bare EVE line has no wrapper.
  const wrapperTimestamp = record.wrapped ? wrapperTimeOf(record) : undefined;
  if (wrapperTimestamp !== undefined && wrapperTimestamp !== null) {
    sawValue = true;
    const parsed = parseFlexibleEpoch(wrapperTimestamp);
    if (parsed !== undefined) return parsed;
  }
  if (logTimestamp !== undefined) {
    const parsed = parseFlexibleEpoch(logTimestamp);
    if (parsed !== undefined) return parsed;
    sawValue = true;
  }
  return sawValue ? 'invalid_timestamp' : 'missing_timestamp';
}

/**
 * Suricata's flow ID: a positive integer, written as a JSON number (it fits in 51 bits) or by some
 * shippers as a string of digits. Anything else, or a value past 2^53 that a double cannot hold
 * exactly, is no flow ID: such a record is never merged with another.
 */
export function flowIdOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0 ? value : undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > 16 || !DIGITS.test(value)) {
    return undefined;
  }
  const flowId = Number(value);
  return Number.isSafeInteger(flowId) && flowId > 0 ? flowId : undefined;
}

const DIGITS = /^[0-9]+$/;

/** Event types that stand for a connection decision; others (netflow, dns, fileinfo, stats…) repeat it or carry none. */
function isHostnameEventType(value: unknown): boolean {
  return value === 'alert' || value === 'tls' || value === 'http';
}

/**
 * The firewall's decision. `verdict.action` (Suricata 7) is the engine's final word; `alert.action`
 * only says what the matching rule did. A failed certificate revocation check that drops counts too.
 */
function actionOf(record: RecordFields): Action {
  const fromVerdict = mapAction(record.verdictAction);
  if (fromVerdict !== 'unknown') return fromVerdict;
  const fromAlert = mapAction(record.alertAction);
  if (fromAlert !== 'unknown') return fromAlert;
  if (mapAction(record.revocationAction) === 'blocked') return 'blocked';
  return 'unknown';
}

function mapAction(value: unknown): Action {
  if (typeof value !== 'string') return 'unknown';
  // Network Firewall writes these two, in lower case: no lower-casing copy for them.
  if (value === 'allowed') return 'allowed';
  if (value === 'blocked') return 'blocked';
  switch (value.toLowerCase()) {
    case 'allowed':
    case 'pass':
    case 'alert':
    case 'accept':
      return 'allowed';
    case 'blocked':
    case 'drop':
    case 'reject':
    case 'rejected':
    case 'dropped':
      return 'blocked';
    default:
      return 'unknown';
  }
}

/** `dest_ip`, read now if it was left where it lies. */
function destIpOf(record: RecordFields): unknown {
  if (record.destIpStart >= 0) return readLater(record, record.destIpStart, record.destIpEnd);
  return record.destIp;
}

/** The wrapper's `event_timestamp`, read now if it was left where it lies. */
function wrapperTimeOf(record: RecordFields): unknown {
  if (record.wrapperTimeStart >= 0) return readLater(record, record.wrapperTimeStart, record.wrapperTimeEnd);
  return record.wrapperTime;
}

function readLater(record: RecordFields, start: number, end: number): unknown {
  const { payload, words, strings } = record;
  return checkedValueAt(payload as Uint8Array, words as DataView, strings as InternedStrings, start, end);
}
