import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  BadRequestError,
  InventoryStoreError,
  MethodNotAllowedError,
  NotFoundError,
} from '../../../shared/domain/errors.ts';
import { errorResponse } from '../../../shared/http/error-response.ts';
import type { ApiGatewayEvent, HttpResponse } from '../../../shared/http/http-message.ts';
import { type ErrorLogger, httpErrorHandler, securityHeaders } from '../../../shared/http/middleware.ts';
import { htmlResponse, jsonResponse } from '../../../shared/http/responses.ts';
import { eventJson } from '../../support/fixtures.ts';

function capturingLogger() {
  const lines: { message: string; details: Record<string, unknown> }[] = [];
  const logger: ErrorLogger = { error: (message, details) => lines.push({ message, details }) };
  return { logger, lines };
}

/** A handler wrapped the way the API wraps its router. */
function wrapped(answer: () => Promise<HttpResponse>, logger: ErrorLogger) {
  return middy(answer).use(securityHeaders()).use(httpErrorHandler({ logger }));
}

const event = eventJson<ApiGatewayEvent>('api/list-hostnames.apigw-v2.json');
const context = {} as Context;

describe('errorResponse', () => {
  it('answers a client error with its status, code, message and parameter', () => {
    const response = errorResponse(new BadRequestError('limit must be an integer', { parameter: 'limit' }));

    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body)).toEqual({
      error: { code: 'bad_request', message: 'limit must be an integer', parameter: 'limit' },
    });
  });

  it('names the allowed methods of a 405 in an Allow header', () => {
    const response = errorResponse(new MethodNotAllowedError('PUT', '/hostnames', ['GET', 'POST']));

    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe('GET, POST');
  });

  it('answers anything else with a 500 that says nothing of the error', () => {
    const cause = new Error('ResourceNotFoundException: table inventory-prod at arn:aws:dynamodb:…');
    const response = errorResponse(new InventoryStoreError(`reading failed: ${cause.message}`, { cause }));

    expect(response.statusCode).toBe(500);
    expect(JSON.parse(response.body)).toEqual({
      error: { code: 'internal_error', message: 'The server could not answer this request' },
    });
    expect(errorResponse(new TypeError('x is undefined')).body).not.toContain('undefined');
  });

  it('answers middy’s deadline with a 504', () => {
    const timeout = Object.assign(new Error('[AbortError]: The operation was aborted.'), {
      name: 'TimeoutError',
    });

    expect(errorResponse(timeout).statusCode).toBe(504);
  });
});

describe('httpErrorHandler and securityHeaders', () => {
  it('logs a 5xx with its stack, and answers without one', async () => {
    const { logger, lines } = capturingLogger();
    const failure = new Error('secret internals');
    const handler = wrapped(async () => {
      throw failure;
    }, logger);

    const response = await handler(event, context);

    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('secret internals');
    expect(response.body).not.toMatch(/\bat .*:\d+/);
    expect(lines).toEqual([
      { message: 'request failed', details: expect.objectContaining({ error: failure, path: '/hostnames' }) },
    ]);
  });

  it('does not log client errors', async () => {
    const { logger, lines } = capturingLogger();
    const handler = wrapped(async () => {
      throw new NotFoundError('nothing here');
    }, logger);

    const response = await handler(event, context);

    expect(response.statusCode).toBe(404);
    expect(lines).toEqual([]);
  });

  it('adds the security headers to answers and to errors alike', async () => {
    const { logger } = capturingLogger();
    const ok = await wrapped(async () => jsonResponse(200, { ok: true }), logger)(event, context);
    const failed = await wrapped(async () => {
      throw new Error('boom');
    }, logger)(event, context);

    for (const response of [ok, failed]) {
      expect(response.headers).toMatchObject({
        'content-type': 'application/json; charset=utf-8',
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
        'content-security-policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
      });
    }
  });

  it('gives HTML a strict page policy and keeps headers a route set itself', async () => {
    const { logger } = capturingLogger();
    const page = await wrapped(
      async () => htmlResponse(200, '<p>hi</p>', { 'Cache-Control': 'private' }),
      logger,
    )(event, context);

    expect(page.headers['content-security-policy']).toMatch(/^default-src 'none';.*form-action 'self'/);
    expect(page.headers['cache-control']).toBe('private');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
  });
});
