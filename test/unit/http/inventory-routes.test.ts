import { describe, expect, it } from 'vitest';
import { BadRequestError, NotAcceptableError } from '../../../shared/domain/errors.ts';
import { parseHostnameQuery } from '../../../shared/http/inventory-routes.ts';

const parse = (query: Record<string, string>, headers: Record<string, string> = {}) =>
  parseHostnameQuery({ query, headers });

function refusedParameter(query: Record<string, string>): string | undefined {
  try {
    parse(query);
  } catch (error) {
    if (error instanceof BadRequestError) return error.parameter;
    throw error;
  }
  throw new Error(`${JSON.stringify(query)} was accepted`);
}

describe('parseHostnameQuery', () => {
  it('defaults to the 50 most recently seen hostnames, as JSON', () => {
    expect(parse({})).toEqual({
      query: {
        filters: {
          status: undefined,
          firewall: undefined,
          availabilityZone: undefined,
          kind: undefined,
          q: undefined,
          suffix: undefined,
        },
        sort: 'lastSeen',
        order: 'desc',
        limit: 50,
        cursor: undefined,
      },
      format: 'json',
    });
  });

  it('orders by hits most first, and by hostname A to Z, unless told otherwise', () => {
    expect(parse({ sort: 'hits' }).query.order).toBe('desc');
    expect(parse({ sort: 'hostname' }).query.order).toBe('asc');
    expect(parse({ sort: 'hostname', order: 'desc' }).query.order).toBe('desc');
  });

  it('reads every filter, normalising the hostname ones', () => {
    const { query } = parse({
      status: 'promoted',
      firewall: 'egress-a',
      az: 'us-east-1a',
      kind: 'domain',
      q: 'API',
      suffix: '.Example.COM',
      limit: '500',
    });

    expect(query.filters).toEqual({
      status: 'promoted',
      firewall: 'egress-a',
      availabilityZone: 'us-east-1a',
      kind: 'domain',
      q: 'api',
      suffix: 'example.com',
    });
    expect(query.limit).toBe(500);
  });

  it('takes an empty value as no value, as an HTML form sends a blank field', () => {
    expect(parse({ status: '', q: '', limit: '', sort: '' }).query).toMatchObject({
      sort: 'lastSeen',
      limit: 50,
      filters: { status: undefined, q: undefined },
    });
  });

  it('answers CSV for format=csv or an Accept header preferring it, format winning', () => {
    expect(parse({ format: 'csv' }).format).toBe('csv');
    expect(parse({}, { accept: 'text/csv' }).format).toBe('csv');
    expect(parse({ format: 'json' }, { accept: 'text/csv' }).format).toBe('json');
    expect(() => parse({}, { accept: 'image/png' })).toThrow(NotAcceptableError);
  });

  it('refuses every malformed parameter with a 400 naming it', () => {
    const cases: [Record<string, string>, string][] = [
      [{ sort: 'size' }, 'sort'],
      [{ order: 'up' }, 'order'],
      [{ limit: '0' }, 'limit'],
      [{ limit: '501' }, 'limit'],
      [{ limit: 'abc' }, 'limit'],
      [{ limit: '1e2' }, 'limit'],
      [{ limit: '-1' }, 'limit'],
      [{ limit: '10.0' }, 'limit'],
      [{ status: 'approved,promoted' }, 'status'],
      [{ status: 'unknown' }, 'status'],
      [{ kind: 'cname' }, 'kind'],
      [{ q: 'a'.repeat(254) }, 'q'],
      [{ q: 'a\u0000b' }, 'q'],
      [{ suffix: 'not a domain' }, 'suffix'],
      [{ suffix: '.' }, 'suffix'],
      [{ format: 'xml' }, 'format'],
      [{ firewall: 'x'.repeat(129) }, 'firewall'],
      [{ stauts: 'promoted' }, 'stauts'],
      [{ page: '2' }, 'page'],
    ];
    for (const [query, parameter] of cases)
      expect(refusedParameter(query), JSON.stringify(query)).toBe(parameter);
  });

  it('accepts a q of exactly the longest hostname', () => {
    expect(parse({ q: 'a'.repeat(253) }).query.filters.q).toHaveLength(253);
  });
});
