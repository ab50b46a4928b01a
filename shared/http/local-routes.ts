// Routes only the local server has: the web page and its static files, and the notification outbox.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readOutbox } from '../adapters/local/local-sns.ts';
import { NotFoundError } from '../domain/errors.ts';
import { API_ROUTES, type ApiDeps } from './api-routes.ts';
import type { HttpResponse } from './http-message.ts';
import { rejectUnknownParams } from './query-params.ts';
import { jsonResponse } from './responses.ts';
import { createRouter, type Route, type RouteRequest } from './router.ts';

export interface LocalRouteDeps {
  /** The local data directory, whose outbox the page shows. */
  dataDir: string;
}

export type LocalServerDeps = ApiDeps & LocalRouteDeps;

/** The web page may run its own script and talk to this origin only; nothing is ever framed. */
export const WEB_CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const STATIC_DIR = join(import.meta.dirname, '..', 'web', 'static');
/** The only files served: a fixed list, never a path from the request. */
const STATIC_FILES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
};
const staticCache = new Map<string, string>();

function staticFile(name: string): HttpResponse {
  const type = STATIC_FILES[name];
  if (type === undefined) throw new NotFoundError(`no such file: ${name}`);
  let body = staticCache.get(name);
  if (body === undefined) {
    body = readFileSync(join(STATIC_DIR, name), 'utf8');
    staticCache.set(name, body);
  }
  return {
    statusCode: 200,
    headers: { 'content-type': type, 'content-security-policy': WEB_CONTENT_SECURITY_POLICY },
    body,
  };
}

/** GET /outbox: every notification the local SNS endpoint received, newest first. */
export function outboxRoute(request: RouteRequest, deps: LocalRouteDeps): HttpResponse {
  rejectUnknownParams(request.query, []);
  return jsonResponse(200, { items: readOutbox(deps.dataDir).reverse() });
}

export const LOCAL_ROUTES: readonly Route<LocalRouteDeps>[] = [
  { method: 'GET', path: '/', handle: () => staticFile('index.html') },
  { method: 'GET', path: '/static/{file}', handle: (request) => staticFile(request.params.file ?? '') },
  { method: 'GET', path: '/outbox', handle: outboxRoute },
];

/** The API's routes plus the local ones: what `egress-scout serve` answers. */
export const localRouter = createRouter<LocalServerDeps>([...API_ROUTES, ...LOCAL_ROUTES]);
