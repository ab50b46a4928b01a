import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DynamoEntryStore } from '../../shared/adapters/dynamodb/dynamo-entry-store.ts';
import {
  type LambdaHttpHandler,
  type LocalApiServer,
  type LocalApiServerOptions,
  startLocalApiServer,
} from '../../shared/adapters/local/local-api-server.ts';
import type { ApiGatewayEvent } from '../../shared/http/http-message.ts';
import type { ErrorLogger } from '../../shared/http/middleware.ts';
import { jsonResponse } from '../../shared/http/responses.ts';
import { createRouter } from '../../shared/http/router.ts';
import { createTestTable } from '../support/dynamodb.ts';
import { loadSample, PROMOTED } from '../support/inventory-sample.ts';
import { startLocalRuleGroup } from '../support/local-rule-group.ts';
import { type RawResponse, rawRequest } from '../support/raw-http.ts';

const servers: LocalApiServer[] = [];

afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

async function serve<D>(options: LocalApiServerOptions<D>): Promise<LocalApiServer> {
  const server = await startLocalApiServer(options);
  servers.push(server);
  return server;
}

/** A handler that answers with the event and context it was given. */
function echoHandler(seen: { event?: ApiGatewayEvent; context?: Context }): LambdaHttpHandler {
  return async (event, context) => {
    seen.event = event;
    seen.context = context;
    return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{}' };
  };
}

describe('startLocalApiServer', () => {
  it('serves the Lambda’s own handler module over HTTP', async () => {
    const table = await createTestTable();
    await loadSample(
      table.store,
      new DynamoEntryStore({ client: table.documentClient, tableName: table.tableName }),
    );
    vi.stubEnv('TABLE_NAME', table.tableName);
    vi.stubEnv('DYNAMODB_ENDPOINT', table.endpoint);
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
    const secretFile = join(mkdtempSync(join(tmpdir(), 'egress-scout-api-')), 'approval-secret');
    writeFileSync(secretFile, randomBytes(32).toString('base64'));
    vi.stubEnv('APPROVAL_SECRET_FILE', secretFile);
    vi.stubEnv('APPROVAL_BASE_URL', 'http://127.0.0.1:3000');
    // The listing names the allowlist target covering each hostname: the handler reads the rule group.
    const allowlist = await startLocalRuleGroup(PROMOTED);
    vi.stubEnv('RULE_GROUP_ARN', allowlist.ruleGroupArn);
    vi.stubEnv('NETWORK_FIREWALL_ENDPOINT', allowlist.endpoint);
    vi.stubEnv('TOPIC_ARN', 'arn:aws:sns:us-east-1:123456789012:unused-here');
    const { handler } = await import('../../functions/api/handler.ts');
    const server = await serve({ handler });

    const list = await fetch(`${server.url}/hostnames?status=promoted&sort=hostname`);
    const missing = await fetch(`${server.url}/hostnames/never.example.com`);
    await allowlist.stop();

    expect(list.status).toBe(200);
    const body = (await list.json()) as { items: { hostname: string; coveredBy: string | null }[] };
    expect(body.items.map((i) => [i.hostname, i.coveredBy])).toEqual([
      ['api.github.com', 'api.github.com'],
      ['svc-3.team-3.example.com', 'svc-3.team-3.example.com'],
      ['svc-40.team-0.example.com', 'svc-40.team-0.example.com'],
    ]);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('listens on 127.0.0.1 on a free port unless told otherwise', async () => {
    const server = await serve({ handler: echoHandler({}) });

    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.port).toBeGreaterThan(0);
  });

  it('hands the handler an API Gateway v2 event with a request ID and a counting-down context', async () => {
    const seen: { event?: ApiGatewayEvent; context?: Context } = {};
    const server = await serve({ handler: echoHandler(seen), timeoutMs: 10_000 });

    await fetch(`${server.url}/hostnames/a%2Eb?q=x&q=y`, {
      headers: { 'X-Custom': 'Value', cookie: 'a=1; b=2', 'user-agent': 'test-agent' },
    });

    expect(seen.event).toMatchObject({
      version: '2.0',
      rawPath: '/hostnames/a%2Eb',
      rawQueryString: 'q=x&q=y',
      queryStringParameters: { q: 'x,y' },
      cookies: ['a=1', 'b=2'],
      headers: { 'x-custom': 'Value', 'user-agent': 'test-agent' },
      requestContext: {
        http: { method: 'GET', sourceIp: '127.0.0.1', userAgent: 'test-agent' },
        stage: '$default',
      },
      isBase64Encoded: false,
    });
    expect(seen.event?.headers.cookie).toBeUndefined();
    expect(seen.event?.requestContext.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen.context?.awsRequestId).toBe(seen.event?.requestContext.requestId);
    expect(seen.context?.getRemainingTimeInMillis()).toBeGreaterThan(9000);
  });

  it('passes a binary body base64-encoded and writes back status, headers, cookies and a base64 body', async () => {
    const seen: { event?: ApiGatewayEvent } = {};
    const server = await serve({
      handler: async (event) => {
        seen.event = event;
        return {
          statusCode: 201,
          headers: { 'Content-Type': 'application/octet-stream' },
          cookies: ['a=1; HttpOnly', 'b=2; Secure'],
          body: Buffer.from([1, 2, 250]).toString('base64'),
          isBase64Encoded: true,
        };
      },
    });

    const response = await fetch(`${server.url}/upload`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: new Uint8Array([0, 255]),
    });

    expect(seen.event).toMatchObject({ body: 'AP8=', isBase64Encoded: true });
    expect(response.status).toBe(201);
    expect(response.headers.getSetCookie()).toEqual(['a=1; HttpOnly', 'b=2; Secure']);
    expect([...new Uint8Array(await response.arrayBuffer())]).toEqual([1, 2, 250]);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers 413 to a body over the limit without calling the handler', async () => {
    let called = false;
    const server = await serve({
      handler: async () => {
        called = true;
        return { statusCode: 200, body: '' };
      },
      maxBodyBytes: 1024,
    });

    const response = await fetch(`${server.url}/hostnames`, { method: 'POST', body: 'x'.repeat(2048) });

    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
    expect(called).toBe(false);
  });

  it('answers 504 when the handler is slower than the timeout', async () => {
    const router = createRouter<null>([
      {
        method: 'GET',
        path: '/slow',
        handle: async () => {
          await sleep(2000);
          return jsonResponse(200, { late: true });
        },
      },
    ]);
    const logged: Record<string, unknown>[] = [];
    const server = await serve({
      router,
      deps: null,
      timeoutMs: 200,
      logger: { error: (_message, details) => logged.push(details) },
    });
    const started = Date.now();

    const response = await fetch(`${server.url}/slow`);

    expect(response.status).toBe(504);
    expect(await response.json()).toEqual({
      error: { code: 'timeout', message: 'The request took too long to answer' },
    });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(logged[0]?.error).toMatchObject({ name: 'TimeoutError' });
  });

  it('answers 500 without details when a handler throws, and logs the error', async () => {
    const logged: Record<string, unknown>[] = [];
    const logger: ErrorLogger = { error: (_message, details) => logged.push(details) };
    const server = await serve({
      handler: async () => {
        throw new Error('database password is hunter2');
      },
      logger,
    });

    const response = await fetch(`${server.url}/anything`);
    const body = await response.text();

    expect(response.status).toBe(500);
    expect(body).not.toContain('hunter2');
    expect(response.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
    expect(logged).toHaveLength(1);
    expect(logged[0]?.error).toMatchObject({ message: 'database password is hunter2' });
  });

  it('refuses a request addressed to another name (DNS rebinding) without calling the handler', async () => {
    const seen: { event?: ApiGatewayEvent } = {};
    const server = await serve({ handler: echoHandler(seen) });

    const rebound = await requestWithHost(server, `attacker.example:${server.port}`);
    const spoofedSuffix = await requestWithHost(server, `localhost.attacker.example:${server.port}`);

    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body)).toEqual({
      error: {
        code: 'host_not_allowed',
        message: 'this server answers only requests addressed to localhost, 127.0.0.1, [::1]',
      },
    });
    expect(spoofedSuffix.status).toBe(403);
    expect(seen.event).toBeUndefined();
    for (const host of [`localhost:${server.port}`, `127.0.0.1:${server.port}`, `LOCALHOST:${server.port}`]) {
      expect((await requestWithHost(server, host)).status).toBe(200);
    }
    expect(seen.event?.requestContext.domainName).toBe(`LOCALHOST:${server.port}`);
  });

  it('answers any name on a non-loopback address, and only the names it is given when given some', async () => {
    const everywhere = await serve({ handler: echoHandler({}), host: '0.0.0.0' });
    const named = await serve({ handler: echoHandler({}), allowedHosts: ['egress.internal'] });

    expect((await requestWithHost(everywhere, `egress.internal:${everywhere.port}`)).status).toBe(200);
    expect((await requestWithHost(named, `egress.internal:${named.port}`)).status).toBe(200);
    expect((await requestWithHost(named, `localhost:${named.port}`)).status).toBe(403);
  });

  it('stops promptly, closing idle keep-alive connections', async () => {
    const server = await startLocalApiServer({ handler: echoHandler({}) });
    await (await fetch(`${server.url}/warm`, { headers: { connection: 'keep-alive' } })).text();
    const started = Date.now();

    await server.stop();

    expect(Date.now() - started).toBeLessThan(1000);
    await expect(fetch(`${server.url}/after`)).rejects.toThrow();
  });
});

/** A GET of `/` with the Host header given (fetch does not let a caller set it). */
function requestWithHost(server: LocalApiServer, host: string): Promise<RawResponse> {
  return rawRequest({ port: server.port, headers: { host } });
}
