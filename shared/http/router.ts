// Matches a request's method and path to a route of a table (`/hostnames/{hostname}`), with decoded parameters.
import { BadRequestError, MethodNotAllowedError, NotFoundError } from '../domain/errors.ts';
import type { HttpRequest, HttpResponse } from './http-message.ts';

/** A request with the route's path parameters, percent-decoded. */
export interface RouteRequest extends HttpRequest {
  params: Record<string, string>;
}

export type RouteHandler<D> = (request: RouteRequest, deps: D) => HttpResponse | Promise<HttpResponse>;

/** One line of a route table. */
export interface Route<D> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Literal segments and `{name}` parameters, each a whole segment: `/hostnames/{hostname}`. */
  path: string;
  handle: RouteHandler<D>;
}

/** Answers a request from a route table; throws NotFoundError, MethodNotAllowedError or BadRequestError. */
export type Router<D> = (request: HttpRequest, deps: D) => Promise<HttpResponse>;

interface CompiledPath {
  path: string;
  segments: Segment[];
  methods: Map<string, RouteHandler<unknown>>;
}

/** A literal segment, or a parameter taking any one segment. */
type Segment = { literal: string; param?: undefined } | { param: string; literal?: undefined };

/**
 * A router over `routes`. A path matches a pattern segment by segment (a parameter takes one non-empty
 * segment); where patterns overlap, literal segments win (`/hostnames/export` over `/hostnames/{hostname}`).
 * The matching pattern decides: its route for the method, else 405 naming its methods; no pattern, 404.
 *
 * @example
 * const router = createRouter<Deps>([
 *   { method: 'GET', path: '/hostnames', handle: listHostnamesRoute },
 *   { method: 'GET', path: '/hostnames/{hostname}', handle: getHostnameRoute },
 * ]);
 * const response = await router(request, deps);
 */
export function createRouter<D>(routes: readonly Route<D>[]): Router<D> {
  const paths = new Map<string, CompiledPath>();
  for (const route of routes) {
    const compiled = paths.get(route.path) ?? {
      path: route.path,
      segments: compileSegments(route.path),
      methods: new Map<string, RouteHandler<unknown>>(),
    };
    if (compiled.methods.has(route.method)) throw new Error(`two routes for ${route.method} ${route.path}`);
    compiled.methods.set(route.method, route.handle as RouteHandler<unknown>);
    paths.set(route.path, compiled);
  }
  const ordered = [...paths.values()].sort((a, b) => compareSpecificity(a.segments, b.segments));

  return async function route(request, deps) {
    const segments = request.path.split('/').slice(1);
    for (const candidate of ordered) {
      const raw = matchSegments(candidate.segments, segments);
      if (raw === undefined) continue;
      const handle = candidate.methods.get(request.method);
      if (handle === undefined) {
        throw new MethodNotAllowedError(request.method, request.path, [...candidate.methods.keys()].sort());
      }
      return handle({ ...request, params: decodeParams(raw) }, deps);
    }
    throw new NotFoundError(`no resource at ${request.path}`);
  };
}

function compileSegments(path: string): Segment[] {
  if (!path.startsWith('/')) throw new Error(`route path ${path} must start with /`);
  return path
    .split('/')
    .slice(1)
    .map((segment) => {
      const param = /^\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(segment)?.[1];
      if (param !== undefined) return { param };
      if (segment.includes('{') || segment.includes('}')) {
        throw new Error(`route path ${path}: a parameter must be a whole segment`);
      }
      return { literal: segment };
    });
}

/** Literal segments before parameters, position by position. */
function compareSpecificity(a: Segment[], b: Segment[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const literalA = a[i]?.literal !== undefined;
    const literalB = b[i]?.literal !== undefined;
    if (literalA !== literalB) return literalA ? -1 : 1;
  }
  return 0;
}

/** The raw (still percent-encoded) parameter values, or undefined when the path does not match. */
function matchSegments(pattern: Segment[], segments: string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i] as Segment;
    const actual = segments[i] as string;
    if (expected.param !== undefined) {
      if (actual === '') return undefined;
      params[expected.param] = actual;
    } else if (expected.literal !== actual) {
      return undefined;
    }
  }
  return params;
}

function decodeParams(raw: Record<string, string>): Record<string, string> {
  const decoded: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    try {
      decoded[name] = decodeURIComponent(value);
    } catch (error) {
      throw new BadRequestError(`${name} is not valid percent-encoding`, { parameter: name, cause: error });
    }
  }
  return decoded;
}
