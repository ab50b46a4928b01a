import { describe, expect, it } from 'vitest';
import { NotAcceptableError } from '../../../shared/domain/errors.ts';
import { preferredType } from '../../../shared/http/content-negotiation.ts';

const OFFERED = ['application/json', 'text/csv'];

describe('preferredType', () => {
  it('gives the first offer when the client states no preference', () => {
    expect(preferredType(undefined, OFFERED)).toBe('application/json');
    expect(preferredType('', OFFERED)).toBe('application/json');
    expect(preferredType('*/*', OFFERED)).toBe('application/json');
  });

  it('gives what the client names, or prefers by q-value', () => {
    expect(preferredType('text/csv', OFFERED)).toBe('text/csv');
    expect(preferredType('TEXT/CSV; charset=utf-8', OFFERED)).toBe('text/csv');
    expect(preferredType('application/json;q=0.5, text/csv', OFFERED)).toBe('text/csv');
    expect(preferredType('text/csv;q=0.4, application/json;q=0.9', OFFERED)).toBe('application/json');
  });

  it('lets the most specific range decide, so a browser gets JSON', () => {
    expect(preferredType('text/html,application/xhtml+xml,*/*;q=0.8', OFFERED)).toBe('application/json');
    expect(preferredType('text/*, application/json;q=0.1', OFFERED)).toBe('text/csv');
    expect(preferredType('text/csv;q=0, */*', OFFERED)).toBe('application/json');
  });

  it('refuses with 406 when nothing offered is acceptable', () => {
    expect(() => preferredType('image/png', OFFERED)).toThrow(NotAcceptableError);
    expect(() => preferredType('application/json;q=0', OFFERED)).toThrow(NotAcceptableError);
    expect(() => preferredType('text/csv;q=banana', OFFERED)).toThrow(NotAcceptableError);
  });
});
