import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/domain/errors.ts';
import {
  CAPACITY_WARNING_PERCENT,
  capacityPercentUsed,
  checkDomainListFit,
  domainListCapacity,
  maxDomainListTargets,
} from '../../../shared/domain/rule-group-capacity.ts';

describe('domainListCapacity', () => {
  it.each([
    // AWS's TLS allowlist example: 2 targets, 1 type -> 2 pass rules + 1 closing drop.
    [2, 1, 'ALLOWLIST', 3],
    [100, 2, 'ALLOWLIST', 202],
    [0, 2, 'ALLOWLIST', 2],
    // AWS's deny-list example: 1 target, 2 types -> 2 drop rules, no closing rule.
    [1, 2, 'DENYLIST', 2],
    [10, 1, 'ALERTLIST', 10],
    [10, 2, 'REJECTLIST', 20],
  ] as const)(
    'counts %i targets over %i types of %s as %i units',
    (targetCount, targetTypeCount, type, expected) => {
      expect(domainListCapacity({ targetCount, targetTypeCount, generatedRulesType: type })).toBe(expected);
    },
  );

  it.each([-1, 1.5, Number.NaN])('refuses a target count of %s', (targetCount) => {
    expect(() =>
      domainListCapacity({ targetCount, targetTypeCount: 2, generatedRulesType: 'ALLOWLIST' }),
    ).toThrow(ValidationError);
  });
});

describe('maxDomainListTargets', () => {
  it.each([
    [1000, 2, 'ALLOWLIST', 499],
    [1000, 1, 'ALLOWLIST', 999],
    [1000, 2, 'DENYLIST', 500],
    [1, 2, 'ALLOWLIST', 0],
    [30_000, 2, 'ALLOWLIST', 14_999],
  ] as const)('fits %i capacity with %i types of %s to %i targets', (capacity, types, type, expected) => {
    expect(maxDomainListTargets(capacity, types, type)).toBe(expected);
  });

  it('is the largest count whose capacity fits', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30_000 }),
        fc.integer({ min: 1, max: 2 }),
        fc.constantFrom('ALLOWLIST', 'DENYLIST', 'ALERTLIST', 'REJECTLIST' as const),
        (capacity, targetTypeCount, generatedRulesType) => {
          const max = maxDomainListTargets(capacity, targetTypeCount, generatedRulesType);
          const needed = (targetCount: number) =>
            domainListCapacity({ targetCount, targetTypeCount, generatedRulesType });
          expect(needed(max) <= capacity || max === 0).toBe(true);
          expect(needed(max + 1)).toBeGreaterThan(capacity);
        },
      ),
    );
  });
});

describe('capacityPercentUsed', () => {
  it.each([
    [0, 1000, 0],
    [202, 1000, 20.2],
    [1, 3, 33.3],
    [1000, 1000, 100],
    [1500, 1000, 150],
  ])('says %i of %i is %s %%', (consumed, capacity, expected) => {
    expect(capacityPercentUsed(consumed, capacity)).toBe(expected);
  });
});

describe('checkDomainListFit', () => {
  it('reports a list well within capacity as fitting and not nearly full', () => {
    const fit = checkDomainListFit(1000, {
      targetCount: 100,
      targetTypeCount: 2,
      generatedRulesType: 'ALLOWLIST',
    });

    expect(fit).toEqual({
      required: 202,
      capacity: 1000,
      fits: true,
      headroom: 798,
      percentUsed: 20.2,
      nearlyFull: false,
    });
  });

  it(`warns from ${CAPACITY_WARNING_PERCENT} % on`, () => {
    const below = checkDomainListFit(1000, {
      targetCount: 398,
      targetTypeCount: 2,
      generatedRulesType: 'ALLOWLIST',
    });
    const at = checkDomainListFit(1000, {
      targetCount: 399,
      targetTypeCount: 2,
      generatedRulesType: 'ALLOWLIST',
    });

    expect(below).toMatchObject({ required: 798, nearlyFull: false });
    expect(at).toMatchObject({ required: 800, fits: true, nearlyFull: true });
  });

  it('reports a list one unit over capacity as not fitting, with negative headroom', () => {
    const fit = checkDomainListFit(1000, {
      targetCount: 500,
      targetTypeCount: 2,
      generatedRulesType: 'ALLOWLIST',
    });

    expect(fit).toMatchObject({ required: 1002, fits: false, headroom: -2, nearlyFull: false });
  });
});
