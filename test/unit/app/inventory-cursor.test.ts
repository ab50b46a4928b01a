import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, type HostnameQuery } from '../../../shared/app/query-inventory.ts';
import { BadRequestError } from '../../../shared/domain/errors.ts';

const byHits: HostnameQuery = { filters: { firewall: 'egress-a' }, sort: 'hits', order: 'desc', limit: 50 };
const byName: HostnameQuery = { filters: {}, sort: 'hostname', order: 'asc', limit: 50 };

function refusal(query: HostnameQuery, cursor: string): BadRequestError {
  try {
    decodeCursor(query, cursor);
  } catch (error) {
    if (error instanceof BadRequestError) return error;
    throw error;
  }
  throw new Error(`cursor ${cursor} was accepted`);
}

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('the hostname cursor', () => {
  it('round-trips a position of each sort as an opaque base64url string', () => {
    const hits = encodeCursor(byHits, { hostname: 'api.example.com', value: 1234 });
    const name = encodeCursor(byName, { hostname: 'api.example.com' });

    expect(hits).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(byHits, hits)).toEqual({ hostname: 'api.example.com', value: 1234 });
    expect(decodeCursor(byName, name)).toEqual({ hostname: 'api.example.com' });
  });

  it('serves the same query with another page size', () => {
    const cursor = encodeCursor(byHits, { hostname: 'a.example', value: 7 });

    expect(decodeCursor({ ...byHits, limit: 500 }, cursor)).toEqual({ hostname: 'a.example', value: 7 });
  });

  it('refuses a cursor of another query: other filters, sort or order', () => {
    const cursor = encodeCursor(byHits, { hostname: 'a.example', value: 7 });
    const others: HostnameQuery[] = [
      { ...byHits, filters: { firewall: 'egress-b' } },
      { ...byHits, filters: {} },
      { ...byHits, filters: { firewall: 'egress-a', q: 'a' } },
      { ...byHits, sort: 'lastSeen' },
      { ...byHits, order: 'asc' },
    ];

    for (const other of others) {
      const error = refusal(other, cursor);
      expect(error.parameter).toBe('cursor');
      expect(error.message).toMatch(/another query/);
    }
  });

  it('refuses anything this API did not write', () => {
    const fingerprint = JSON.parse(
      Buffer.from(encodeCursor(byHits, { hostname: 'a', value: 1 }), 'base64url').toString(),
    ).f;
    const forged = [
      '',
      'not a cursor!',
      'A'.repeat(1025),
      encode('just a string'),
      encode(null),
      encode([1, 2]),
      Buffer.from('{not json').toString('base64url'),
      encode({ f: fingerprint }),
      encode({ f: fingerprint, h: '', v: 1 }),
      encode({ f: fingerprint, h: 'a', v: '1' }),
      encode({ f: fingerprint, h: 'a', v: 1.5 }),
      encode({ f: fingerprint, h: 'a', v: -1 }),
      encode({ f: fingerprint, h: 'a', v: 1e16 }),
      encode({ f: fingerprint, h: 'a' }),
    ];

    for (const cursor of forged) expect(refusal(byHits, cursor).parameter, cursor).toBe('cursor');
  });

  it('refuses a sort value on a hostname-ordered query', () => {
    const fingerprint = JSON.parse(
      Buffer.from(encodeCursor(byName, { hostname: 'a' }), 'base64url').toString(),
    ).f;

    expect(refusal(byName, encode({ f: fingerprint, h: 'a', v: 3 })).parameter).toBe('cursor');
  });
});
