import { describe, expect, it } from 'vitest';
import { MemoryRuleGroup } from '../../../shared/adapters/memory/memory-rule-group.ts';
import type {
  AllowlistRuleGroup,
  RuleGroupSnapshot,
} from '../../../shared/app/ports/allowlist-rule-group.ts';
import { recentDescriptions } from '../../../shared/app/recent-rule-group.ts';
import { RuleGroupError } from '../../../shared/domain/errors.ts';

/** A clock the test moves. */
function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('recentDescriptions', () => {
  it('hands out one description until it is maxAge old, then describes again and sees changes', async () => {
    const group = new MemoryRuleGroup({ targets: ['api.example.com'] });
    const time = clock();
    const recent = recentDescriptions(group, { maxAgeMs: 15_000, now: time.now });

    const first = await recent.describe();
    await group.replaceTargets(first, ['api.example.com', 'new.example.org']);
    time.advance(14_999);
    const stillKept = await recent.describe();
    time.advance(1);
    const fresh = await recent.describe();

    expect(stillKept).toBe(first);
    expect(stillKept.targets).toEqual(['api.example.com']);
    expect(fresh.targets).toEqual(['api.example.com', 'new.example.org']);
    expect(group.describeCalls).toBe(2);
  });

  it('shares a description under way among the callers that come meanwhile', async () => {
    const group = new MemoryRuleGroup({ targets: ['api.example.com'] });
    const recent = recentDescriptions(group, { maxAgeMs: 15_000, now: clock().now });

    const answers = await Promise.all([recent.describe(), recent.describe(), recent.describe()]);

    expect(new Set(answers).size).toBe(1);
    expect(group.describeCalls).toBe(1);
  });

  it('describes on every call with maxAge 0, and again when the clock goes back', async () => {
    const group = new MemoryRuleGroup();
    const time = clock();
    const never = recentDescriptions(group, { maxAgeMs: 0, now: time.now });
    await never.describe();
    await never.describe();
    const kept = recentDescriptions(group, { maxAgeMs: 15_000, now: time.now });
    await kept.describe();
    time.advance(-1);
    await kept.describe();

    expect(group.describeCalls).toBe(4);
  });

  it('keeps no failure: the caller sees it and the next call asks again', async () => {
    const group = new MemoryRuleGroup({ targets: ['api.example.com'] });
    let failNext = true;
    const flaky: Pick<AllowlistRuleGroup, 'describe'> = {
      describe(): Promise<RuleGroupSnapshot> {
        if (failNext) {
          failNext = false;
          return Promise.reject(new RuleGroupError('throttled'));
        }
        return group.describe();
      },
    };
    const recent = recentDescriptions(flaky, { maxAgeMs: 15_000, now: clock().now });

    await expect(recent.describe()).rejects.toThrow('throttled');
    const after = await recent.describe();

    expect(after.targets).toEqual(['api.example.com']);
    expect(group.describeCalls).toBe(1);
  });
});
