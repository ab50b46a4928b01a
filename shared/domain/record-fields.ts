// The fields of a firewall record that its interpretation reads, in one reusable object: filled from a parsed record or from a payload's bytes.
import type { InternedStrings } from './interned-strings.ts';

/**
 * What interpretFirewallRecord reads of a record, field by field: the values a parsed record's
 * properties hold (`undefined` for an absent one), with the objects it looks into (`tls`, `http`,
 * `alert` …) reduced to whether they are objects and the one key read inside. Filled either from a
 * parsed record ({@link fillFromRecord}) or, for a record checked where it lies in a payload, straight
 * from its bytes (record-scanner.ts), which makes no object and no string for values that are not read.
 * One object, refilled for every record: the interpretation is synchronous and keeps none of it.
 */
export class RecordFields {
  /** A Network Firewall wrapper (`event` key present), else a bare Suricata EVE line whose fields are the record's own. */
  wrapped = false;
  /** Wrapped: whether `event` is an object (else the record is refused). */
  eventIsObject = false;
  firewall: unknown;
  availabilityZone: unknown;
  eventType: unknown;
  /** `event.timestamp`, unless `timeParsed`. */
  timestamp: unknown;
  /**
   * `event.timestamp` was a non-empty string, already parsed where it lies: `time` is what
   * parseIsoTimestamp gives for it (undefined when it is not a timestamp), and `timestamp` is not set.
   */
  timeParsed = false;
  time: number | undefined;
  srcIp: unknown;
  sni: unknown;
  appProto: unknown;
  tlsIsObject = false;
  tlsSni: unknown;
  httpIsObject = false;
  httpHostname: unknown;
  /** `action` of `alert`, `verdict`, `revocation_check` when each is an object, else undefined. */
  alertAction: unknown;
  verdictAction: unknown;
  revocationAction: unknown;
  flowId: unknown;
  /**
   * Values read only when the interpretation needs them (`dest_ip` when a record names no hostname,
   * `event_timestamp` when the event's own time is unusable): the value, or where it lies in `payload`
   * (start ≥ 0), to be read with `readLater`.
   */
  destIp: unknown;
  destIpStart = -1;
  destIpEnd = 0;
  wrapperTime: unknown;
  wrapperTimeStart = -1;
  wrapperTimeEnd = 0;
  payload: Uint8Array | undefined;
  words: DataView | undefined;
  strings: InternedStrings | undefined;

  /** Every field absent, as for an empty record. */
  clear(): void {
    this.wrapped = false;
    this.eventIsObject = false;
    this.firewall = undefined;
    this.availabilityZone = undefined;
    this.eventType = undefined;
    this.timestamp = undefined;
    this.timeParsed = false;
    this.time = undefined;
    this.srcIp = undefined;
    this.sni = undefined;
    this.appProto = undefined;
    this.tlsIsObject = false;
    this.tlsSni = undefined;
    this.httpIsObject = false;
    this.httpHostname = undefined;
    this.alertAction = undefined;
    this.verdictAction = undefined;
    this.revocationAction = undefined;
    this.flowId = undefined;
    this.destIp = undefined;
    this.destIpStart = -1;
    this.wrapperTime = undefined;
    this.wrapperTimeStart = -1;
    this.payload = undefined;
    this.words = undefined;
    this.strings = undefined;
  }
}

/**
 * Fills `into` from a parsed record (any JSON value); false when it is no object. The event's fields
 * are read from `event` in a wrapper, else from the record itself.
 */
export function fillFromRecord(record: unknown, into: RecordFields): boolean {
  into.clear();
  if (!isObject(record)) return false;
  let event: Record<string, unknown> = record;
  if ('event' in record) {
    into.wrapped = true;
    into.firewall = record.firewall_name;
    into.availabilityZone = record.availability_zone;
    into.wrapperTime = record.event_timestamp;
    if (!isObject(record.event)) return true;
    into.eventIsObject = true;
    event = record.event;
  }
  into.eventType = event.event_type;
  into.timestamp = event.timestamp;
  into.srcIp = event.src_ip;
  into.destIp = event.dest_ip;
  into.sni = event.sni;
  into.appProto = event.app_proto;
  const { tls, http, alert, verdict, revocation_check: revocation } = event;
  if (isObject(tls)) {
    into.tlsIsObject = true;
    into.tlsSni = tls.sni;
  }
  if (isObject(http)) {
    into.httpIsObject = true;
    into.httpHostname = http.hostname;
  }
  if (isObject(alert)) into.alertAction = alert.action;
  if (isObject(verdict)) into.verdictAction = verdict.action;
  if (isObject(revocation)) into.revocationAction = revocation.action;
  into.flowId = event.flow_id;
  return true;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
