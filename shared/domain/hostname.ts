// Normalises a hostname taken from the network (TLS SNI, HTTP Host) into the one form the inventory keys on.
import { isIPv6 } from 'node:net';
import { domainToASCII } from 'node:url';

/** A domain name or an IP literal: IPs are shown as evidence but never become allowlist entries. */
export type HostnameKind = 'domain' | 'ip';

/** Why a raw value could not become a hostname; a closed set, so it can be counted and graphed. */
export type HostnameRejection =
  | 'hostname_empty'
  | 'hostname_too_long'
  | 'hostname_control_character'
  | 'hostname_invalid_character'
  | 'hostname_label_empty'
  | 'hostname_label_too_long'
  | 'hostname_numeric_tld'
  | 'hostname_invalid_idn'
  | 'hostname_invalid_port';

export type NormalisedHostname =
  | { ok: true; hostname: string; kind: HostnameKind }
  | { ok: false; reason: HostnameRejection };

export const MAX_HOSTNAME_LENGTH = 253;
export const MAX_LABEL_LENGTH = 63;
/** Longer raw input is refused before any work is spent on it (a 253-char name with a port and dot fits). */
const MAX_RAW_LENGTH = 300;

const reject = (reason: HostnameRejection): NormalisedHostname => ({ ok: false, reason });

/**
 * Normalises a hostname: lower case, one trailing dot and any `:port` removed, IDN converted to
 * punycode, labels of 1–63 characters of `[a-z0-9-]` (`_` tolerated outside the last label), at most
 * 253 characters. IPv4 and IPv6 literals (bracketed or not) come back in canonical form as kind `ip`.
 * Never throws; the result of a successful call normalises to itself.
 *
 * @example
 * normaliseHostname('WWW.Example.COM.:443'); // { ok: true, hostname: 'www.example.com', kind: 'domain' }
 * normaliseHostname('bücher.de');            // { ok: true, hostname: 'xn--bcher-kva.de', kind: 'domain' }
 * normaliseHostname('[2001:DB8::1]:443');    // { ok: true, hostname: '2001:db8::1', kind: 'ip' }
 */
export function normaliseHostname(raw: string): NormalisedHostname {
  if (isPlainDomain(raw)) return { ok: true, hostname: raw, kind: 'domain' };
  return normaliseHostnameInFull(raw);
}

/**
 * Whether `raw` is already a domain name as normaliseHostname gives it, and one whose normalisation
 * is only that check: labels of 1–63 of `[a-z0-9-]`, at most 253 characters, a letter in the last
 * label (so neither an IP nor a numeric TLD), no `xn--` (punycode is checked against the IDN rules).
 * Most names on the wire are; the rest take the full normalisation.
 */
function isPlainDomain(raw: string): boolean {
  const length = raw.length;
  if (length === 0 || length > MAX_HOSTNAME_LENGTH) return false;
  let labelStart = 0;
  let letterInLabel = false;
  for (let i = 0; i < length; i++) {
    const code = raw.charCodeAt(i);
    if (code === 0x2e /* . */) {
      const label = i - labelStart;
      if (label === 0 || label > MAX_LABEL_LENGTH) return false;
      labelStart = i + 1;
      letterInLabel = false;
    } else if (code >= 0x61 && code <= 0x7a) letterInLabel = true;
    else if (!((code >= 0x30 && code <= 0x39) || code === 0x2d)) return false;
  }
  const last = length - labelStart;
  return last > 0 && last <= MAX_LABEL_LENGTH && letterInLabel && !raw.includes('xn--');
}

/** normaliseHostname without its shortcut for names already in form (the tests hold the two equal). */
export function normaliseHostnameInFull(raw: string): NormalisedHostname {
  if (raw.length === 0) return reject('hostname_empty');
  if (raw.length > MAX_RAW_LENGTH) return reject('hostname_too_long');
  let ascii = true;
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if (code < 0x20 || code === 0x7f || (code >= 0x80 && code <= 0x9f))
      return reject('hostname_control_character');
    if (code >= 0x80) ascii = false;
  }

  const ip = ipLiteral(raw);
  if (ip !== undefined) return { ok: true, hostname: ip, kind: 'ip' };

  let name = stripPort(raw);
  if (name === undefined) return reject('hostname_invalid_port');
  if (name.endsWith('.')) name = name.slice(0, -1);
  if (name.length === 0) return reject('hostname_empty');

  if (ascii) {
    name = name.toLowerCase();
    const invalid = checkLabels(name);
    if (invalid !== undefined) return reject(invalid);
    if (name.includes('xn--') && domainToASCII(name) !== name) return reject('hostname_invalid_idn');
  } else {
    // Characters that WHATWG URL parsing would silently decode or drop (`%41`, spaces) are refused
    // first: the inventory must record what was on the wire, not a reinterpretation of it.
    for (let i = 0; i < name.length; i++) {
      const code = name.charCodeAt(i);
      if (code < 0x80 && !isHostnameChar(code)) return reject('hostname_invalid_character');
    }
    const converted = domainToASCII(name);
    if (converted === '') return reject('hostname_invalid_idn');
    name = converted;
    const invalid = checkLabels(name);
    if (invalid !== undefined) return reject(invalid);
  }
  // A dotted all-numeric name that is not a valid IPv4 address (`1.2.3.999`, `010.0.0.1`) is neither.
  if (isIPv4(name)) return { ok: true, hostname: name, kind: 'ip' };
  return { ok: true, hostname: name, kind: 'domain' };
}

function isHostnameChar(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) || // a-z
    (code >= 0x41 && code <= 0x5a) || // A-Z
    (code >= 0x30 && code <= 0x39) || // 0-9
    code === 0x2d || // -
    code === 0x2e || // .
    code === 0x5f // _
  );
}

/** Checks an ASCII, lower-cased, dot-separated name; returns the first rule it breaks. */
function checkLabels(name: string): HostnameRejection | undefined {
  if (name.length > MAX_HOSTNAME_LENGTH) return 'hostname_too_long';
  let labelStart = 0;
  let lastLabelNumeric = true;
  for (let i = 0; i <= name.length; i++) {
    const code = i === name.length ? 0x2e : name.charCodeAt(i);
    if (code === 0x2e) {
      const length = i - labelStart;
      if (length === 0) return 'hostname_label_empty';
      if (length > MAX_LABEL_LENGTH) return 'hostname_label_too_long';
      labelStart = i + 1;
      if (i < name.length) lastLabelNumeric = true;
      continue;
    }
    const lower = (code >= 0x61 && code <= 0x7a) || code === 0x2d;
    const digit = code >= 0x30 && code <= 0x39;
    if (!lower && !digit) {
      if (code !== 0x5f) return 'hostname_invalid_character';
      // `_` is tolerated in non-final labels only (`_dmarc.example.com`, service names).
      if (name.indexOf('.', i) === -1) return 'hostname_invalid_character';
    }
    if (!digit) lastLabelNumeric = false;
  }
  return lastLabelNumeric ? 'hostname_numeric_tld' : undefined;
}

/** Removes a trailing `:port` (1–65535); undefined when the port part is not a valid port. */
function stripPort(name: string): string | undefined {
  const colon = name.lastIndexOf(':');
  if (colon === -1) return name;
  const port = name.slice(colon + 1);
  if (!/^[0-9]{1,5}$/.test(port)) return undefined;
  const value = Number(port);
  if (value < 1 || value > 65535) return undefined;
  return name.slice(0, colon);
}

/** The canonical text of an IP literal (`1.2.3.4`, `2001:db8::1`, `[2001:db8::1]:443`), else undefined. */
function ipLiteral(raw: string): string | undefined {
  if (raw.charCodeAt(0) === 0x5b /* [ */) {
    const close = raw.indexOf(']');
    if (close === -1) return undefined;
    const rest = raw.slice(close + 1);
    if (rest !== '' && stripPort(`x${rest}`) !== 'x') return undefined;
    const inner = raw.slice(1, close);
    return isIPv6(inner) ? canonicalIPv6(inner) : undefined;
  }
  if (raw.includes(':') && isIPv6(raw)) return canonicalIPv6(raw);
  const host = stripPort(raw);
  if (host !== undefined && isIPv4(host)) return host;
  return undefined;
}

/**
 * The canonical text of an IPv6 address (WHATWG URL serialisation: lower case, longest zero run
 * compressed as RFC 5952 asks); a zone index (`%eth0`) is dropped because it only has meaning on the
 * host that logged it.
 */
export function canonicalIPv6(address: string): string | undefined {
  const percent = address.indexOf('%');
  const bare = percent === -1 ? address : address.slice(0, percent);
  try {
    return new URL(`http://[${bare}]/`).hostname.slice(1, -1);
  } catch {
    return undefined;
  }
}

/**
 * Whether `text` is an IPv4 address as node:net's isIPv4 decides it (four decimal octets 0–255, no
 * leading zero, nothing around them), read character by character: it runs for every source address a
 * batch brings, where the regular expression behind isIPv4 costs several times as much.
 *
 * @example
 * isIPv4('10.0.2.182'); // true
 * isIPv4('10.0.2.082'); // false
 */
export function isIPv4(text: string): boolean {
  const length = text.length;
  if (length < 7 || length > 15) return false;
  let i = 0;
  for (let octet = 1; ; octet++) {
    const start = i;
    let value = 0;
    while (i < length && i - start < 4) {
      const digit = text.charCodeAt(i) - 0x30;
      if (digit < 0 || digit > 9) break;
      value = value * 10 + digit;
      i++;
    }
    const digits = i - start;
    if (digits === 0 || digits > 3 || value > 255 || (digits > 1 && text.charCodeAt(start) === 0x30)) {
      return false;
    }
    if (octet === 4) return i === length;
    if (text.charCodeAt(i) !== 0x2e /* . */) return false;
    i++;
  }
}

/** The canonical form of a source address from a log record, or undefined when it is not an IP. */
export function normaliseSourceIp(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 64) return undefined;
  if (isIPv4(raw)) return raw;
  if (isIPv6(raw)) return canonicalIPv6(raw);
  return undefined;
}
