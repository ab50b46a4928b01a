// HTTP requests with headers fetch will not send (a forged Host, an Origin), for the local servers' refusals.
import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';

export interface RawResponse {
  status: number;
  body: string;
}

/**
 * Sends one request to 127.0.0.1:`port` with exactly these headers and body.
 *
 * @example
 * await rawRequest({ port, headers: { host: 'attacker.example' } }); // { status: 403, body: '…' }
 */
export function rawRequest(options: {
  port: number;
  method?: string;
  path?: string;
  headers: OutgoingHttpHeaders;
  body?: string;
}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({
      host: '127.0.0.1',
      port: options.port,
      method: options.method ?? 'GET',
      path: options.path ?? '/',
      headers: options.headers,
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    request.on('error', reject);
    request.end(options.body);
  });
}
