// Pulls out of a firewall log message only the fields interpretFirewallRecord reads, validating the rest without building it.
//
// Why. JSON.parse builds every value of a ~550-byte record (flow ids, ports, signatures, ja3 …) and
// interns every key, but the ingest reads about a dozen fields. This scanner walks the text once,
// checks that all of it is JSON exactly as JSON.parse would accept it, and keeps only those fields.
// It reads the message as bytes (String#charCodeAt costs several times a typed-array load in V8),
// crosses string contents four bytes at a time, and remembers the layout of the records it has read
// (see Templates below), so that a record shaped like an earlier one costs little more than reading
// its values. That memory (a few templates, a 384 KB byte buffer) is per process and never changes a
// result, only how fast it comes.
//
// Exactness. The scanner answers only when it is certain; otherwise it returns undefined and the
// caller parses the message in full with JSON.parse (the reference). It is uncertain when: the
// message has a non-ASCII character (a byte is then no longer a character); the text is not JSON as
// far as it can tell (JSON.parse then gives the `not_json` verdict); the top level is not an object;
// a key it tracks appears twice in one object (JSON.parse lets the last one win); a key in a tracked
// object contains an escape (it might spell a tracked name); nesting is deeper than MAX_DEPTH. Values
// it keeps are decoded exactly: text without escapes is sliced as is (what JSON.parse copies), text
// with escapes and numbers other than integers of up to 15 digits are handed to JSON.parse token by token.
//
// In place. A log event's message can also be read where it lies in the subscription payload, still
// escaped as a JSON string (`{\"firewall_name\":\"fw\",…}`), while the payload scan crosses it (see
// subscription-scanner.ts). The scanner then takes `\"` for a quote, and is certain only of messages
// whose text is ASCII with no other escape and no raw control character (whitespace is spaces): for
// those the escaped bytes spell exactly the message's tokens with each `"` written `\"`. A raw `"`
// ends the payload's string: after the message's object it marks the message's end, anywhere else it
// leaves the scanner uncertain, so a scan never runs past its string. Certain here means the string is
// valid JSON too (the payload scan relies on it). Such messages have their own templates: their layout
// is written with the escapes. The payload scan only checks a message against the templates and notes
// where the values it reads are (checkEscapedFirewallRecord); the ingest reads those values later,
// without a second look at the rest of the message: straight into a RecordFields for a wrapper around
// an event object (readEscapedRecordFields), else as a pruned record (readEscapedFirewallRecord). In
// place, a string value is the payload's InternedStrings entry for its bytes (one string per distinct
// value of the batch), the event's time is parsed from its bytes, and `dest_ip` and `event_timestamp`
// are read only if the interpretation asks for them.
//
// What it returns is a pruned copy of the parsed record that interpretFirewallRecord cannot tell from
// the full one: the same objects along the paths it reads, with every other value left out, and
// objects or arrays in leaf positions replaced by frozen stand-ins of the same kind. The property
// tests in test/unit/domain/record-scanner.test.ts hold the two paths to identical results.
import { Buffer } from 'node:buffer';
import { InternedStrings } from './interned-strings.ts';
import { endOfNumber, isHex } from './json-bytes.ts';
import type { RecordFields } from './record-fields.ts';
import { parseIsoTimestampBytes } from './time.ts';

// Fields read under `event` (and under the record itself for bare Suricata EVE lines).
const EVENT_TYPE = 0;
const TIMESTAMP = 1;
const SRC_IP = 2;
const DEST_IP = 3;
const SNI = 4;
const APP_PROTO = 5;
const TLS = 6;
const HTTP = 7;
const ALERT = 8;
const VERDICT = 9;
const REVOCATION_CHECK = 10;
const FLOW_ID = 11;
const EVENT_FIELDS = 12;
// Fields read on the Network Firewall wrapper, kept after the event fields of the top level.
const FIREWALL_NAME = 12;
const AVAILABILITY_ZONE = 13;
const EVENT_TIMESTAMP = 14;
const EVENT = 15;
const ROOT_FIELDS = 16;

const FIELD_NAMES = [
  'event_type',
  'timestamp',
  'src_ip',
  'dest_ip',
  'sni',
  'app_proto',
  'tls',
  'http',
  'alert',
  'verdict',
  'revocation_check',
  'flow_id',
  'firewall_name',
  'availability_zone',
  'event_timestamp',
  'event',
];
const FIELD_KEYS = FIELD_NAMES.map(keyPattern);
/** Field indices by key length, for the event level and the top level. */
const EVENT_KEYS = fieldsByLength(FIELD_NAMES.slice(0, EVENT_FIELDS));
const ROOT_KEYS = fieldsByLength(FIELD_NAMES);

/** Longer messages (CloudWatch Logs allows 256 KB) go to JSON.parse; firewall records are ~1 KB. */
export const MAX_SCANNED_LENGTH = 128 * 1024;
/** Nesting the scanner follows (V8's JSON.parse has no practical limit: deeper records go to it). */
export const MAX_DEPTH = 64;

const OBJECT_STAND_IN: Readonly<Record<string, never>> = Object.freeze({});
const ARRAY_STAND_IN: readonly never[] = Object.freeze([]);
/** Marks a scan that must be handed to JSON.parse; no JSON value is this object. */
const UNCERTAIN = Object.freeze({ uncertain: true });

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const IN_OBJECT = 1;
const IN_ARRAY = 2;

// The scan is synchronous and never re-entered, so its state lives here instead of in a fresh object
// per message. `bytes` holds the message followed by a 0 byte: a control character, which no JSON
// token may contain or follow, so every loop stops there without a bounds check.
const messageBytes = new Uint8Array(3 * MAX_SCANNED_LENGTH + 8);
const buffer = Buffer.from(messageBytes.buffer);
const messageWords = new DataView(messageBytes.buffer);
/** What is scanned: the message's copy above, or a subscription payload read in place. */
let bytes: Uint8Array = messageBytes;
let words: DataView = messageWords;
/** The message `bytes` hold (not in place). */
let text = '';
/** In place: the payload's strings, each distinct value made once (certain values are ASCII). */
const NO_STRINGS = new InternedStrings(Buffer.alloc(0));
let strings = NO_STRINGS;
/** Where the message starts and ends in `bytes`. */
let base = 0;
let length = 0;
/** Reading a message still escaped as a JSON string, in place in its payload: a string opens with `\"`. */
let inPlace = false;
let openQuote = QUOTE;
let openWidth = 1;
/** Index after the value a `read…` function just returned. */
let position = 0;
/** Whether the string `endOfString` just crossed contains an escape, and where its contents end. */
let escaped = false;
let contentEnd = 0;
const rootValues: unknown[] = new Array(ROOT_FIELDS).fill(undefined);
const eventValues: unknown[] = new Array(EVENT_FIELDS).fill(undefined);
const containers = new Uint8Array(MAX_DEPTH);

/**
 * Extracts what {@link interpretFirewallRecord} reads from one log message, or undefined when the
 * scanner is not certain and the message must be parsed with `JSON.parse` instead. Never throws.
 * A record is returned only for text that `JSON.parse` accepts.
 *
 * @example
 * const record = scanFirewallRecord(message); // undefined: use JSON.parse(message)
 */
export function scanFirewallRecord(message: string): Record<string, unknown> | undefined {
  if (!load(message)) return undefined;
  return scanLoaded(plainTemplates);
}

/**
 * {@link scanFirewallRecord} for a message in place in a subscription payload: the contents of the JSON
 * string whose opening quote is just before `start`. When certain, the record comes back and
 * {@link escapedMessageEnd} is the index of the string's closing quote (so the string is valid JSON);
 * otherwise undefined, and the string must be read the ordinary way. `payloadWords` is a view of the
 * payload's bytes, `payloadStrings` makes the strings of its values.
 *
 * @example
 * const record = scanEscapedFirewallRecord(bytes, words, strings, start); // then escapedMessageEnd()
 */
export function scanEscapedFirewallRecord(
  payload: Uint8Array,
  payloadWords: DataView,
  payloadStrings: InternedStrings,
  start: number,
): Record<string, unknown> | undefined {
  enterInPlace(payload, payloadWords, payloadStrings, start);
  try {
    return scanLoaded(inPlaceTemplates);
  } finally {
    leaveInPlace();
  }
}

function enterInPlace(
  payload: Uint8Array,
  payloadWords: DataView,
  payloadStrings: InternedStrings,
  start: number,
): void {
  bytes = payload;
  words = payloadWords;
  strings = payloadStrings;
  base = start;
  length = -1;
  inPlace = true;
  openQuote = BACKSLASH;
  openWidth = 2;
}

function leaveInPlace(): void {
  bytes = messageBytes;
  words = messageWords;
  strings = NO_STRINGS;
  base = 0;
  inPlace = false;
  openQuote = QUOTE;
  openWidth = 1;
}

/** Where the message {@link scanEscapedFirewallRecord} last read ends: the payload string's closing quote. */
export function escapedMessageEnd(): number {
  return length;
}

/** Whether the object's text ends at i (after whitespace); in place, that is where the string closes. */
function endsAt(i: number): boolean {
  const end = skipWhitespace(i);
  if (!inPlace) return end === length;
  if (bytes[end] !== QUOTE) return false;
  length = end;
  return true;
}

function scanLoaded(list: Template[]): Record<string, unknown> | undefined {
  templates = list;
  try {
    for (let t = 0; t < templates.length; t++) {
      const template = templates[t] as Template;
      const record = matchTemplate(template);
      if (record !== UNCERTAIN) {
        countHit(t);
        return record as Record<string, unknown>;
      }
    }
    return scanAndLearn();
  } catch {
    // Not expected (every token handed to JSON.parse was checked first); the reference decides.
    return undefined;
  } finally {
    text = '';
  }
}

/** The full scan; a record it reads teaches a template for the records shaped like it. */
function scanAndLearn(): Record<string, unknown> | undefined {
  const start = skipWhitespace(base);
  if (bytes[start] !== OPEN_BRACE) return undefined;
  recorded = 0;
  recordedRootSeen = 0;
  recordedEventSeen = 0;
  recordedEvent = false;
  recordedSubObjects = 0;
  recording = true;
  let record: unknown;
  try {
    record = readTrackedObject(start, rootValues, ROOT_KEYS, 0);
  } finally {
    recording = false;
  }
  const end = position;
  if (record === UNCERTAIN || !endsAt(end)) return undefined;
  learnTemplate(end);
  return record as Record<string, unknown>;
}

/**
 * Whether `JSON.parse(message)` certainly throws: the message is ASCII, within MAX_SCANNED_LENGTH, and
 * not one JSON value between whitespace, as the checks that validate what the scanner reads find it
 * (they accept exactly JSON's grammar). Cheaper than the exception, which JSON.parse builds with a
 * stack trace and a message quoting the text: tens of microseconds a record. False when not certain
 * (other characters, too long, nesting deeper than MAX_DEPTH): JSON.parse decides.
 *
 * @example
 * isCertainlyNotJson('{"event":{"tls":'); // true
 */
export function isCertainlyNotJson(message: string): boolean {
  if (!load(message)) return false;
  try {
    nestedTooDeep = false;
    const end = endOfValue(skipWhitespace(0));
    if (end < 0) return !nestedTooDeep;
    return skipWhitespace(end) !== length;
  } finally {
    text = '';
  }
}

/** Set by endOfValue when it gave up on nesting deeper than MAX_DEPTH (valid or not: not certain). */
let nestedTooDeep = false;

/** Copies an ASCII message into `bytes`; false when it has any other character. */
function load(message: string): boolean {
  // UTF-8 needs at most 3 bytes per UTF-16 unit, so the whole message always fits and the byte count
  // equals the length exactly when every character is ASCII. 4 more bytes for reads past the end.
  if (message.length > MAX_SCANNED_LENGTH) return false;
  const written = buffer.write(message, 0, 'utf8');
  if (written !== message.length) return false;
  messageBytes[written] = 0;
  text = message;
  length = written;
  return true;
}

/**
 * Reads the object at `start` into `values` (the top level with ROOT_KEYS, else an event) and builds
 * its pruned copy; UNCERTAIN when it cannot be sure.
 */
function readTrackedObject(start: number, values: unknown[], keys: number[][], level: number): unknown {
  // `values` still holds the previous message's fields: `seen` says which ones are this object's.
  let seen = 0;
  let i = skipWhitespace(start + 1);
  if (bytes[i] === CLOSE_BRACE) {
    position = i + 1;
    if (recording) recordSeen(level, seen);
    return buildTracked(values, keys, seen);
  }
  for (;;) {
    if (!opensString(i)) return UNCERTAIN;
    const keyEnd = endOfString(i + openWidth);
    if (keyEnd < 0 || escaped) return UNCERTAIN;
    const field = fieldOf(i + openWidth, contentEnd, keys);
    i = skipWhitespace(keyEnd);
    if (bytes[i] !== COLON) return UNCERTAIN;
    i = skipWhitespace(i + 1);
    if (field < 0) {
      const valueStart = i;
      i = endOfValue(i);
      if (i < 0) return UNCERTAIN;
      if (recording) recordValue(valueStart, i, SKIP, undefined);
    } else {
      const bit = 1 << field;
      if ((seen & bit) !== 0) return UNCERTAIN;
      seen |= bit;
      const value = readField(i, field, level);
      if (value === UNCERTAIN) return UNCERTAIN;
      values[field] = value;
      i = position;
    }
    i = skipWhitespace(i);
    const next = bytes[i];
    if (next === CLOSE_BRACE) {
      position = i + 1;
      if (recording) recordSeen(level, seen);
      return buildTracked(values, keys, seen);
    }
    if (next !== COMMA) return UNCERTAIN;
    i = skipWhitespace(i + 1);
  }
}

/** Reads the value of a tracked field: objects along read paths are followed, the rest kept as leaves. */
function readField(i: number, field: number, level: number): unknown {
  if (bytes[i] === OPEN_BRACE) {
    // The top level's event fields are kept in rootValues; the event's own go to eventValues.
    if (field === EVENT) {
      if (recording) recordedEvent = true;
      return readTrackedObject(i, eventValues, EVENT_KEYS, 1);
    }
    const key = subObjectKey(field);
    if (key !== undefined) {
      if (recording) recordedSubObjects |= 1 << subSlot(level, field);
      return readSubObject(i, key, subSlot(level, field));
    }
  }
  const value = readLeaf(i);
  if (recording && value !== UNCERTAIN)
    recordValue(i, position, level === 0 ? field : EVENT_SLOTS + field, value);
  return value;
}

/**
 * What readLeaf gives for the value at i..end, which a check in place has already validated: a string
 * there has no escape (its contents are between `\"` and `\"`), so it is taken without a second look.
 */
function checkedLeaf(i: number, end: number): unknown {
  return bytes[i] === BACKSLASH ? strings.at(i + 2, end - 2) : notStringAt(i, end);
}

/** The characters at start..end: a slice of the message, or in place (ASCII) the payload's string. */
function textAt(start: number, end: number): string {
  return inPlace ? strings.at(start, end) : text.slice(start, end);
}

/** The key read inside a field's object, for the fields whose object is followed. */
function subObjectKey(field: number): KeyPattern | undefined {
  if (field === TLS) return SNI_KEY;
  if (field === HTTP) return HOSTNAME_KEY;
  if (field === ALERT || field === VERDICT || field === REVOCATION_CHECK) return ACTION_KEY;
  return undefined;
}

const SNI_KEY = keyPattern('sni');
const HOSTNAME_KEY = keyPattern('hostname');
const ACTION_KEY = keyPattern('action');

/** An object of which one key is read (`tls.sni`, `http.hostname`, `alert.action` …), pruned to it. */
function readSubObject(start: number, key: KeyPattern, slot: number): unknown {
  let value: unknown;
  let seen = false;
  let i = skipWhitespace(start + 1);
  if (bytes[i] === CLOSE_BRACE) {
    position = i + 1;
    return subObject(key, value);
  }
  for (;;) {
    if (!opensString(i)) return UNCERTAIN;
    const keyEnd = endOfString(i + openWidth);
    if (keyEnd < 0 || escaped) return UNCERTAIN;
    const matches = contentEnd - (i + openWidth) === key.length && isKey(i + openWidth, key);
    i = skipWhitespace(keyEnd);
    if (bytes[i] !== COLON) return UNCERTAIN;
    i = skipWhitespace(i + 1);
    if (matches) {
      if (seen) return UNCERTAIN;
      seen = true;
      value = readLeaf(i);
      if (value === UNCERTAIN) return UNCERTAIN;
      if (recording) recordValue(i, position, SUB_SLOTS + slot, value);
      i = position;
    } else {
      const valueStart = i;
      i = endOfValue(i);
      if (i < 0) return UNCERTAIN;
      if (recording) recordValue(valueStart, i, SKIP, undefined);
    }
    i = skipWhitespace(i);
    const next = bytes[i];
    if (next === CLOSE_BRACE) {
      position = i + 1;
      return subObject(key, value);
    }
    if (next !== COMMA) return UNCERTAIN;
    i = skipWhitespace(i + 1);
  }
}

/** One shape per key, so that the objects the interpretation reads stay monomorphic. */
function subObject(key: KeyPattern, value: unknown): Record<string, unknown> {
  if (key === SNI_KEY) return { sni: value };
  if (key === HOSTNAME_KEY) return { hostname: value };
  return { action: value };
}

/**
 * The pruned copy of a tracked object. Absent fields read as undefined just as on the full object;
 * the one membership test the interpretation makes (`'event' in record`) decides which shape is built.
 */
function buildTracked(values: unknown[], keys: number[][], seen: number): Record<string, unknown> {
  if (keys === ROOT_KEYS && (seen & (1 << EVENT)) !== 0) {
    return {
      firewall_name: fieldValue(values, seen, FIREWALL_NAME),
      availability_zone: fieldValue(values, seen, AVAILABILITY_ZONE),
      event_timestamp: fieldValue(values, seen, EVENT_TIMESTAMP),
      event: values[EVENT],
    };
  }
  // An event, or a top level without `event` (a bare Suricata EVE line): its event fields.
  return {
    event_type: fieldValue(values, seen, EVENT_TYPE),
    timestamp: fieldValue(values, seen, TIMESTAMP),
    src_ip: fieldValue(values, seen, SRC_IP),
    dest_ip: fieldValue(values, seen, DEST_IP),
    sni: fieldValue(values, seen, SNI),
    app_proto: fieldValue(values, seen, APP_PROTO),
    tls: fieldValue(values, seen, TLS),
    http: fieldValue(values, seen, HTTP),
    alert: fieldValue(values, seen, ALERT),
    verdict: fieldValue(values, seen, VERDICT),
    revocation_check: fieldValue(values, seen, REVOCATION_CHECK),
    flow_id: fieldValue(values, seen, FLOW_ID),
  };
}

function fieldValue(values: unknown[], seen: number, field: number): unknown {
  return (seen & (1 << field)) === 0 ? undefined : values[field];
}

/** A value whose insides are not read: strings and numbers exactly, containers as stand-ins. */
function readLeaf(i: number): unknown {
  const first = bytes[i];
  if (first === openQuote) {
    if (!opensString(i)) return UNCERTAIN;
    const end = endOfString(i + openWidth);
    if (end < 0) return UNCERTAIN;
    position = end;
    // Without escapes JSON.parse copies the characters as they are; with them, it decodes the token.
    return escaped ? JSON.parse(textAt(i, end)) : textAt(i + openWidth, contentEnd);
  }
  const end = endOfValue(i);
  if (end < 0) return UNCERTAIN;
  position = end;
  return notStringAt(i, end);
}

/** A valid value at i..end that is no string: containers as stand-ins, literals, numbers. */
function notStringAt(i: number, end: number): unknown {
  const first = bytes[i];
  if (first === OPEN_BRACE) return OBJECT_STAND_IN;
  if (first === OPEN_BRACKET) return ARRAY_STAND_IN;
  if (first === 0x74 /* t */) return true;
  if (first === 0x66 /* f */) return false;
  if (first === 0x6e /* n */) return null;
  return numberAt(i, end);
}

/** The number token at i..end (already checked): short integers directly, the rest by JSON.parse. */
function numberAt(i: number, end: number): number {
  let j = i;
  const negative = bytes[j] === 0x2d; /* - */
  if (negative) j++;
  // Up to 15 digits is below 2^53: every step is exact, as JSON.parse's result is.
  if (end - j > 15) return JSON.parse(textAt(i, end));
  let value = 0;
  for (; j < end; j++) {
    const digit = (bytes[j] as number) - 0x30;
    if (digit < 0 || digit > 9) return JSON.parse(textAt(i, end));
    value = value * 10 + digit;
  }
  return negative ? -value : value;
}

// ---------------------------------------------------------------------------------------------------
// Templates. Records from one source share their layout: the same keys in the same order, the same
// nesting, the same whitespace; only values differ. After a full scan the text between values (keys,
// colons, commas, braces, whitespace) is kept with what each value is; a later message that has
// exactly that text between its values (compared four bytes at a time) needs only its values read.
// Sound because the kept text came from a message the full scan accepted: putting any valid JSON
// values between the same literals gives valid JSON with the same keys, and each value is read and
// validated by the very function the full scan uses at that place. Any mismatch: the next template,
// then the full scan.
//
// A template also watches its first FOLD_AFTER matches: values that never changed (the firewall name,
// `"proto":"TCP"`, a signature, `"ja3":{}` …) are then folded into the literals of a second template,
// tried first, which keeps the value read from its sample for the fields the interpretation reads
// (the same bytes read the same way give the same value; strings are immutable, stand-ins frozen).

/** A value nobody reads: validated and skipped. */
const SKIP = -1;
/** Slot codes: top-level field f is f, event field f is EVENT_SLOTS + f, the key read in the object of
 * field f at level l (0 top, 1 event) is SUB_SLOTS + subSlot(l, f). */
const EVENT_SLOTS = 16;
const SUB_SLOTS = 32;
/** Templates kept; a batch from one firewall has a handful of layouts (TLS, HTTP, TLS-log …). */
const MAX_TEMPLATES = 6;
/** Matches a template watches before folding its unchanging values. */
const FOLD_AFTER = 32;

interface Template {
  /** The texts between its values (one more literal than values), as compileLiterals compares them. */
  comparisons: Comparisons;
  /** What value k is (a slot code or SKIP). */
  slots: Int32Array;
  /** Value k's place among the values read (not SKIP), -1 for a skipped one; how many are read. */
  reads: Int32Array;
  readCount: number;
  /** How readEscapedRecordFields takes each value it uses (see fieldPlan). */
  fieldPlan: Int32Array;
  /**
   * 1 for a value whose object a full scan would follow (`event`, `tls`, `alert` …) but that held none
   * in the sample: a message with an object there is not of this layout for checkTemplate.
   */
  followed: Uint8Array;
  rootSeen: number;
  eventSeen: number;
  event: boolean;
  /** Bits subSlot(level, field) of the followed objects, and of those whose key was present. */
  subObjects: number;
  subKeys: number;
  /** Folded values the interpretation reads: slot codes and the values they always held. */
  constantSlots: number[];
  constantValues: unknown[];
  hits: number;
  /** Until folded: the sample message's bytes, where its values were, which ones have changed. */
  watch: Watch | undefined;
}

interface Watch {
  sample: Uint8Array;
  /** Per value: start and end in the sample; the value read (fields that are read only). */
  starts: Int32Array;
  ends: Int32Array;
  values: unknown[];
  changed: Uint8Array;
  matches: number;
}

/** Templates of messages read from strings, and of messages read in place (written with escapes). */
const plainTemplates: Template[] = [];
const inPlaceTemplates: Template[] = [];
let templates = plainTemplates;
let recording = false;
let recorded = 0;
let recordedStarts = new Int32Array(64);
let recordedEnds = new Int32Array(64);
let recordedSlots = new Int32Array(64);
let recordedValues: unknown[] = [];
let recordedRootSeen = 0;
let recordedEventSeen = 0;
let recordedEvent = false;
let recordedSubObjects = 0;
const subValues: unknown[] = new Array(32).fill(undefined);

function subSlot(level: number, field: number): number {
  return level * 16 + field;
}

function recordValue(start: number, end: number, slot: number, value: unknown): void {
  if (recorded === recordedStarts.length) {
    const grow = (from: Int32Array) => {
      const to = new Int32Array(from.length * 2);
      to.set(from);
      return to;
    };
    recordedStarts = grow(recordedStarts);
    recordedEnds = grow(recordedEnds);
    recordedSlots = grow(recordedSlots);
  }
  // Kept relative to the message's start, as templates are.
  recordedStarts[recorded] = start - base;
  recordedEnds[recorded] = end - base;
  recordedSlots[recorded] = slot;
  recordedValues[recorded] = value;
  recorded++;
}

function recordSeen(level: number, seen: number): void {
  if (level === 0) recordedRootSeen = seen;
  else recordedEventSeen = seen;
}

let layoutsLearnedSoFar = 0;

/**
 * How many layouts this process has learned (plain and in place). A diagnostic: traffic of a steady
 * mix of layouts, rare ones included, stops adding to it once they are all kept.
 */
export function layoutsLearned(): number {
  return layoutsLearnedSoFar;
}

/** Keeps the layout of the message just scanned in full (its top-level object ends at `objectEnd`). */
function learnTemplate(objectEnd: number): void {
  layoutsLearnedSoFar++;
  const end = objectEnd - base;
  const slots = recordedSlots.slice(0, recorded);
  // Literal k runs from the end of value k - 1 to the start of value k (the last, to the object's end).
  const literals: Uint8Array[] = [];
  let previous = 0;
  for (let k = 0; k <= recorded; k++) {
    const from = k < recorded ? (recordedStarts[k] as number) : end;
    literals.push(bytes.subarray(base + previous, base + from));
    if (k < recorded) previous = recordedEnds[k] as number;
  }
  let subKeys = 0;
  for (let k = 0; k < recorded; k++) {
    const slot = slots[k] as number;
    if (slot >= SUB_SLOTS) subKeys |= 1 << (slot - SUB_SLOTS);
  }
  const template: Template = {
    comparisons: compileLiterals(literals),
    slots,
    ...readPlaces(slots),
    rootSeen: recordedRootSeen,
    eventSeen: recordedEvent ? recordedEventSeen : 0,
    event: recordedEvent,
    subObjects: recordedSubObjects,
    subKeys,
    constantSlots: [],
    constantValues: [],
    hits: 0,
    watch: {
      sample: bytes.slice(base, base + end),
      starts: recordedStarts.slice(0, recorded),
      ends: recordedEnds.slice(0, recorded),
      values: recordedValues.slice(0, recorded),
      changed: new Uint8Array(recorded),
      matches: 0,
    },
  };
  recordedValues = [];
  makeRoom();
  // Before the templates with no hits left, so that the oldest of those is the next evicted.
  let place = templates.length;
  while (place > 0 && (templates[place - 1] as Template).hits === 0) place--;
  templates.splice(place, 0, template);
}

/**
 * Makes room for one more template: halves every template's hits, then, when the list is full, evicts
 * the one with the fewest (the last of those). So a template nothing matches any more (a layout of last
 * hour's traffic) runs out of hits and is evicted, instead of keeping its place while layouts that
 * recur in every batch, however rarely (a malformed record's, a netflow event's), evict each other
 * batch after batch.
 */
function makeRoom(): void {
  let fewest = 0;
  for (let t = 0; t < templates.length; t++) {
    const template = templates[t] as Template;
    template.hits >>= 1;
    if (template.hits <= (templates[fewest] as Template).hits) fewest = t;
  }
  if (templates.length === MAX_TEMPLATES) templates.splice(fewest, 1);
}

/** Tried in order of use, so that a batch's common layout is tried first. */
function countHit(index: number): void {
  const template = templates[index] as Template;
  template.hits++;
  if (index === 0) return;
  const before = templates[index - 1] as Template;
  if (before.hits < template.hits) {
    templates[index - 1] = template;
    templates[index] = before;
  }
}

/** The pruned record when the message has the template's layout, else UNCERTAIN. */
function matchTemplate(template: Template): unknown {
  const { slots, watch } = template;
  if (matchStarts.length < slots.length) {
    matchStarts = new Int32Array(slots.length);
    matchEnds = new Int32Array(slots.length);
  }
  let i = base;
  for (let k = 0; k < slots.length; k++) {
    i = matchLiteral(template, k, i);
    if (i < 0) return UNCERTAIN;
    matchStarts[k] = i - base;
    const slot = slots[k] as number;
    if (slot === SKIP) {
      i = endOfValue(i);
      if (i < 0) return UNCERTAIN;
      matchEnds[k] = i - base;
      continue;
    }
    let value: unknown;
    if (slot < EVENT_SLOTS) {
      value = readField(i, slot, 0);
      rootValues[slot] = value;
    } else if (slot < SUB_SLOTS) {
      value = readField(i, slot - EVENT_SLOTS, 1);
      eventValues[slot - EVENT_SLOTS] = value;
    } else {
      value = readLeaf(i);
      subValues[slot - SUB_SLOTS] = value;
    }
    if (value === UNCERTAIN) return UNCERTAIN;
    i = position;
    matchEnds[k] = i - base;
  }
  i = matchLiteral(template, slots.length, i);
  if (i < 0) return UNCERTAIN;
  if (!endsAt(i)) return UNCERTAIN;
  if (watch !== undefined) watchMatch(template, watch);
  return buildFromTemplate(template);
}

/**
 * {@link matchTemplate} that only checks: whether the message has the template's layout, its values
 * validated (by what endOfValue does for their first byte) and their places noted in `into` for log
 * event `row`. Nothing is noted when it has not.
 */
function checkTemplate(template: Template, into: EscapedLayouts, row: number): boolean {
  const { slots, reads, followed, watch } = template;
  const count = slots.length;
  into.reserve(row, template.readCount);
  const { starts, ends } = into;
  const offset = into.used;
  // A watched template sees where every value is (see watchMatch); the rest only those read.
  if (watch !== undefined && matchStarts.length < count) {
    matchStarts = new Int32Array(count);
    matchEnds = new Int32Array(count);
  }
  let i = base;
  for (let k = 0; k < count; k++) {
    i = matchLiteral(template, k, i);
    if (i < 0) return false;
    const start = i;
    const c = bytes[i] as number;
    if (c === openQuote) {
      if (!opensString(i)) return false;
      i = endOfString(i + openWidth);
    } else if ((c >= 0x30 && c <= 0x39) || c === 0x2d /* - */) i = endOfNumber(bytes, i);
    else if (c === OPEN_BRACE && followed[k] === 1) {
      // Another layout: its fields are read where a full scan would read them (and it learns it).
      return false;
    } else i = endOfValue(i);
    if (i < 0) return false;
    const read = reads[k] as number;
    if (read >= 0) {
      starts[offset + read] = start;
      ends[offset + read] = i;
    }
    if (watch !== undefined) {
      matchStarts[k] = start - base;
      matchEnds[k] = i - base;
    }
  }
  i = matchLiteral(template, count, i);
  if (i < 0) return false;
  if (!endsAt(i)) return false;
  into.note(row, template);
  if (watch !== undefined) watchMatch(template, watch);
  return true;
}

/** Each value's place among those read (-1 for SKIP), how many are read, the field plan, what is followed. */
function readPlaces(slots: Int32Array): {
  reads: Int32Array;
  readCount: number;
  fieldPlan: Int32Array;
  followed: Uint8Array;
} {
  const reads = new Int32Array(slots.length);
  const followed = new Uint8Array(slots.length);
  let readCount = 0;
  for (let k = 0; k < slots.length; k++) {
    const slot = slots[k] as number;
    reads[k] = slot === SKIP ? -1 : readCount++;
    if (slot !== SKIP && slot < SUB_SLOTS) {
      const field = slot < EVENT_SLOTS ? slot : slot - EVENT_SLOTS;
      if ((slot < EVENT_SLOTS && field === EVENT) || subObjectKey(field) !== undefined) followed[k] = 1;
    }
  }
  return { reads, readCount, fieldPlan: fieldPlan(slots, reads), followed };
}

// What readEscapedRecordFields does with a value of a wrapped record.
/** The value of a field the interpretation reads: into RecordFields. */
const TAKE = 0;
/** The event's time: parsed where it lies when it is a non-empty string. */
const TAKE_TIME = 1;
/** dest_ip and event_timestamp: left where they lie until the interpretation asks. */
const LATER_DEST_IP = 2;
const LATER_WRAPPER_TIME = 3;
/** An event field whose object would be followed: not read, unless it is an object (then undecided). */
const CHECK_NOT_OBJECT = 4;

/**
 * Triples (place among the values read, action, slot) for the values of a wrapped record that
 * readEscapedRecordFields uses; the rest (the top level's own event fields, which a wrapper's
 * interpretation never reads) are left out.
 */
function fieldPlan(slots: Int32Array, reads: Int32Array): Int32Array {
  const plan: number[] = [];
  for (let k = 0; k < slots.length; k++) {
    const slot = slots[k] as number;
    let action: number;
    if (slot === SKIP || slot < FIREWALL_NAME || (slot >= SUB_SLOTS && slot < SUB_SLOTS + 16)) continue;
    if (slot === EVENT_SLOTS + TIMESTAMP) action = TAKE_TIME;
    else if (slot === EVENT_SLOTS + DEST_IP) action = LATER_DEST_IP;
    else if (slot === EVENT_TIMESTAMP) action = LATER_WRAPPER_TIME;
    else if (slot < SUB_SLOTS && slot >= EVENT_SLOTS && subObjectKey(slot - EVENT_SLOTS) !== undefined)
      action = CHECK_NOT_OBJECT;
    else action = TAKE;
    plan.push(reads[k] as number, action, slot);
  }
  return Int32Array.from(plan);
}

/** The pruned record of a match whose values are in rootValues, eventValues and subValues. */
function buildFromTemplate(template: Template): Record<string, unknown> {
  const { constantSlots, constantValues } = template;
  for (let k = 0; k < constantSlots.length; k++) {
    const slot = constantSlots[k] as number;
    const value = constantValues[k];
    if (slot < EVENT_SLOTS) rootValues[slot] = value;
    else if (slot < SUB_SLOTS) eventValues[slot - EVENT_SLOTS] = value;
    else subValues[slot - SUB_SLOTS] = value;
  }
  for (let field = TLS; field <= REVOCATION_CHECK; field++) {
    for (let level = 0; level <= 1; level++) {
      const bit = 1 << subSlot(level, field);
      if ((template.subObjects & bit) === 0) continue;
      const value = (template.subKeys & bit) === 0 ? undefined : subValues[subSlot(level, field)];
      (level === 0 ? rootValues : eventValues)[field] = subObject(subObjectKey(field) as KeyPattern, value);
    }
  }
  if (template.event) rootValues[EVENT] = buildTracked(eventValues, EVENT_KEYS, template.eventSeen);
  return buildTracked(rootValues, ROOT_KEYS, template.rootSeen);
}

let matchStarts = new Int32Array(64);
let matchEnds = new Int32Array(64);

/**
 * Where the values of messages checked in place are, per log event of a batch, until the ingest reads
 * them: the layout (template) each matched and its values' start and end in the payload. Typed arrays,
 * so that a batch's thousands of records cost the collector nothing while they wait.
 */
export class EscapedLayouts {
  readonly layouts: (Template | undefined)[] = [];
  offsets: Int32Array;
  starts: Int32Array;
  ends: Int32Array;
  used = 0;

  /** Sized for `expected` events of up to ten values read each; grown when there are more. */
  constructor(expected = 256) {
    this.offsets = new Int32Array(Math.max(16, expected));
    this.starts = new Int32Array(Math.max(256, 10 * expected));
    this.ends = new Int32Array(Math.max(256, 10 * expected));
  }

  /** Room for log event `row` and `count` values after `used`, where a match writes them. */
  reserve(row: number, count: number): void {
    while (row >= this.offsets.length) this.offsets = grownInt32(this.offsets);
    while (this.used + count > this.starts.length) {
      this.starts = grownInt32(this.starts);
      this.ends = grownInt32(this.ends);
    }
  }

  /** Keeps the match just written after `used` as log event `row`'s. */
  note(row: number, template: Template): void {
    this.layouts[row] = template;
    this.offsets[row] = this.used;
    this.used += template.readCount;
  }

  forget(row: number): void {
    if (row < this.layouts.length) this.layouts[row] = undefined;
  }
}

function grownInt32(from: Int32Array): Int32Array {
  const to = new Int32Array(from.length * 2);
  to.set(from);
  return to;
}

/**
 * Checks a message in place (as {@link scanEscapedFirewallRecord} reads it) against the layouts learned
 * so far, without reading its values: they are noted in `into` for log event `row`, for
 * {@link readEscapedFirewallRecord}. A message of no known layout is scanned in full (and teaches its
 * layout), its record not kept. Returns the index of the string's closing quote when the scanner is
 * certain (so the string is valid JSON), else -1.
 */
export function checkEscapedFirewallRecord(
  payload: Uint8Array,
  payloadWords: DataView,
  payloadStrings: InternedStrings,
  start: number,
  into: EscapedLayouts,
  row: number,
): number {
  into.forget(row);
  enterInPlace(payload, payloadWords, payloadStrings, start);
  templates = inPlaceTemplates;
  try {
    for (let t = 0; t < templates.length; t++) {
      if (checkTemplate(templates[t] as Template, into, row)) {
        countHit(t);
        return length;
      }
    }
    return scanAndLearn() === undefined ? -1 : length;
  } catch {
    return -1;
  } finally {
    text = '';
    leaveInPlace();
  }
}

/**
 * The record of log event `row` that {@link checkEscapedFirewallRecord} checked and noted, read from
 * where its values are: what {@link scanEscapedFirewallRecord} would give. Undefined when the event was
 * not noted, or when a value is one the scanner is not certain of.
 */
export function readEscapedFirewallRecord(
  payload: Uint8Array,
  payloadWords: DataView,
  payloadStrings: InternedStrings,
  from: EscapedLayouts,
  row: number,
): Record<string, unknown> | undefined {
  const template = from.layouts[row];
  if (template === undefined) return undefined;
  enterInPlace(payload, payloadWords, payloadStrings, 0);
  try {
    const { slots } = template;
    const offset = from.offsets[row] as number;
    for (let k = 0; k < slots.length; k++) {
      const slot = slots[k] as number;
      if (slot === SKIP) continue;
      const read = offset + (template.reads[k] as number);
      const i = from.starts[read] as number;
      const end = from.ends[read] as number;
      let value: unknown;
      if (slot < EVENT_SLOTS) {
        value = bytes[i] === OPEN_BRACE ? readField(i, slot, 0) : checkedLeaf(i, end);
        rootValues[slot] = value;
      } else if (slot < SUB_SLOTS) {
        // Every record has a time of its own: not kept in the table.
        if (slot === EVENT_SLOTS + TIMESTAMP && bytes[i] === BACKSLASH) value = strings.fresh(i + 2, end - 2);
        else value = bytes[i] === OPEN_BRACE ? readField(i, slot - EVENT_SLOTS, 1) : checkedLeaf(i, end);
        eventValues[slot - EVENT_SLOTS] = value;
      } else {
        value = checkedLeaf(i, end);
        subValues[slot - SUB_SLOTS] = value;
      }
      if (value === UNCERTAIN) return undefined;
    }
    return buildFromTemplate(template);
  } catch {
    return undefined;
  } finally {
    text = '';
    leaveInPlace();
  }
}

/**
 * The fields of log event `row` that {@link checkEscapedFirewallRecord} checked and noted, read into
 * `into` straight from where they lie: what filling it from {@link readEscapedFirewallRecord}'s record
 * gives, without building that record, without a string for the event's time (parsed from its bytes)
 * and with `dest_ip` and `event_timestamp` left where they lie until the interpretation asks. False
 * (and `into` not to be used) when the event was not noted, or its layout is not a wrapper around an
 * event object, or a followed field holds an object where its layout had none.
 */
export function readEscapedRecordFields(
  payload: Uint8Array,
  payloadWords: DataView,
  payloadStrings: InternedStrings,
  from: EscapedLayouts,
  row: number,
  into: RecordFields,
): boolean {
  const template = from.layouts[row];
  if (template === undefined || !template.event) return false;
  into.clear();
  into.wrapped = true;
  into.eventIsObject = true;
  into.payload = payload;
  into.words = payloadWords;
  into.strings = payloadStrings;
  const objects = template.subObjects;
  into.tlsIsObject = (objects & (1 << subSlot(1, TLS))) !== 0;
  into.httpIsObject = (objects & (1 << subSlot(1, HTTP))) !== 0;
  const { constantSlots, constantValues } = template;
  for (let k = 0; k < constantSlots.length; k++) {
    assignField(into, constantSlots[k] as number, constantValues[k]);
  }
  enterInPlace(payload, payloadWords, payloadStrings, 0);
  try {
    const { fieldPlan: plan } = template;
    const { starts, ends } = from;
    const offset = from.offsets[row] as number;
    for (let p = 0; p < plan.length; p += 3) {
      const read = offset + (plan[p] as number);
      const action = plan[p + 1] as number;
      const i = starts[read] as number;
      const end = ends[read] as number;
      if (action === TAKE) {
        const value = checkedLeaf(i, end);
        if (value === UNCERTAIN) return false;
        assignField(into, plan[p + 2] as number, value);
      } else if (action === TAKE_TIME) {
        if (bytes[i] === BACKSLASH && end - i > 4) {
          into.timeParsed = true;
          into.time = parseIsoTimestampBytes(bytes, i + 2, end - 2);
        } else into.timestamp = checkedLeaf(i, end);
      } else if (action === LATER_DEST_IP) {
        into.destIpStart = i;
        into.destIpEnd = end;
      } else if (action === LATER_WRAPPER_TIME) {
        into.wrapperTimeStart = i;
        into.wrapperTimeEnd = end;
      } else if (bytes[i] === OPEN_BRACE) {
        // CHECK_NOT_OBJECT: an object the layout had no key of, followed by readEscapedFirewallRecord.
        return false;
      }
    }
    return true;
  } catch {
    return false;
  } finally {
    leaveInPlace();
  }
}

/** Puts a wrapped record's value of slot `slot` where it belongs in `into`; values it does not read are dropped. */
function assignField(into: RecordFields, slot: number, value: unknown): void {
  switch (slot) {
    case FIREWALL_NAME:
      into.firewall = value;
      break;
    case AVAILABILITY_ZONE:
      into.availabilityZone = value;
      break;
    case EVENT_TIMESTAMP:
      into.wrapperTime = value;
      break;
    case EVENT_SLOTS + EVENT_TYPE:
      into.eventType = value;
      break;
    case EVENT_SLOTS + TIMESTAMP:
      into.timestamp = value;
      break;
    case EVENT_SLOTS + SRC_IP:
      into.srcIp = value;
      break;
    case EVENT_SLOTS + DEST_IP:
      into.destIp = value;
      break;
    case EVENT_SLOTS + SNI:
      into.sni = value;
      break;
    case EVENT_SLOTS + APP_PROTO:
      into.appProto = value;
      break;
    case EVENT_SLOTS + FLOW_ID:
      into.flowId = value;
      break;
    case SUB_SLOTS + 16 + TLS:
      into.tlsSni = value;
      break;
    case SUB_SLOTS + 16 + HTTP:
      into.httpHostname = value;
      break;
    case SUB_SLOTS + 16 + ALERT:
      into.alertAction = value;
      break;
    case SUB_SLOTS + 16 + VERDICT:
      into.verdictAction = value;
      break;
    case SUB_SLOTS + 16 + REVOCATION_CHECK:
      into.revocationAction = value;
      break;
    default:
    // The top level's own event fields (a wrapper's are in its event), and leaves of followed fields
    // (no object: nothing is read inside).
  }
}

/** The value {@link readEscapedRecordFields} left at start..end of a payload (checked in place). */
export function checkedValueAt(
  payload: Uint8Array,
  payloadWords: DataView,
  payloadStrings: InternedStrings,
  start: number,
  end: number,
): unknown {
  enterInPlace(payload, payloadWords, payloadStrings, 0);
  try {
    return checkedLeaf(start, end);
  } finally {
    leaveInPlace();
  }
}

/** Notes which values of a watched template's match differ from its sample; folds when it has seen enough. */
function watchMatch(template: Template, watch: Watch): void {
  const { sample, starts, ends, changed } = watch;
  for (let k = 0; k < changed.length; k++) {
    if (changed[k] === 1) continue;
    const from = starts[k] as number;
    const size = (ends[k] as number) - from;
    const at = matchStarts[k] as number;
    if ((matchEnds[k] as number) - at !== size) {
      changed[k] = 1;
      continue;
    }
    for (let j = 0; j < size; j++) {
      if (bytes[base + at + j] !== sample[from + j]) {
        changed[k] = 1;
        break;
      }
    }
  }
  if (++watch.matches < FOLD_AFTER) return;
  template.watch = undefined;
  const folded = foldTemplate(template, watch);
  if (folded === undefined) return;
  // The folded template takes the original's place and hits. The original, tried after it, would match
  // only records whose folded values differ: it stays while there is room, with no hits, so that it is
  // the first evicted if no such record comes.
  const index = templates.indexOf(template);
  folded.hits = template.hits + 1;
  template.hits = 0;
  templates[index] = folded;
  if (templates.length < MAX_TEMPLATES) templates.splice(index + 1, 0, template);
}

/** The template with the values that never changed moved into its literals; undefined if none did. */
function foldTemplate(template: Template, watch: Watch): Template | undefined {
  const { sample, starts, ends, values, changed } = watch;
  const count = template.slots.length;
  if (!changed.includes(0)) return undefined;
  const kept: number[] = [];
  const constantSlots: number[] = [];
  const constantValues: unknown[] = [];
  for (let k = 0; k < count; k++) {
    if (changed[k] === 1) kept.push(k);
    else if ((template.slots[k] as number) !== SKIP) {
      constantSlots.push(template.slots[k] as number);
      constantValues.push(values[k]);
    }
  }
  // Literal j of the folded template runs from the end of kept value j - 1 to the start of kept value j.
  const literals: Uint8Array[] = [];
  for (let j = 0; j <= kept.length; j++) {
    const from = j === 0 ? 0 : (ends[kept[j - 1] as number] as number);
    const to = j === kept.length ? sample.length : (starts[kept[j] as number] as number);
    literals.push(sample.subarray(from, to));
  }
  const foldedSlots = Int32Array.from(kept, (k) => template.slots[k] as number);
  return {
    ...template,
    comparisons: compileLiterals(literals),
    slots: foldedSlots,
    ...readPlaces(foldedSlots),
    constantSlots,
    constantValues,
    watch: undefined,
  };
}

/**
 * The comparisons that check a template's literals: literal k, of `sizes[k]` bytes, is checked by the
 * values first[k] to first[k + 1] - 1, read the same way for the whole literal: 8 bytes at a time for
 * a literal of 8 or more (at offsets 0, 8, 16 … and a last read that overlaps the one before, ending
 * with the literal), 4 bytes at 0 and size - 4 for one of 4 to 7, else byte by byte. Eight bytes are
 * read as a double: a literal's bytes are printable ASCII, which as a double is finite, normal and not
 * zero, and such a double equals another only when their bits are the same.
 */
interface Comparisons {
  first: Int32Array;
  sizes: Int32Array;
  values: Float64Array;
}

/** The comparisons of a template's literals, each given as its bytes (read now, not kept). */
function compileLiterals(literals: readonly Uint8Array[]): Comparisons {
  const first = new Int32Array(literals.length + 1);
  const sizes = new Int32Array(literals.length);
  const values: number[] = [];
  for (let k = 0; k < literals.length; k++) {
    const literal = literals[k] as Uint8Array;
    const view = new DataView(literal.buffer, literal.byteOffset, literal.length);
    const size = literal.length;
    first[k] = values.length;
    sizes[k] = size;
    if (size >= 8) {
      for (let j = 0; j + 8 < size; j += 8) values.push(view.getFloat64(j, true));
      values.push(view.getFloat64(size - 8, true));
    } else if (size >= 4) {
      values.push(view.getInt32(0, true), view.getInt32(size - 4, true));
    } else {
      for (let j = 0; j < size; j++) values.push(literal[j] as number);
    }
  }
  first[literals.length] = values.length;
  return { first, sizes, values: Float64Array.from(values) };
}

/** The index after literal k of the template when it is at `at` in the message, else -1. */
function matchLiteral(template: Template, k: number, at: number): number {
  const { first, sizes, values } = template.comparisons;
  const size = sizes[k] as number;
  let c = first[k] as number;
  const end = at + size;
  if (size >= 8) {
    const last = end - 8;
    for (let j = at; j < last; j += 8) if (words.getFloat64(j, true) !== values[c++]) return -1;
    return words.getFloat64(last, true) === values[c] ? end : -1;
  }
  if (size >= 4) {
    return words.getInt32(at, true) === values[c] && words.getInt32(end - 4, true) === values[c + 1]
      ? end
      : -1;
  }
  for (let j = at; j < end; j++) if (bytes[j] !== values[c++]) return -1;
  return end;
}

/** The tracked field a key spells (bytes start..end), or -1. */
function fieldOf(start: number, end: number, keys: number[][]): number {
  const candidates = keys[end - start];
  if (candidates === undefined) return -1;
  for (let k = 0; k < candidates.length; k++) {
    const field = candidates[k] as number;
    if (isKey(start, FIELD_KEYS[field] as KeyPattern)) return field;
  }
  return -1;
}

/**
 * A key name as little-endian 32-bit words at offsets 0, 4, 8 … and a last one ending with the name
 * (overlapping the one before), so any name of 4 or more bytes compares in a few word loads. Shorter
 * names compare under a mask: the bytes after a key are in the buffer, whatever they are.
 */
interface KeyPattern {
  length: number;
  offsets: number[];
  words: number[];
  masks: number[];
}

function keyPattern(name: string): KeyPattern {
  const padded = Buffer.alloc(name.length + 4);
  padded.write(name, 'latin1');
  const pattern: KeyPattern = { length: name.length, offsets: [], words: [], masks: [] };
  const add = (offset: number, mask: number) => {
    pattern.offsets.push(offset);
    pattern.words.push(padded.readInt32LE(offset) & mask);
    pattern.masks.push(mask);
  };
  if (name.length < 4) add(0, 2 ** (8 * name.length) - 1);
  else {
    for (let offset = 0; offset + 4 < name.length; offset += 4) add(offset, -1);
    add(name.length - 4, -1);
  }
  return pattern;
}

/** Whether the bytes at `start` spell the key (its length already checked). */
function isKey(start: number, key: KeyPattern): boolean {
  const { offsets, words: expected, masks } = key;
  for (let k = 0; k < offsets.length; k++) {
    const offset = offsets[k] as number;
    if ((words.getInt32(start + offset, true) & (masks[k] as number)) !== expected[k]) return false;
  }
  return true;
}

function fieldsByLength(names: string[]): number[][] {
  const byLength: number[][] = [];
  names.forEach((name, field) => {
    byLength[name.length] ??= [];
    byLength[name.length]?.push(field);
  });
  return byLength;
}

/**
 * JSON whitespace only: U+00A0, U+FEFF and the like are not, and stop the scan. In place, spaces only:
 * a raw tab or line break cannot stand in a JSON string (escaped, the scanner is not certain of it).
 */
function skipWhitespace(i: number): number {
  for (;;) {
    const c = bytes[i];
    if (c === 0x20 || (!inPlace && (c === 0x0a || c === 0x0d || c === 0x09))) i++;
    else return i;
  }
}

/** Whether a string opens at i: `"`, in place `\"`. */
function opensString(i: number): boolean {
  return inPlace ? bytes[i] === BACKSLASH && bytes[i + 1] === QUOTE : bytes[i] === QUOTE;
}

/**
 * The index after the closing quote of a string whose first character is at `i`, or -1 when the
 * string is not valid JSON (raw control character, bad escape, no end) or, in place, not certain.
 * Sets `escaped` and `contentEnd`.
 */
function endOfString(i: number): number {
  let sawEscape = false;
  for (;;) {
    // Four bytes at a time while none is a quote, a backslash, a control character or non-ASCII (the
    // classic "has a zero byte" / "has a byte below n" tests are exact as yes/no answers).
    const word = words.getInt32(i, true);
    const quotes = word ^ 0x22222222;
    const backslashes = word ^ 0x5c5c5c5c;
    const stops =
      ((quotes - 0x01010101) & ~quotes) |
      ((backslashes - 0x01010101) & ~backslashes) |
      ((word - 0x20202020) & ~word) |
      word;
    if ((stops & 0x80808080) === 0) {
      i += 4;
      continue;
    }
    const c = bytes[i] as number;
    if (c === QUOTE) {
      // In place, a raw quote ends the payload's string: this one never closes.
      if (inPlace) return -1;
      escaped = sawEscape;
      contentEnd = i;
      return i + 1;
    }
    if (c === BACKSLASH) {
      if (inPlace) {
        if (bytes[i + 1] !== QUOTE) return -1;
        escaped = false;
        contentEnd = i;
        return i + 2;
      }
      sawEscape = true;
      const e = bytes[i + 1];
      if (e === 0x75 /* u */) {
        if (!isHex(bytes[i + 2]) || !isHex(bytes[i + 3]) || !isHex(bytes[i + 4]) || !isHex(bytes[i + 5])) {
          return -1;
        }
        i += 6;
        continue;
      }
      // " \ / b f n r t
      if (e !== QUOTE && e !== BACKSLASH && e !== 0x2f && e !== 0x62 && e !== 0x66 && e !== 0x6e) {
        if (e !== 0x72 && e !== 0x74) return -1;
      }
      i += 2;
      continue;
    }
    // A control character, or a byte of a non-ASCII character (only in place: loaded messages are ASCII).
    if (c < 0x20 || c >= 0x80) return -1;
    i++;
  }
}

/**
 * The index after the JSON value starting at `i` (whitespace before it already skipped), or -1 when
 * it is not valid JSON or nests deeper than MAX_DEPTH (and then sets `nestedTooDeep`). Iterative, so no
 * input can exhaust the stack.
 */
function endOfValue(i: number): number {
  let depth = 0;
  for (;;) {
    // A value starts at i.
    const c = bytes[i];
    if (c === OPEN_BRACE) {
      i = skipWhitespace(i + 1);
      if (bytes[i] === CLOSE_BRACE) i++;
      else {
        if (depth === MAX_DEPTH) {
          nestedTooDeep = true;
          return -1;
        }
        containers[depth++] = IN_OBJECT;
        i = afterKey(i);
        if (i < 0) return -1;
        continue;
      }
    } else if (c === OPEN_BRACKET) {
      i = skipWhitespace(i + 1);
      if (bytes[i] === CLOSE_BRACKET) i++;
      else {
        if (depth === MAX_DEPTH) {
          nestedTooDeep = true;
          return -1;
        }
        containers[depth++] = IN_ARRAY;
        continue;
      }
    } else if (c === openQuote) {
      if (!opensString(i)) return -1;
      i = endOfString(i + openWidth);
      if (i < 0) return -1;
    } else if (c === 0x74 /* t */) {
      if (bytes[i + 1] !== 0x72 || bytes[i + 2] !== 0x75 || bytes[i + 3] !== 0x65) return -1;
      i += 4;
    } else if (c === 0x66 /* f */) {
      if (bytes[i + 1] !== 0x61 || bytes[i + 2] !== 0x6c || bytes[i + 3] !== 0x73 || bytes[i + 4] !== 0x65) {
        return -1;
      }
      i += 5;
    } else if (c === 0x6e /* n */) {
      if (bytes[i + 1] !== 0x75 || bytes[i + 2] !== 0x6c || bytes[i + 3] !== 0x6c) return -1;
      i += 4;
    } else {
      i = endOfNumber(bytes, i);
      if (i < 0) return -1;
    }
    // A value ended at i: close containers until another value is due.
    for (;;) {
      if (depth === 0) return i;
      i = skipWhitespace(i);
      const next = bytes[i];
      const container = containers[depth - 1];
      if (next === COMMA) {
        i = skipWhitespace(i + 1);
        if (container === IN_OBJECT) {
          i = afterKey(i);
          if (i < 0) return -1;
        }
        break;
      }
      if (next === (container === IN_OBJECT ? CLOSE_BRACE : CLOSE_BRACKET)) {
        depth--;
        i++;
        continue;
      }
      return -1;
    }
  }
}

/** From a member's key at `i` to the start of its value; -1 when there is no `"key" :` there. */
function afterKey(i: number): number {
  if (!opensString(i)) return -1;
  const keyEnd = endOfString(i + openWidth);
  if (keyEnd < 0) return -1;
  const colon = skipWhitespace(keyEnd);
  if (bytes[colon] !== COLON) return -1;
  return skipWhitespace(colon + 1);
}
