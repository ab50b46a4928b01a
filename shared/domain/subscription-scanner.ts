// Reads a decompressed subscription payload in one pass over its bytes, locating each log event's fields without building them.
//
// Why. `JSON.parse` of the payload builds every message as a JS string (unescaping ~700 bytes per
// event) only for the ingest to read it again, and the batch's live strings are copied at every
// scavenge. This scanner walks the bytes once, accepts exactly the text JSON.parse accepts, and keeps,
// per log event, where its message, id and timestamp are and what the message's text holds. A message
// is crossed by the firewall record scanner checking it in place against the layouts it has learned
// (record-scanner.ts): that validates the string and notes where the record's values are, in typed
// arrays, so the ingest later reads just those values; a message of no known layout is crossed the
// ordinary way. Strings are built only for whoever asks for them. (Building the records during this
// pass instead was no faster: the batch's records then stay alive until the ingest reads them, and the
// collector copies them at every scavenge.)
//
// Exactness. The scanner answers only when it is certain, else returns undefined and the caller takes
// the JSON.parse reference: for text that is not JSON (the reference then gives the error), a top level
// that is no object, a messageType that is not one of the two names, logEvents that is no array,
// nesting deeper than MAX_DEPTH. Keys are compared as JSON.parse reads them (escaped keys decoded, the
// last of duplicate keys wins); values kept are decoded the way JSON.parse decodes them (strings with
// escapes or non-ASCII through JSON.parse of the token, numbers of more than 15 digits too). The
// property tests in test/unit/domain/subscription-scanner.test.ts hold it to the reference.
import { Buffer } from 'node:buffer';
import { InternedStrings } from './interned-strings.ts';
import { endOfNumber, isHex } from './json-bytes.ts';
import { checkEscapedFirewallRecord, EscapedLayouts } from './record-scanner.ts';

/** Nesting followed in values the scanner skips; deeper payloads go to JSON.parse (none is honest). */
export const MAX_DEPTH = 512;

/** What a string's contents hold, as bits: decides how it is decoded and whether it is read in place. */
export const QUOTE_ESCAPES = 1;
export const OTHER_ESCAPES = 2;
export const NON_ASCII = 4;

/** `messageStart` of an entry that is no log event: not an object, or its message not a string. */
export const NO_MESSAGE = -1;
/** `idStart` of an event whose id is missing or not a string (the event's id is then ''). */
export const NO_ID = -1;

/**
 * A batch's log events as they lie in the decompressed payload. Event i's message is the contents of
 * the JSON string at `messageStart[i]` (after its opening quote) to `messageEnd[i]` (its closing quote),
 * with `messageFlags[i]` saying what they hold; likewise its id; its timestamp is NaN when absent or not
 * a finite number.
 */
export class EncodedLogEvents {
  readonly payload: Buffer;
  /** The payload's bytes and a view of them for word reads. */
  readonly bytes: Uint8Array;
  readonly words: DataView;
  /** Strings of the payload's ASCII values (the records' hostnames, sources …), each made once. */
  readonly strings: InternedStrings;
  readonly count: number;
  readonly messageStart: Int32Array;
  readonly messageEnd: Int32Array;
  readonly messageFlags: Uint8Array;
  readonly idStart: Int32Array;
  readonly idEnd: Int32Array;
  readonly idFlags: Uint8Array;
  readonly timestamps: Float64Array;
  /** Where the values of the firewall records checked in place are (see checkEscapedFirewallRecord). */
  readonly layouts: EscapedLayouts;

  constructor(
    payload: Buffer,
    strings: InternedStrings,
    columns: EventColumns,
    count: number,
    layouts: EscapedLayouts,
  ) {
    this.payload = payload;
    this.bytes = new Uint8Array(payload.buffer, payload.byteOffset, payload.length);
    this.words = new DataView(payload.buffer, payload.byteOffset, payload.length);
    this.strings = strings;
    this.count = count;
    this.messageStart = columns.messageStart.subarray(0, count);
    this.messageEnd = columns.messageEnd.subarray(0, count);
    this.messageFlags = columns.messageFlags.subarray(0, count);
    this.idStart = columns.idStart.subarray(0, count);
    this.idEnd = columns.idEnd.subarray(0, count);
    this.idFlags = columns.idFlags.subarray(0, count);
    this.timestamps = columns.timestamps.subarray(0, count);
    this.layouts = layouts;
  }

  /** Event i's message, or undefined when the entry is no log event. */
  message(i: number): string | undefined {
    const start = this.messageStart[i] as number;
    if (start === NO_MESSAGE) return undefined;
    return this.decode(start, this.messageEnd[i] as number, this.messageFlags[i] as number);
  }

  /** Event i's id ('' when it has none). */
  id(i: number): string {
    const start = this.idStart[i] as number;
    if (start === NO_ID) return '';
    return this.decode(start, this.idEnd[i] as number, this.idFlags[i] as number);
  }

  /** Event i's timestamp, as the reference keeps it. */
  timestamp(i: number): number | undefined {
    const timestamp = this.timestamps[i] as number;
    return Number.isNaN(timestamp) ? undefined : timestamp;
  }

  /** The string whose contents are at start..end, exactly as JSON.parse gives it. */
  decode(start: number, end: number, flags: number): string {
    return decodeString(this.payload, start, end, flags);
  }
}

export interface ScannedPayload {
  messageType: 'DATA_MESSAGE' | 'CONTROL_MESSAGE';
  owner: string;
  logGroup: string;
  logStream: string;
  subscriptionFilters: string[];
  logEvents: EncodedLogEvents;
}

/**
 * Reads a decompressed subscription payload, or returns undefined when it is not certain (not JSON,
 * or not shaped as the reference accepts), in which case the caller must use JSON.parse.
 *
 * @example
 * const scanned = scanSubscriptionPayload(gunzipSync(compressed)); // undefined: JSON.parse it instead
 */
export function scanSubscriptionPayload(payload: Buffer): ScannedPayload | undefined {
  bytes = new Uint8Array(payload.buffer, payload.byteOffset, payload.length);
  words = new DataView(payload.buffer, payload.byteOffset, payload.length);
  limit = payload.length;
  strings = new InternedStrings(payload);
  payloadBuffer = payload;
  // Sized for ~500-byte events; grown when there are more.
  columns = createColumns(Math.max(16, payload.length >> 9));
  try {
    return scanRoot(payload);
  } finally {
    bytes = EMPTY;
    words = EMPTY_WORDS;
    strings = NO_STRINGS;
    payloadBuffer = EMPTY_BUFFER;
    columns = NO_COLUMNS;
  }
}

/** The contents of a JSON string at start..end of the payload, decoded as JSON.parse decodes them. */
export function decodeString(payload: Buffer, start: number, end: number, flags: number): string {
  if (flags === 0) return payload.toString('latin1', start, end);
  if ((flags & NON_ASCII) === 0) return JSON.parse(payload.toString('latin1', start - 1, end + 1));
  // UTF-8 of a piece between two quotes decodes to the same characters as within the whole payload
  // (an ASCII byte always ends a sequence), as the reference decodes it.
  if ((flags & (QUOTE_ESCAPES | OTHER_ESCAPES)) === 0) return payload.toString('utf8', start, end);
  return JSON.parse(payload.toString('utf8', start - 1, end + 1));
}

// ---------------------------------------------------------------------------------------------------
// The scan. Synchronous and never re-entered: its state is module-level.

const EMPTY = new Uint8Array(0);
const EMPTY_WORDS = new DataView(new ArrayBuffer(0));
const EMPTY_BUFFER = Buffer.alloc(0);
let payloadBuffer: Buffer = EMPTY_BUFFER;
let bytes: Uint8Array = EMPTY;
let words: DataView = EMPTY_WORDS;
let limit = 0;
const NO_STRINGS = new InternedStrings(EMPTY_BUFFER);
let strings = NO_STRINGS;
/** Set by scanString: its flags and the index of its closing quote. */
let stringFlags = 0;
let stringEnd = 0;
const containers = new Uint8Array(MAX_DEPTH);

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
/** Not JSON, or not certain: the reference decides. */
const FAIL = -1;

const MESSAGE_TYPE = 0;
const OWNER = 1;
const LOG_GROUP = 2;
const LOG_STREAM = 3;
const SUBSCRIPTION_FILTERS = 4;
const LOG_EVENTS = 5;
const ROOT_KEYS = ['messageType', 'owner', 'logGroup', 'logStream', 'subscriptionFilters', 'logEvents'];
const ID = 0;
const TIMESTAMP = 1;
const MESSAGE = 2;
const EVENT_KEYS = ['id', 'timestamp', 'message'];
const ROOT_KEY_BYTES = ROOT_KEYS.map(asciiBytes);
const EVENT_KEY_BYTES = EVENT_KEYS.map(asciiBytes);

interface EventColumns {
  messageStart: Int32Array;
  messageEnd: Int32Array;
  messageFlags: Uint8Array;
  idStart: Int32Array;
  idEnd: Int32Array;
  idFlags: Uint8Array;
  timestamps: Float64Array;
}

function createColumns(capacity: number): EventColumns {
  return {
    messageStart: new Int32Array(capacity),
    messageEnd: new Int32Array(capacity),
    messageFlags: new Uint8Array(capacity),
    idStart: new Int32Array(capacity),
    idEnd: new Int32Array(capacity),
    idFlags: new Uint8Array(capacity),
    timestamps: new Float64Array(capacity),
  };
}

function growColumns(columns: EventColumns, count: number): EventColumns {
  const grown = createColumns(columns.messageStart.length * 2);
  grown.messageStart.set(columns.messageStart.subarray(0, count));
  grown.messageEnd.set(columns.messageEnd.subarray(0, count));
  grown.messageFlags.set(columns.messageFlags.subarray(0, count));
  grown.idStart.set(columns.idStart.subarray(0, count));
  grown.idEnd.set(columns.idEnd.subarray(0, count));
  grown.idFlags.set(columns.idFlags.subarray(0, count));
  grown.timestamps.set(columns.timestamps.subarray(0, count));
  return grown;
}

let layouts = new EscapedLayouts();
/** The batch's event columns, fresh for each payload (its EncodedLogEvents keeps them). */
const NO_COLUMNS = createColumns(0);
let columns = NO_COLUMNS;
let eventCount = 0;

function scanRoot(payload: Buffer): ScannedPayload | undefined {
  let i = skipWhitespace(0);
  if (bytes[i] !== OPEN_BRACE) return undefined;
  // Per tracked key, the value's start and end (the last of duplicate keys wins, as in JSON.parse).
  const valueStart = [-1, -1, -1, -1, -1, -1];
  const valueEnd = [-1, -1, -1, -1, -1, -1];
  const valueFlags = [0, 0, 0, 0, 0, 0];
  let logEvents: EncodedLogEvents | undefined;
  i = skipWhitespace(i + 1);
  if (bytes[i] !== CLOSE_BRACE) {
    for (;;) {
      i = memberValue(i, ROOT_KEYS, ROOT_KEY_BYTES);
      if (i < 0) return undefined;
      const key = memberKey;
      const start = i;
      if (key === LOG_EVENTS && bytes[i] === OPEN_BRACKET) {
        i = scanLogEvents(i);
        if (i < 0) return undefined;
        logEvents = new EncodedLogEvents(payload, strings, columns, eventCount, layouts);
      } else {
        i = skipValue(i);
        if (i < 0) return undefined;
        if (key === LOG_EVENTS) logEvents = undefined;
      }
      if (key >= 0) {
        valueStart[key] = start;
        valueEnd[key] = i;
        // A string value was the last string skipValue crossed.
        valueFlags[key] = bytes[start] === QUOTE ? stringFlags : 0;
      }
      i = skipWhitespace(i);
      if (bytes[i] === CLOSE_BRACE) break;
      if (bytes[i] !== COMMA) return undefined;
      i = skipWhitespace(i + 1);
    }
  }
  if (skipWhitespace(i + 1) !== limit) return undefined;

  const string = (key: number): string | undefined => {
    const start = valueStart[key] as number;
    if (start < 0 || bytes[start] !== QUOTE) return undefined;
    return decodeString(payload, start + 1, (valueEnd[key] as number) - 1, valueFlags[key] as number);
  };
  const messageType = string(MESSAGE_TYPE);
  if (messageType !== 'DATA_MESSAGE' && messageType !== 'CONTROL_MESSAGE') return undefined;
  if (logEvents === undefined) return undefined;
  return {
    messageType,
    owner: string(OWNER) ?? '',
    logGroup: string(LOG_GROUP) ?? '',
    logStream: string(LOG_STREAM) ?? '',
    subscriptionFilters: subscriptionFiltersAt(payload, valueStart[SUBSCRIPTION_FILTERS] as number, valueEnd),
    logEvents,
  };
}

/** The string elements of the subscriptionFilters array (a few, once per batch: JSON.parse reads it). */
function subscriptionFiltersAt(payload: Buffer, start: number, valueEnd: number[]): string[] {
  if (start < 0 || bytes[start] !== OPEN_BRACKET) return [];
  const filters: unknown[] = JSON.parse(payload.toString('utf8', start, valueEnd[SUBSCRIPTION_FILTERS]));
  return filters.filter((f): f is string => typeof f === 'string');
}

/** Reads the logEvents array at i into `columns`; the index after it, or FAIL. */
function scanLogEvents(i: number): number {
  eventCount = 0;
  layouts = new EscapedLayouts(columns.messageStart.length);
  i = skipWhitespace(i + 1);
  if (bytes[i] === CLOSE_BRACKET) return i + 1;
  for (;;) {
    if (eventCount === columns.messageStart.length) columns = growColumns(columns, eventCount);
    if (bytes[i] === OPEN_BRACE) i = scanLogEvent(i, eventCount);
    else {
      i = skipValue(i);
      columns.messageStart[eventCount] = NO_MESSAGE;
    }
    if (i < 0) return FAIL;
    eventCount++;
    i = skipWhitespace(i);
    if (bytes[i] === CLOSE_BRACKET) return i + 1;
    if (bytes[i] !== COMMA) return FAIL;
    i = skipWhitespace(i + 1);
  }
}

/**
 * The bytes of a log event as CloudWatch Logs writes it, `{"id":"…","timestamp":…,"message":"…"}`,
 * around its values: read by {@link scanCompactLogEvent} without looking at key names one by one.
 */
const ID_OPENING = bytePattern('{"id":"');
const TIMESTAMP_KEY = bytePattern(',"timestamp":');
const MESSAGE_KEY = bytePattern(',"message":"');
/** scanCompactLogEvent's answer for an event written any other way. */
const NOT_COMPACT = -2;

/**
 * {@link scanLogEvent} of an event written exactly as CloudWatch Logs writes it (keys in its order, no
 * whitespace, an ID without escapes, an integer timestamp of up to 15 digits): what scanLogEvent would
 * note, found with a few comparisons. NOT_COMPACT for any other event, which scanLogEvent then reads.
 */
function scanCompactLogEvent(i: number, row: number): number {
  if (!hasBytes(i, ID_OPENING)) return NOT_COMPACT;
  const idOpen = i + ID_OPENING.length - 1;
  let j = scanString(idOpen);
  if (j < 0 || stringFlags !== 0 || !hasBytes(j, TIMESTAMP_KEY)) return NOT_COMPACT;
  const idEnd = stringEnd;
  j += TIMESTAMP_KEY.length;
  // An integer as JSON writes it: no leading zero (but 0 itself), below 2^53 (15 digits).
  const first = j;
  let timestamp = 0;
  for (; j < limit; j++) {
    const digit = (bytes[j] as number) - 0x30;
    if (digit < 0 || digit > 9) break;
    timestamp = timestamp * 10 + digit;
  }
  if (j === first || j - first > 15 || (bytes[first] === 0x30 && j - first > 1)) return NOT_COMPACT;
  if (!hasBytes(j, MESSAGE_KEY)) return NOT_COMPACT;
  const messageOpen = j + MESSAGE_KEY.length - 1;
  const messageStart = messageOpen + 1;
  let messageEnd = checkEscapedFirewallRecord(bytes, words, strings, messageStart, layouts, row);
  let messageFlags = QUOTE_ESCAPES;
  if (messageEnd >= 0) j = messageEnd + 1;
  else {
    j = scanString(messageOpen);
    if (j < 0) return NOT_COMPACT;
    messageEnd = stringEnd;
    messageFlags = stringFlags;
  }
  if (bytes[j] !== CLOSE_BRACE) return NOT_COMPACT;
  columns.messageStart[row] = messageStart;
  columns.messageEnd[row] = messageEnd;
  columns.messageFlags[row] = messageFlags;
  columns.idStart[row] = idOpen + 1;
  columns.idEnd[row] = idEnd;
  columns.idFlags[row] = 0;
  columns.timestamps[row] = timestamp;
  return j + 1;
}

/**
 * ASCII text (at least 4 characters) as the words that spell it: 8 bytes at a time read as doubles
 * (printable ASCII makes a finite, normal, non-zero double, equal to another only when the bits are),
 * the last read overlapping the one before, or two 4-byte reads for a text under 8 characters.
 */
interface BytePattern {
  length: number;
  offsets: number[];
  wide: boolean[];
  values: number[];
}

function bytePattern(text: string): BytePattern {
  const view = new DataView(Uint8Array.from(text, (c) => c.charCodeAt(0)).buffer);
  const pattern: BytePattern = { length: text.length, offsets: [], wide: [], values: [] };
  const add = (offset: number, wide: boolean) => {
    pattern.offsets.push(offset);
    pattern.wide.push(wide);
    pattern.values.push(wide ? view.getFloat64(offset, true) : view.getInt32(offset, true));
  };
  if (text.length >= 8) {
    for (let offset = 0; offset + 8 < text.length; offset += 8) add(offset, true);
    add(text.length - 8, true);
  } else {
    add(0, false);
    add(text.length - 4, false);
  }
  return pattern;
}

/** Whether the payload holds the pattern's text at i. */
function hasBytes(i: number, pattern: BytePattern): boolean {
  if (i + pattern.length > limit) return false;
  const { offsets, wide, values } = pattern;
  for (let k = 0; k < offsets.length; k++) {
    const at = i + (offsets[k] as number);
    const actual = wide[k] ? words.getFloat64(at, true) : words.getInt32(at, true);
    if (actual !== values[k]) return false;
  }
  return true;
}

/** Reads the log event object at i into row `row` of `columns`; the index after it, or FAIL. */
function scanLogEvent(i: number, row: number): number {
  const compact = scanCompactLogEvent(i, row);
  if (compact !== NOT_COMPACT) return compact;
  let messageStart = NO_MESSAGE;
  let messageEnd = 0;
  let messageFlags = 0;
  let idStart = NO_ID;
  let idEnd = 0;
  let idFlags = 0;
  let timestamp = Number.NaN;
  i = skipWhitespace(i + 1);
  if (bytes[i] !== CLOSE_BRACE) {
    for (;;) {
      i = memberValue(i, EVENT_KEYS, EVENT_KEY_BYTES);
      if (i < 0) return FAIL;
      const key = memberKey;
      const start = i;
      if (key === MESSAGE && bytes[i] === QUOTE) {
        // A firewall record checked where it lies (its values noted for the ingest) is a valid string.
        const end = checkEscapedFirewallRecord(bytes, words, strings, i + 1, layouts, row);
        messageStart = i + 1;
        if (end >= 0) {
          messageEnd = end;
          messageFlags = QUOTE_ESCAPES;
          i = end + 1;
        } else {
          i = scanString(i);
          if (i < 0) return FAIL;
          messageEnd = stringEnd;
          messageFlags = stringFlags;
        }
      } else if (bytes[i] === QUOTE) {
        i = scanString(i);
        if (i < 0) return FAIL;
        if (key === ID) {
          idStart = start + 1;
          idEnd = stringEnd;
          idFlags = stringFlags;
        } else if (key === TIMESTAMP) timestamp = Number.NaN;
      } else {
        i = skipValue(i);
        if (i < 0) return FAIL;
        if (key === MESSAGE) {
          messageStart = NO_MESSAGE;
          layouts.forget(row);
        } else if (key === ID) idStart = NO_ID;
        else if (key === TIMESTAMP) timestamp = timestampAt(start, i);
      }
      i = skipWhitespace(i);
      if (bytes[i] === CLOSE_BRACE) break;
      if (bytes[i] !== COMMA) return FAIL;
      i = skipWhitespace(i + 1);
    }
  }
  columns.messageStart[row] = messageStart;
  columns.messageEnd[row] = messageEnd;
  columns.messageFlags[row] = messageFlags;
  columns.idStart[row] = idStart;
  columns.idEnd[row] = idEnd;
  columns.idFlags[row] = idFlags;
  columns.timestamps[row] = timestamp;
  return i + 1;
}

/** A timestamp value (already validated, at start..end) as the reference keeps it; NaN for none. */
function timestampAt(start: number, end: number): number {
  const first = bytes[start] as number;
  if (first !== 0x2d && (first < 0x30 || first > 0x39)) return Number.NaN; // true, false, null, {…}, […]
  let j = start;
  const negative = first === 0x2d;
  if (negative) j++;
  // Up to 15 digits is below 2^53: exact step by step, as JSON.parse's result is.
  if (end - j <= 15) {
    let value = 0;
    for (; j < end; j++) {
      const digit = (bytes[j] as number) - 0x30;
      if (digit < 0 || digit > 9)
        return finiteOrNaN(JSON.parse(payloadBuffer.toString('latin1', start, end)));
      value = value * 10 + digit;
    }
    return negative ? -value : value;
  }
  return finiteOrNaN(JSON.parse(payloadBuffer.toString('latin1', start, end)));
}

function finiteOrNaN(value: number): number {
  return Number.isFinite(value) ? value : Number.NaN;
}

/** Which of `names` the key at start..end spells, or -1. */
function keyOf(start: number, end: number, flags: number, names: string[], nameBytes: Uint8Array[]): number {
  if (flags !== 0) {
    // An escaped or non-ASCII key: compare it as JSON.parse reads it.
    return names.indexOf(decodeString(payloadBuffer, start, end, flags));
  }
  const size = end - start;
  for (let k = 0; k < nameBytes.length; k++) {
    const name = nameBytes[k] as Uint8Array;
    if (name.length !== size) continue;
    let j = 0;
    while (j < size && bytes[start + j] === name[j]) j++;
    if (j === size) return k;
  }
  return -1;
}

function asciiBytes(name: string): Uint8Array {
  return Uint8Array.from(name, (c) => c.charCodeAt(0));
}

/** JSON whitespace only. */
function skipWhitespace(i: number): number {
  for (;;) {
    const c = bytes[i];
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
    i++;
  }
}

/**
 * The index after the string whose opening quote is at i, or FAIL when it is no valid JSON string.
 * Sets `stringFlags` and `stringEnd` (the index of its closing quote).
 */
function scanString(i: number): number {
  let flags = 0;
  i++;
  for (;;) {
    // Four bytes at a time up to the first byte that is a quote, a backslash, a control character or
    // non-ASCII; the masks flag exactly those bytes (no carry crosses a byte), so the loop jumps to it.
    while (i + 4 <= limit) {
      const word = words.getInt32(i, true);
      const quotes = word ^ 0x22222222;
      const backslashes = word ^ 0x5c5c5c5c;
      const stops =
        ~(((quotes & 0x7f7f7f7f) + 0x7f7f7f7f) | quotes) |
        ~(((backslashes & 0x7f7f7f7f) + 0x7f7f7f7f) | backslashes) |
        ~((word & 0x7f7f7f7f) + 0x60606060) |
        word;
      const flagged = stops & 0x80808080;
      if (flagged === 0) {
        i += 4;
        continue;
      }
      i += (31 - Math.clz32(flagged & -flagged)) >> 3;
      break;
    }
    if (i >= limit) return FAIL;
    const c = bytes[i] as number;
    if (c === QUOTE) {
      stringFlags = flags;
      stringEnd = i;
      return i + 1;
    }
    if (c === BACKSLASH) {
      const e = bytes[i + 1];
      if (e === QUOTE) {
        flags |= QUOTE_ESCAPES;
        i += 2;
        continue;
      }
      flags |= OTHER_ESCAPES;
      if (e === 0x75 /* u */) {
        if (!isHex(bytes[i + 2]) || !isHex(bytes[i + 3]) || !isHex(bytes[i + 4]) || !isHex(bytes[i + 5])) {
          return FAIL;
        }
        i += 6;
        continue;
      }
      // \ / b f n r t
      if (
        e !== BACKSLASH &&
        e !== 0x2f &&
        e !== 0x62 &&
        e !== 0x66 &&
        e !== 0x6e &&
        e !== 0x72 &&
        e !== 0x74
      ) {
        return FAIL;
      }
      i += 2;
      continue;
    }
    if (c < 0x20) return FAIL;
    if (c >= 0x80) flags |= NON_ASCII;
    i++;
  }
}

/** The index after the JSON value at i, or FAIL. Iterative, so no input can exhaust the stack. */
function skipValue(i: number): number {
  let depth = 0;
  for (;;) {
    const c = bytes[i];
    if (c === OPEN_BRACE) {
      i = skipWhitespace(i + 1);
      if (bytes[i] === CLOSE_BRACE) i++;
      else {
        if (depth === MAX_DEPTH) return FAIL;
        containers[depth++] = IN_OBJECT;
        i = afterKey(i);
        if (i < 0) return FAIL;
        continue;
      }
    } else if (c === OPEN_BRACKET) {
      i = skipWhitespace(i + 1);
      if (bytes[i] === CLOSE_BRACKET) i++;
      else {
        if (depth === MAX_DEPTH) return FAIL;
        containers[depth++] = IN_ARRAY;
        continue;
      }
    } else if (c === QUOTE) {
      i = scanString(i);
      if (i < 0) return FAIL;
    } else if (c === 0x74 /* t */) {
      if (bytes[i + 1] !== 0x72 || bytes[i + 2] !== 0x75 || bytes[i + 3] !== 0x65) return FAIL;
      i += 4;
    } else if (c === 0x66 /* f */) {
      if (bytes[i + 1] !== 0x61 || bytes[i + 2] !== 0x6c || bytes[i + 3] !== 0x73 || bytes[i + 4] !== 0x65) {
        return FAIL;
      }
      i += 5;
    } else if (c === 0x6e /* n */) {
      if (bytes[i + 1] !== 0x75 || bytes[i + 2] !== 0x6c || bytes[i + 3] !== 0x6c) return FAIL;
      i += 4;
    } else {
      i = endOfNumber(bytes, i);
      if (i < 0) return FAIL;
    }
    for (;;) {
      if (depth === 0) return i;
      i = skipWhitespace(i);
      const next = bytes[i];
      const container = containers[depth - 1];
      if (next === COMMA) {
        i = skipWhitespace(i + 1);
        if (container === IN_OBJECT) {
          i = afterKey(i);
          if (i < 0) return FAIL;
        }
        break;
      }
      if (next === (container === IN_OBJECT ? CLOSE_BRACE : CLOSE_BRACKET)) {
        depth--;
        i++;
        continue;
      }
      return FAIL;
    }
  }
}

/** From a member's key at i to the start of its value; FAIL when there is no `"key" :` there. */
function afterKey(i: number): number {
  return memberValue(i, undefined, undefined);
}

/** Set by memberValue: which of the names its key is, -1 for none (or when not asked). */
let memberKey = -1;

/**
 * {@link afterKey} that also notes in `memberKey` which of `names` (as `nameBytes`) the key is, as
 * JSON.parse reads it.
 */
function memberValue(i: number, names: string[] | undefined, nameBytes: Uint8Array[] | undefined): number {
  if (bytes[i] !== QUOTE) return FAIL;
  const keyEnd = scanString(i);
  if (keyEnd < 0) return FAIL;
  memberKey =
    names === undefined ? -1 : keyOf(i + 1, stringEnd, stringFlags, names, nameBytes as Uint8Array[]);
  const colon = skipWhitespace(keyEnd);
  if (bytes[colon] !== COLON) return FAIL;
  return skipWhitespace(colon + 1);
}
