// The plumbing the local AWS stand-ins share: a loopback HTTP server, bounded request bodies, atomic JSON state files.
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, dirname, join } from 'node:path';
import { EgressScoutError } from '../../domain/errors.ts';
import { standInRefusal } from './loopback-hosts.ts';

/** The account and Region in the ARNs the local endpoints issue. */
export const LOCAL_ACCOUNT_ID = '123456789012';
export const LOCAL_REGION = 'us-east-1';

/** A local endpoint could not start or read its state. */
export class LocalEndpointError extends EgressScoutError {}

/**
 * What a stand-in answers with where the real service would fail a request (`InvalidRequestException`,
 * `InvalidParameter`…): thrown by an operation, turned into the service's error response.
 */
export class ServiceFaultError extends EgressScoutError {
  readonly code: string;
  readonly status: number;
  constructor(code: string, message: string, status = 400) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

export interface LocalResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface LocalRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export interface LocalEndpoint {
  /** `http://127.0.0.1:<port>`, for an SDK client's `endpoint`. */
  endpoint: string;
  port: number;
  /** Stops listening and closes open connections (SDK clients keep them alive). */
  stop(): Promise<void>;
}

export interface ListenOptions {
  /** A fixed port; a free one is chosen when omitted. */
  port?: number | undefined;
  /** Larger bodies are answered with `tooLarge` unread. */
  maxBodyBytes: number;
  tooLarge: () => LocalResponse;
  /** Answers, with 403, a request no SDK client sends (see standInRefusal): `reason` says why. */
  refused: (reason: string) => LocalResponse;
  /** Answers a request whose handler threw (a bug in the stand-in, not a service error). */
  internalError: (error: unknown) => LocalResponse;
}

/**
 * Serves `handle` on 127.0.0.1 and resolves once it listens. `handle` is synchronous and runs once the
 * whole body is read, so two requests never interleave inside it: each sees the state the last left.
 * A request addressed to a name other than loopback's, or sent by a web page, is refused unread: a page
 * in the user's browser cannot change the local rule group or publish to the outbox.
 */
export async function listenOnLoopback(
  handle: (request: LocalRequest) => LocalResponse,
  options: ListenOptions,
): Promise<LocalEndpoint> {
  const server = createServer((request, response) => {
    const reply = ({ status, headers, body }: LocalResponse) => {
      response.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(body) });
      response.end(body);
    };
    const refusal = standInRefusal(request.headers);
    if (refusal !== undefined) {
      request.resume();
      response.setHeader('connection', 'close');
      reply(options.refused(refusal));
      return;
    }
    readBody(request, options.maxBodyBytes).then(
      (body) => {
        if (body === undefined) {
          response.setHeader('connection', 'close');
          reply(options.tooLarge());
          return;
        }
        let answer: LocalResponse;
        try {
          answer = handle({
            method: request.method ?? 'GET',
            url: request.url ?? '/',
            headers: request.headers,
            body,
          });
        } catch (error) {
          answer = options.internalError(error);
        }
        reply(answer);
      },
      () => response.destroy(),
    );
  });
  const port = await listen(server, options.port);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    stop: () => close(server),
  };
}

/** The body, or undefined once it exceeds `limit` bytes. */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function listen(server: Server, port: number | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const fail = (error: Error) =>
      reject(new LocalEndpointError(`cannot listen on 127.0.0.1:${port ?? 0}`, { cause: error }));
    server.once('error', fail);
    server.listen(port ?? 0, '127.0.0.1', () => {
      server.removeListener('error', fail);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** The JSON in `path`, or undefined when there is no such file; a file that is not JSON is an error, never overwritten. */
export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new LocalEndpointError(`cannot read ${path}`, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new LocalEndpointError(`${path} is not valid JSON; move it away to start afresh`, { cause: error });
  }
}

/** Writes JSON through a temporary file and a rename, so a reader or a crash never sees half a file. */
export function writeJsonFileAtomic(path: string, value: unknown): void {
  const directory = dirname(path);
  mkdirSync(directory, { recursive: true });
  const temporary = join(directory, `.${basename(path)}.${randomUUID()}.tmp`);
  try {
    writeFileSync(temporary, `${JSON.stringify(value, null, 2)}\n`);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
