import { describe, expect, it } from 'vitest';
import { MemoryRuleGroup } from '../../../shared/adapters/memory/memory-rule-group.ts';
import { RuleGroupConflictError, RuleGroupRejectedError } from '../../../shared/domain/errors.ts';

describe('MemoryRuleGroup', () => {
  it('replaces the targets and issues a new token that the next describe shows', async () => {
    // Prepare
    const group = new MemoryRuleGroup({ targets: ['a.example.com'], capacity: 100 });
    const snapshot = await group.describe();

    // Act
    const token = await group.replaceTargets(snapshot, ['a.example.com', '.example.org']);

    // Assess
    const after = await group.describe();
    expect(token).not.toBe(snapshot.updateToken);
    expect(after).toMatchObject({
      targets: ['a.example.com', '.example.org'],
      updateToken: token,
      consumedCapacity: 6,
    });
    expect(group.describeCalls).toBe(2);
    expect(group.updateCalls).toBe(1);
  });

  it('refuses a stale token and keeps the targets', async () => {
    const group = new MemoryRuleGroup({ targets: ['a.example.com'] });
    const stale = await group.describe();
    await group.replaceTargets(stale, ['b.example.com']);

    await expect(group.replaceTargets(stale, ['c.example.com'])).rejects.toThrow(RuleGroupConflictError);
    expect(group.targets).toEqual(['b.example.com']);
  });

  it('refuses an update over capacity and changes nothing, token included', async () => {
    // 2 types, allowlist: 49 targets need 100 units, 50 need 102.
    const group = new MemoryRuleGroup({ targets: [], capacity: 100 });
    const snapshot = await group.describe();
    const fifty = Array.from({ length: 50 }, (_, index) => `host-${index}.example.com`);

    await expect(group.replaceTargets(snapshot, fifty)).rejects.toThrow(RuleGroupRejectedError);
    expect(group.targets).toEqual([]);
    expect(group.updateToken).toBe(snapshot.updateToken);
    await expect(group.replaceTargets(snapshot, fifty.slice(0, 49))).resolves.toBeTypeOf('string');
  });

  it('loses one race when told to, applying the concurrent change, then accepts a retry', async () => {
    const group = new MemoryRuleGroup({ targets: ['a.example.com'] });
    group.conflictOnce(['a.example.com', 'someone-else.example.com']);
    const first = await group.describe();

    await expect(group.replaceTargets(first, ['a.example.com', 'mine.example.com'])).rejects.toThrow(
      RuleGroupConflictError,
    );
    const retry = await group.describe();
    await group.replaceTargets(retry, [...retry.targets, 'mine.example.com']);

    expect(retry.targets).toEqual(['a.example.com', 'someone-else.example.com']);
    expect(group.targets).toEqual(['a.example.com', 'someone-else.example.com', 'mine.example.com']);
    expect(group.updateCalls).toBe(2);
  });

  it('sees a change made outside egress-scout as a new token', async () => {
    const group = new MemoryRuleGroup({ targets: ['a.example.com'] });
    const before = await group.describe();

    group.changeOutOfBand(['console.example.com']);

    await expect(group.replaceTargets(before, [])).rejects.toThrow(RuleGroupConflictError);
    expect((await group.describe()).targets).toEqual(['console.example.com']);
  });
});
