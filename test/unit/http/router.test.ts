import { describe, expect, it } from 'vitest';
import { BadRequestError, MethodNotAllowedError, NotFoundError } from '../../../shared/domain/errors.ts';
import type { HttpRequest } from '../../../shared/http/http-message.ts';
import { jsonResponse } from '../../../shared/http/responses.ts';
import { createRouter, type Route } from '../../../shared/http/router.ts';

function request(method: string, path: string): HttpRequest {
  return {
    method,
    path,
    query: {},
    headers: {},
    cookies: [],
    body: '',
    requestId: 'r',
    sourceIp: '127.0.0.1',
    caller: undefined,
  };
}

/** Each route answers with its own name and the parameters it received. */
const echo =
  (name: string): Route<{ tag: string }>['handle'] =>
  (req, deps) =>
    jsonResponse(200, { name, params: req.params, tag: deps.tag });

const routes: Route<{ tag: string }>[] = [
  { method: 'GET', path: '/hostnames', handle: echo('list') },
  { method: 'GET', path: '/hostnames/{hostname}', handle: echo('detail') },
  { method: 'GET', path: '/hostnames/export', handle: echo('export') },
  { method: 'POST', path: '/approvals/{token}', handle: echo('decide') },
  { method: 'GET', path: '/approvals/{token}', handle: echo('show') },
];
const router = createRouter(routes);
const deps = { tag: 'deps' };

async function bodyOf(path: string, method = 'GET') {
  return JSON.parse((await router(request(method, path), deps)).body);
}

describe('createRouter', () => {
  it('routes by method and path and hands the route its deps', async () => {
    expect(await bodyOf('/hostnames')).toEqual({ name: 'list', params: {}, tag: 'deps' });
    expect((await bodyOf('/approvals/t1', 'POST')).name).toBe('decide');
    expect((await bodyOf('/approvals/t1', 'GET')).name).toBe('show');
  });

  it('gives path parameters percent-decoded', async () => {
    expect((await bodyOf('/hostnames/b%C3%BCcher.de')).params).toEqual({ hostname: 'bücher.de' });
    expect((await bodyOf('/approvals/a%2Fb', 'POST')).params).toEqual({ token: 'a/b' });
  });

  it('prefers a literal segment over a parameter wherever they overlap', async () => {
    expect((await bodyOf('/hostnames/export')).name).toBe('export');
    expect((await bodyOf('/hostnames/exports')).name).toBe('detail');
  });

  it('answers 404 for a path no route serves, an empty parameter or a trailing slash', async () => {
    for (const path of ['/', '/nothing', '/hostnames/', '/hostnames/a/b', '/Hostnames']) {
      await expect(router(request('GET', path), deps), path).rejects.toBeInstanceOf(NotFoundError);
    }
  });

  it('answers 405 naming the allowed methods for a known path with another method', async () => {
    const refused = router(request('DELETE', '/approvals/t1'), deps);

    await expect(refused).rejects.toBeInstanceOf(MethodNotAllowedError);
    await expect(refused).rejects.toMatchObject({ status: 405, allow: ['GET', 'POST'] });
  });

  it('answers 400 naming the parameter for malformed percent-encoding', async () => {
    const refused = router(request('GET', '/hostnames/%E0%A4%A'), deps);

    await expect(refused).rejects.toBeInstanceOf(BadRequestError);
    await expect(refused).rejects.toMatchObject({ parameter: 'hostname' });
  });

  it('refuses a table with two routes for one method and path, or a parameter inside a segment', () => {
    expect(() =>
      createRouter([...routes, { method: 'GET', path: '/hostnames', handle: echo('again') }]),
    ).toThrow(/two routes for GET \/hostnames/);
    expect(() => createRouter([{ method: 'GET', path: '/files/{name}.csv', handle: echo('x') }])).toThrow(
      /whole segment/,
    );
  });
});
