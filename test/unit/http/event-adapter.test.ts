import { describe, expect, it } from 'vitest';
import { eventFromRequest, responseFromResult } from '../../../shared/adapters/local/local-api-server.ts';
import { type ApiGatewayEvent, requestFromEvent } from '../../../shared/http/http-message.ts';
import { eventJson } from '../../support/fixtures.ts';

const NOW = Date.parse('2026-11-23T10:00:00Z');

function raw(overrides: Partial<Parameters<typeof eventFromRequest>[0]> = {}) {
  return {
    method: 'get',
    url: '/hostnames',
    headers: { host: '127.0.0.1:8080' },
    httpVersion: '1.1',
    body: Buffer.alloc(0),
    sourceIp: '::ffff:127.0.0.1',
    requestId: 'req-1',
    now: NOW,
    ...overrides,
  };
}

describe('requestFromEvent', () => {
  it('reads an API Gateway v2 event into a request with lower-case headers and comma-joined parameters', () => {
    const event = eventJson<ApiGatewayEvent>('api/list-hostnames.apigw-v2.json');

    const request = requestFromEvent(event);

    expect(request).toEqual({
      method: 'GET',
      path: '/hostnames',
      query: { status: 'promoted', firewall: 'egress-a,egress-b', q: 'api' },
      headers: {
        accept: 'text/csv',
        host: 'abc123.execute-api.us-east-1.amazonaws.com',
        'user-agent': 'curl/8.5.0',
        'x-forwarded-for': '203.0.113.7',
      },
      cookies: ['session=abc', 'theme=dark'],
      body: '',
      requestId: 'JKJaXmPLvHcESHA=',
      sourceIp: '203.0.113.7',
    });
  });

  it('strips a named stage from the path, upper-cases the method and decodes a base64 body', () => {
    const event = eventJson<ApiGatewayEvent>('api/post-named-stage.apigw-v2.json');

    const request = requestFromEvent(event);

    expect(request.method).toBe('POST');
    expect(request.path).toBe('/approvals/abc%2Fdef');
    expect(request.body).toBe('decision=approve');
  });
});

describe('eventFromRequest', () => {
  it('builds the event API Gateway would: format 2.0, $default stage, request context', () => {
    const event = eventFromRequest(raw({ headers: { host: '127.0.0.1:8080', 'user-agent': 'vitest' } }));

    expect(event).toEqual({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/hostnames',
      rawQueryString: '',
      headers: { host: '127.0.0.1:8080', 'user-agent': 'vitest' },
      requestContext: {
        accountId: '123456789012',
        apiId: 'local',
        domainName: '127.0.0.1:8080',
        domainPrefix: '127',
        http: {
          method: 'GET',
          path: '/hostnames',
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
          userAgent: 'vitest',
        },
        requestId: 'req-1',
        routeKey: '$default',
        stage: '$default',
        time: '23/Nov/2026:10:00:00 +0000',
        timeEpoch: NOW,
      },
      isBase64Encoded: false,
    });
  });

  it('decodes query parameters, joining repeats with commas, and keeps the raw query string', () => {
    const event = eventFromRequest(
      raw({ url: '/hostnames?q=a%20b&firewall=x&firewall=y&suffix=.example.com' }),
    );

    expect(event.rawQueryString).toBe('q=a%20b&firewall=x&firewall=y&suffix=.example.com');
    expect(event.queryStringParameters).toEqual({ q: 'a b', firewall: 'x,y', suffix: '.example.com' });
  });

  it('keeps the path as sent, percent-escapes included', () => {
    expect(eventFromRequest(raw({ url: '/hostnames/b%C3%BCcher.de?days=3' })).rawPath).toBe(
      '/hostnames/b%C3%BCcher.de',
    );
  });

  it('moves cookies out of the headers and joins repeated headers with commas', () => {
    const event = eventFromRequest(
      raw({ headers: { host: 'h', cookie: 'a=1; b=2', 'x-forwarded-for': ['1.1.1.1', '2.2.2.2'] } }),
    );

    expect(event.cookies).toEqual(['a=1', 'b=2']);
    expect(event.headers).toEqual({ host: 'h', 'x-forwarded-for': '1.1.1.1,2.2.2.2' });
  });

  it('passes a text body as text and any other body base64-encoded', () => {
    const form = eventFromRequest(
      raw({
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: Buffer.from('decision=approve'),
      }),
    );
    const binary = eventFromRequest(
      raw({
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: Buffer.from([0, 255, 1]),
      }),
    );
    const badUtf8 = eventFromRequest(
      raw({ method: 'POST', headers: { 'content-type': 'text/plain' }, body: Buffer.from([0xc3, 0x28]) }),
    );

    expect(form).toMatchObject({ body: 'decision=approve', isBase64Encoded: false });
    expect(binary).toMatchObject({ body: 'AP8B', isBase64Encoded: true });
    expect(badUtf8).toMatchObject({ body: 'wyg=', isBase64Encoded: true });
  });

  it('round-trips through requestFromEvent to what a route sees', () => {
    const request = requestFromEvent(
      eventFromRequest(
        raw({
          method: 'POST',
          url: '/approvals/t?x=1',
          headers: { 'content-type': 'application/octet-stream', cookie: 'c=d' },
          body: Buffer.from('bytes'),
        }),
      ),
    );

    expect(request).toMatchObject({
      method: 'POST',
      path: '/approvals/t',
      query: { x: '1' },
      cookies: ['c=d'],
      body: 'bytes',
      requestId: 'req-1',
      sourceIp: '127.0.0.1',
    });
  });
});

describe('responseFromResult', () => {
  it('keeps a structured result, lower-casing header names', () => {
    expect(
      responseFromResult({ statusCode: 201, headers: { 'X-Thing': 1 }, body: 'ok', cookies: ['a=b'] }),
    ).toEqual({
      statusCode: 201,
      headers: { 'x-thing': '1' },
      body: 'ok',
      isBase64Encoded: false,
      cookies: ['a=b'],
    });
  });

  it('wraps a result without a status code as a 200 JSON body, as API Gateway does', () => {
    expect(responseFromResult({ hello: 'world' })).toMatchObject({
      statusCode: 200,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: '{"hello":"world"}',
    });
    expect(responseFromResult('"text"').body).toBe('"text"');
  });
});
