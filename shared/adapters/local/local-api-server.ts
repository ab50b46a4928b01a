// Serves the HTTP API on this machine: each node:http request becomes an API Gateway v2 event for the Lambda's own handler.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { GatewayTimeoutError, HostNotAllowedError, PayloadTooLargeError } from '../../domain/errors.ts';
import { createApiHandler } from '../../http/api-handler.ts';
import { errorResponse, isServerError } from '../../http/error-response.ts';
import type { ApiGatewayEvent, ApiGatewayResult, HttpResponse } from '../../http/http-message.ts';
import { consoleErrorLogger, type ErrorLogger } from '../../http/middleware.ts';
import { JSON_CONTENT_TYPE, withSecurityHeaders } from '../../http/responses.ts';
import type { Router } from '../../http/router.ts';
import { LOCAL_ACCOUNT_ID, LocalEndpointError } from './local-endpoint-server.ts';
import { hostName, isLoopback, loopbackNames } from './loopback-hosts.ts';

/** What API Gateway would invoke: the Lambda's exported handler, or anything of its shape. */
export type LambdaHttpHandler = (event: ApiGatewayEvent, context: Context) => Promise<ApiGatewayResult>;

interface ServerOptions {
  /** A fixed port; a free one is chosen when omitted. */
  port?: number | undefined;
  /** Loopback unless told otherwise: the API has no authentication of its own. */
  host?: string | undefined;
  /**
   * The names (without port) a request's Host header may give; others are answered 403 unread. By
   * default, on a loopback address: `localhost`, `127.0.0.1`, `[::1]` and the address listened on, so
   * that no page of another site whose name resolves to 127.0.0.1 (DNS rebinding) reads the API; on any
   * other address, every name (the caller then knows the names its users reach it by).
   */
  allowedHosts?: readonly string[] | undefined;
  /** Larger request bodies are answered 413 unread (API Gateway's own limit is 10 MB). */
  maxBodyBytes?: number | undefined;
  /**
   * A request is answered 504 when it is not read and answered within this time (API Gateway HTTP
   * APIs give an integration at most 30 s). The handler also sees it as its remaining time.
   */
  timeoutMs?: number | undefined;
  /** Where failures of the server itself (not the handler's answered errors) are logged. */
  logger?: ErrorLogger | undefined;
}

export type LocalApiServerOptions<D> = ServerOptions &
  ({ handler: LambdaHttpHandler } | { router: Router<D>; deps: D });

export interface LocalApiServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  port: number;
  /** Stops listening and closes every open connection, idle keep-alive ones included. */
  stop(): Promise<void>;
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Starts a real HTTP server for the API. Given a router and deps it builds the handler exactly as the
 * Lambda does (createApiHandler); given a handler, it calls that.
 *
 * @example
 * const server = await startLocalApiServer({ router: apiRouter, deps, port: 8080 });
 * await fetch(`${server.url}/hostnames?sort=hits`);
 * await server.stop();
 */
export async function startLocalApiServer<D>(options: LocalApiServerOptions<D>): Promise<LocalApiServer> {
  const handler: LambdaHttpHandler =
    'handler' in options ? options.handler : createApiHandler(options.router, options.deps, options);
  const host = options.host ?? '127.0.0.1';
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const logger = options.logger ?? consoleErrorLogger;
  /** The host as a URL and a Host header write it (an IPv6 address in brackets). */
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const allowedHosts = options.allowedHosts ?? (isLoopback(host) ? loopbackNames(urlHost) : undefined);

  const server = createServer((request, response) => {
    serve(request, response).catch((error) => {
      logger.error('local API server failed to answer', { error });
      response.destroy();
    });
  });
  // Slow or stalled clients: the whole request must arrive within the timeout.
  server.requestTimeout = timeoutMs;
  server.headersTimeout = Math.min(timeoutMs, 60_000);

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const requestId = randomUUID();
    const named = hostName(request.headers.host);
    if (allowedHosts !== undefined && named !== undefined && !allowedHosts.includes(named)) {
      request.resume();
      refuse(
        response,
        new HostNotAllowedError(`this server answers only requests addressed to ${allowedHosts.join(', ')}`),
      );
      return;
    }
    const body = await readBody(request, maxBodyBytes);
    if (body === undefined) {
      refuse(response, new PayloadTooLargeError(`request bodies are limited to ${maxBodyBytes} bytes`));
      return;
    }
    const event = eventFromRequest({
      method: request.method ?? 'GET',
      url: request.url ?? '/',
      headers: request.headers,
      httpVersion: request.httpVersion,
      body,
      sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
      requestId,
      now: Date.now(),
    });
    let result: HttpResponse;
    let timer: NodeJS.Timeout | undefined;
    try {
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new GatewayTimeoutError()), Math.max(0, deadline - Date.now()));
      });
      result = responseFromResult(
        await Promise.race([handler(event, lambdaContext(requestId, deadline)), timedOut]),
      );
    } catch (error) {
      // The API's handler answers its own errors; this is a handler that threw, or one that was too slow.
      if (isServerError(error))
        logger.error('request failed', {
          error,
          method: event.requestContext.http.method,
          path: event.rawPath,
          requestId,
        });
      result = errorResponse(error);
    } finally {
      clearTimeout(timer);
    }
    writeResponse(response, result);
  }

  const port = await new Promise<number>((resolve, reject) => {
    const fail = (error: Error) =>
      reject(new LocalEndpointError(`cannot listen on ${host}:${options.port ?? 0}`, { cause: error }));
    server.once('error', fail);
    server.listen(options.port ?? 0, host, () => {
      server.removeListener('error', fail);
      resolve((server.address() as AddressInfo).port);
    });
  });
  return {
    url: `http://${urlHost}:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        if (!server.listening) {
          resolve();
          return;
        }
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Answers a request the handler never sees, and closes the connection (its body may be unread). */
function refuse(response: ServerResponse, error: Error): void {
  response.setHeader('connection', 'close');
  writeResponse(response, errorResponse(error));
}

/** The body, or undefined once it exceeds `limit` bytes (the rest is not kept). */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) {
    request.resume();
    return Promise.resolve(undefined);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

export interface RawHttpRequest {
  method: string;
  /** Path and query as sent: `/hostnames?sort=hits`. */
  url: string;
  headers: IncomingHttpHeaders;
  httpVersion: string;
  body: Buffer;
  sourceIp: string;
  requestId: string;
  /** Epoch ms. */
  now: number;
}

/** Content types API Gateway passes as text; any other body arrives base64-encoded. */
const TEXT_TYPES =
  /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded)\b|[^;]*\+(json|xml)\b)/i;

/**
 * The API Gateway v2 event (HTTP API, payload format 2.0) for a request, as API Gateway builds it:
 * lower-case headers with repeats joined by commas, cookies moved out of the headers, decoded query
 * parameters with repeats joined by commas, a text body as is and any other base64-encoded.
 *
 * The path is passed as the client sent it (percent-escapes kept, as Function URLs do); HTTP APIs are
 * reported to decode it first. The router decodes path parameters either way.
 */
export function eventFromRequest(raw: RawHttpRequest): ApiGatewayEvent {
  const queryAt = raw.url.indexOf('?');
  const rawPath = queryAt < 0 ? raw.url : raw.url.slice(0, queryAt);
  const rawQueryString = queryAt < 0 ? '' : raw.url.slice(queryAt + 1).replace(/#.*$/, '');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw.headers)) {
    if (value === undefined || name === 'cookie') continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const cookieHeader = raw.headers.cookie;
  const cookies = (Array.isArray(cookieHeader) ? cookieHeader : [cookieHeader ?? ''])
    .flatMap((header) => header.split(';'))
    .map((cookie) => cookie.trim())
    .filter((cookie) => cookie !== '');
  const query: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    query[name] = name in query ? `${query[name]},${value}` : value;
  }
  const sourceIp = raw.sourceIp.startsWith('::ffff:') ? raw.sourceIp.slice(7) : raw.sourceIp;
  const host = headers.host ?? 'localhost';
  const event: ApiGatewayEvent = {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers,
    requestContext: {
      accountId: LOCAL_ACCOUNT_ID,
      apiId: 'local',
      domainName: host,
      domainPrefix: host.split('.')[0] ?? host,
      http: {
        method: raw.method.toUpperCase(),
        path: rawPath,
        protocol: `HTTP/${raw.httpVersion}`,
        sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: raw.requestId,
      routeKey: '$default',
      stage: '$default',
      time: clfTime(raw.now),
      timeEpoch: raw.now,
    },
    isBase64Encoded: false,
  };
  if (cookies.length > 0) event.cookies = cookies;
  if (Object.keys(query).length > 0) event.queryStringParameters = query;
  if (raw.body.length > 0) {
    const text = TEXT_TYPES.test(headers['content-type'] ?? '') ? utf8(raw.body) : undefined;
    event.body = text ?? raw.body.toString('base64');
    event.isBase64Encoded = text === undefined;
  }
  return event;
}

function utf8(bytes: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `12/Mar/2020:19:03:58 +0000`, the form of `requestContext.time`. */
function clfTime(epochMs: number): string {
  const d = new Date(epochMs);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(
    d.getUTCMinutes(),
  )}:${two(d.getUTCSeconds())} +0000`;
}

/**
 * What API Gateway makes of a handler's result: a structured result as it is; anything without a
 * `statusCode` (a string, an object) a 200 whose JSON body is that value.
 */
export function responseFromResult(result: ApiGatewayResult): HttpResponse {
  const structured = result as APIGatewayProxyStructuredResultV2 | null;
  if (typeof structured === 'object' && structured !== null && typeof structured.statusCode === 'number') {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(structured.headers ?? {}))
      headers[name.toLowerCase()] = String(value);
    return {
      statusCode: structured.statusCode,
      headers,
      body: typeof structured.body === 'string' ? structured.body : '',
      isBase64Encoded: structured.isBase64Encoded === true,
      cookies: Array.isArray(structured.cookies) ? structured.cookies.map(String) : [],
    };
  }
  return {
    statusCode: 200,
    headers: { 'content-type': JSON_CONTENT_TYPE },
    body: typeof result === 'string' ? result : JSON.stringify(result ?? null),
  };
}

function writeResponse(response: ServerResponse, result: HttpResponse): void {
  const secured = withSecurityHeaders(result);
  const body = secured.isBase64Encoded
    ? Buffer.from(secured.body, 'base64')
    : Buffer.from(secured.body, 'utf8');
  try {
    for (const [name, value] of Object.entries(secured.headers)) response.setHeader(name, value);
    if (secured.cookies !== undefined && secured.cookies.length > 0)
      response.setHeader('set-cookie', secured.cookies);
    response.setHeader('content-length', body.length);
    response.writeHead(secured.statusCode);
  } catch (error) {
    // A header node refuses (a line break in a value…): answer 500 rather than leave the client hanging.
    for (const name of response.getHeaderNames()) response.removeHeader(name);
    const fallback = withSecurityHeaders(errorResponse(error));
    for (const [name, value] of Object.entries(fallback.headers)) response.setHeader(name, value);
    response.writeHead(500);
    response.end(fallback.body);
    return;
  }
  response.end(body);
}

/** A Lambda context for the handler: its remaining time counts down to the request's deadline. */
function lambdaContext(requestId: string, deadline: number): Context {
  const unsupported = () => {
    throw new Error('callback-style completion is not supported by the local API server');
  };
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'egress-scout-api',
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:${LOCAL_ACCOUNT_ID}:function:egress-scout-api`,
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: '/aws/lambda/egress-scout-api',
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}
