// Which requests a server on loopback answers: those addressed to a loopback name, never a DNS-rebinding page's.
import type { IncomingHttpHeaders } from 'node:http';

/** Whether `host` (an address or name to listen on) is a loopback one. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** The names a loopback server answers for, as hostName gives them; `own` is the one it listens on. */
export function loopbackNames(own: string): string[] {
  const names = ['localhost', '127.0.0.1', '[::1]'];
  return names.includes(own) ? names : [...names, own];
}

/**
 * The name a Host header gives, lower-cased, without its port (an IPv6 address keeps its brackets);
 * undefined when there is no header (HTTP/1.0: no browser sends that).
 *
 * @example
 * hostName('LocalHost:3000'); // 'localhost'
 * hostName('[::1]:3000'); // '[::1]'
 */
export function hostName(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const lower = header.trim().toLowerCase();
  if (lower.startsWith('[')) {
    const close = lower.indexOf(']');
    return close < 0 ? lower : lower.slice(0, close + 1);
  }
  const colon = lower.indexOf(':');
  return colon < 0 ? lower : lower.slice(0, colon);
}

/**
 * Why a local AWS stand-in refuses a request, or undefined when it answers it. Its clients are SDKs,
 * which address it as `127.0.0.1` and send no `Origin`: a request addressed to another name comes from
 * a page whose name was rebound to loopback, and one with an `Origin` from a page posting across sites
 * (a form post needs no preflight).
 *
 * @example
 * standInRefusal({ host: 'attacker.example:4566' }); // 'this endpoint answers only requests addressed to …'
 */
export function standInRefusal(headers: IncomingHttpHeaders): string | undefined {
  const named = hostName(headers.host);
  if (named !== undefined && !STAND_IN_NAMES.includes(named)) {
    return `this endpoint answers only requests addressed to ${STAND_IN_NAMES.join(', ')}`;
  }
  if (headers.origin !== undefined) return 'this endpoint answers SDK clients, not web pages (Origin header)';
  return undefined;
}

const STAND_IN_NAMES = loopbackNames('127.0.0.1');
