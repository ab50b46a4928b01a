// Builds responses (JSON, CSV, HTML) and adds the security headers every response carries.
import type { HttpResponse } from './http-message.ts';

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8; header=present';
export const HTML_CONTENT_TYPE = 'text/html; charset=utf-8';

/** Data responses may not load, frame or run anything, even when a browser opens them. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";
/**
 * Pages: no script at all, styles and images only from this origin, forms only back to it, never framed
 * (approval pages must not be clickjacked into a decision). A page that needs more sets its own.
 */
export const HTML_CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/**
 * On every response unless a route set its own. `no-store`: inventory data and approval pages must not
 * sit in shared caches; `no-referrer`: approval links carry tokens that must not leak to other sites.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

export function jsonResponse(
  statusCode: number,
  value: unknown,
  headers: Record<string, string> = {},
): HttpResponse {
  return {
    statusCode,
    headers: { 'content-type': JSON_CONTENT_TYPE, ...headers },
    body: JSON.stringify(value),
  };
}

/** A CSV download; `filename` is a fixed ASCII name chosen by the route, never user input. */
export function csvResponse(
  body: string,
  filename: string,
  headers: Record<string, string> = {},
): HttpResponse {
  return {
    statusCode: 200,
    headers: {
      'content-type': CSV_CONTENT_TYPE,
      'content-disposition': `attachment; filename="${filename}"`,
      ...headers,
    },
    body,
  };
}

/** An HTML page; every value in `html` must already be escaped. */
export function htmlResponse(
  statusCode: number,
  html: string,
  headers: Record<string, string> = {},
): HttpResponse {
  return {
    statusCode,
    headers: {
      'content-type': HTML_CONTENT_TYPE,
      'content-security-policy': HTML_CONTENT_SECURITY_POLICY,
      ...headers,
    },
    body: html,
  };
}

/**
 * The response with header names lower-cased and the security headers added where it has none of its
 * own: a content type (a body without one is sent as opaque bytes, never sniffed), a CSP fit for it.
 */
export function withSecurityHeaders(response: HttpResponse): HttpResponse {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers ?? {}))
    headers[name.toLowerCase()] = String(value);
  headers['content-type'] ??= response.body === '' ? 'text/plain; charset=utf-8' : 'application/octet-stream';
  const html = headers['content-type'].toLowerCase().startsWith('text/html');
  headers['content-security-policy'] ??= html ? HTML_CONTENT_SECURITY_POLICY : API_CONTENT_SECURITY_POLICY;
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) headers[name] ??= value;
  return { ...response, headers };
}
