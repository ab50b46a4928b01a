// The HTTP API's request and response: API Gateway v2 (HTTP API, payload format 2.0) events in, the router's request out.
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';

/** What API Gateway (or the local server) hands the function. */
export type ApiGatewayEvent = APIGatewayProxyEventV2;
/** What the function may answer: a structured result, or a bare string/object API Gateway wraps as JSON. */
export type ApiGatewayResult = APIGatewayProxyResultV2<unknown>;

/** A request as routes see it: decoded, lower-cased, with no API Gateway shapes left. */
export interface HttpRequest {
  /** Upper case. */
  method: string;
  /** The path without the stage prefix of a named stage; percent-escapes as API Gateway left them. */
  path: string;
  /** Decoded; a repeated parameter's values joined with commas (API Gateway's rule for format 2.0). */
  query: Record<string, string>;
  /** Names lower case; repeated headers joined with commas. */
  headers: Record<string, string>;
  cookies: string[];
  /** The body as text ('' when there is none), decoded from base64 where API Gateway encoded it. */
  body: string;
  requestId: string;
  sourceIp: string;
  /** The IAM principal API Gateway authorised (AWS_IAM routes), when there is one. */
  caller: string | undefined;
}

/** A response as routes build it; also a valid API Gateway v2 structured result. */
export interface HttpResponse {
  statusCode: number;
  /** Names lower case. */
  headers: Record<string, string>;
  body: string;
  isBase64Encoded?: boolean;
  /** Each becomes one `set-cookie` header. */
  cookies?: string[];
}

/**
 * The router's view of an API Gateway v2 event.
 *
 * @example
 * const request = requestFromEvent(event); // { method: 'GET', path: '/hostnames', query: { limit: '10' }, … }
 */
export function requestFromEvent(event: ApiGatewayEvent): HttpRequest {
  const context = event.requestContext;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.queryStringParameters ?? {})) {
    if (value !== undefined) query[name] = value;
  }
  let body = event.body ?? '';
  if (event.isBase64Encoded && body !== '') body = Buffer.from(body, 'base64').toString('utf8');
  return {
    method: (context?.http?.method ?? 'GET').toUpperCase(),
    path: withoutStage(event.rawPath ?? '/', context?.stage),
    query,
    headers,
    cookies: [...(event.cookies ?? [])],
    body,
    requestId: context?.requestId ?? '',
    sourceIp: context?.http?.sourceIp ?? '',
    caller: (context as { authorizer?: { iam?: { userArn?: string } } } | undefined)?.authorizer?.iam
      ?.userArn,
  };
}

/** A named stage's requests arrive as `/<stage>/…`; the `$default` stage's at the root. */
function withoutStage(path: string, stage: string | undefined): string {
  if (stage === undefined || stage === '' || stage === '$default') return path;
  const prefix = `/${stage}`;
  if (path === prefix) return '/';
  return path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : path;
}
