import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCoverageLookup, targetCovers } from '../../../shared/domain/lifecycle.ts';

/** Hostnames over a few labels, so that targets and hostnames often share suffixes. */
const hostname = fc
  .array(fc.constantFrom('a', 'b', 'api', 'example', 'com'), { minLength: 1, maxLength: 4 })
  .map((labels) => labels.join('.'));
const target = fc.tuple(fc.boolean(), hostname).map(([wildcard, name]) => (wildcard ? `.${name}` : name));

describe('buildCoverageLookup', () => {
  it('names the exact target first, then the most specific wildcard, and nothing for an uncovered name', () => {
    const coveredBy = buildCoverageLookup([
      '.example.com',
      '.api.example.com',
      'api.example.com',
      'github.com',
    ]);

    expect(coveredBy('api.example.com')).toBe('api.example.com');
    expect(coveredBy('v1.api.example.com')).toBe('.api.example.com');
    expect(coveredBy('example.com')).toBe('.example.com');
    expect(coveredBy('api.github.com')).toBeUndefined();
    expect(coveredBy('notexample.com')).toBeUndefined();
  });

  it('agrees with targetCovers on every hostname, and prefers the longest covering target', () => {
    fc.assert(
      fc.property(fc.array(target, { maxLength: 8 }), hostname, (targets, name) => {
        const covering = targets.filter((t) => targetCovers(t, name));

        const found = buildCoverageLookup(targets)(name);

        if (covering.length === 0) expect(found).toBeUndefined();
        else {
          expect(covering).toContain(found);
          const best = covering.includes(name) ? name : covering.sort((x, y) => y.length - x.length)[0];
          expect(found).toBe(best);
        }
      }),
    );
  });
});
