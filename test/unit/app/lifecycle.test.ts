import { describe, expect, it } from 'vitest';
import { decideByLink, decideEntry, viewApproval } from '../../../shared/app/lifecycle/decide.ts';
import { expireUnused } from '../../../shared/app/lifecycle/expire-unused.ts';
import { promoteApproved } from '../../../shared/app/lifecycle/promote-approved.ts';
import { requestApprovals } from '../../../shared/app/lifecycle/request-approvals.ts';
import { runPromote } from '../../../shared/app/lifecycle/run-promote.ts';
import { signToken } from '../../../shared/domain/approval-token.ts';
import { DEFAULT_POLICY } from '../../../shared/domain/recommendation.ts';
import {
  DAY,
  type LifecycleFixture,
  lifecycleFixture,
  type Sighting,
  tokenOf,
} from '../../support/lifecycle-fixture.ts';

const WEEK = [1, 2, 3, 4, 5, 6, 7, 8];
const GITHUB: Sighting = { hostname: 'api.github.com', days: WEEK };
const RARE: Sighting = { hostname: 'once.example.org', days: [9], hitsPerDay: 3 };
const IP_DIRECT: Sighting = { hostname: '52.1.2.3', days: WEEK };

async function pendingLink(fixture: LifecycleFixture, target: string): Promise<string> {
  const result = await requestApprovals(fixture.deps);
  const link = result.pending.find((p) => p.target === target)?.link;
  if (link === undefined) throw new Error(`${target} was not asked about`);
  return tokenOf(link);
}

describe('requesting approvals', () => {
  it('asks about hostnames with enough evidence, in one digest with evidence and a link each', async () => {
    const fixture = lifecycleFixture();
    await fixture.ingest([GITHUB, RARE, IP_DIRECT, { hostname: 'registry.npmjs.org', days: WEEK }]);

    const result = await requestApprovals(fixture.deps);

    expect(result.pending.map((p) => p.target)).toEqual(['api.github.com', 'registry.npmjs.org']);
    expect(fixture.notifier.published).toHaveLength(1);
    const digest = fixture.notifier.published[0];
    expect(digest?.subject).toBe('egress-scout: 2 allowlist entries to review');
    expect(digest?.message).toContain('* api.github.com');
    expect(digest?.message).toMatch(/hits: 40 in the last 14 days/);
    expect(digest?.message).toContain('days seen: 8 of 14');
    expect(digest?.message).toContain(result.pending[0]?.link);
    expect((await fixture.inventory.getHostname('api.github.com'))?.status).toBe('pending');
    expect((await fixture.inventory.getHostname('52.1.2.3'))?.status).toBe('observed');
  });

  it('does not ask twice about the same entry', async () => {
    const fixture = lifecycleFixture();
    await fixture.ingest([GITHUB]);

    await requestApprovals(fixture.deps);
    const second = await requestApprovals(fixture.deps);

    expect(second.pending).toEqual([]);
    expect(fixture.notifier.published).toHaveLength(1);
  });

  it('suggests a wildcard for hostnames sharing a registrable domain, listing what it covers', async () => {
    const fixture = lifecycleFixture();
    await fixture.ingest([
      { hostname: 'api.example.com', days: WEEK },
      { hostname: 'cdn.example.com', days: [8] },
      { hostname: 'auth.example.com', days: [7] },
    ]);

    const result = await requestApprovals(fixture.deps);

    expect(result.pending.map((p) => [p.target, p.hostnames])).toEqual([
      ['.example.com', ['api.example.com', 'auth.example.com', 'cdn.example.com']],
      ['api.example.com', ['api.example.com']],
    ]);
    expect(fixture.notifier.published[0]?.message).toContain(
      'covers: api.example.com, auth.example.com, cdn.example.com',
    );
  });

  it('never suggests a wildcard over a too-broad cloud domain', async () => {
    const fixture = lifecycleFixture();
    await fixture.ingest(
      ['sts.amazonaws.com', 'iam.amazonaws.com', 'route53.amazonaws.com'].map((hostname) => ({
        hostname,
        days: WEEK,
      })),
    );

    const result = await requestApprovals(fixture.deps);

    expect(result.pending.map((p) => p.target)).toEqual([
      'iam.amazonaws.com',
      'route53.amazonaws.com',
      'sts.amazonaws.com',
    ]);
  });

  it('approves hostnames under a trusted suffix without asking, and says so', async () => {
    const fixture = lifecycleFixture({
      settings: { policy: { ...DEFAULT_POLICY, trustedSuffixes: ['github.com'] } },
    });
    await fixture.ingest([GITHUB]);

    const result = await requestApprovals(fixture.deps);

    expect(result).toEqual({ pending: [], autoApproved: ['api.github.com'] });
    expect((await fixture.entries.getHistory('api.github.com')).map((h) => [h.to, h.by])).toEqual([
      ['candidate', 'policy:recommend'],
      ['approved', 'policy:trusted-suffix'],
    ]);
    expect(fixture.notifier.published[0]?.subject).toBe(
      'egress-scout: 1 allowlist entries approved by policy',
    );
  });

  it('changes nothing in a dry run', async () => {
    const fixture = lifecycleFixture();
    await fixture.ingest([GITHUB]);

    const result = await requestApprovals(fixture.deps, { dryRun: true });

    expect(result.pending.map((p) => p.target)).toEqual(['api.github.com']);
    expect(result.pending[0]?.link).toBeUndefined();
    expect(await fixture.entries.getEntries(['api.github.com'])).toEqual(new Map());
    expect(fixture.notifier.published).toEqual([]);
  });
});

describe('deciding from an approval link', () => {
  it('shows the entry as often as it is opened and changes nothing', async () => {
    const fixture = lifecycleFixture();
    await fixture.ingest([GITHUB]);
    const token = await pendingLink(fixture, 'api.github.com');
    const before = await fixture.entries.getEntries(['api.github.com']);

    const first = await viewApproval(fixture.deps, token);
    const second = await viewApproval(fixture.deps, token);

    expect(first).toMatchObject({ ok: true, entry: { target: 'api.github.com', status: 'pending' } });
    expect(second).toEqual(first);
    expect(await fixture.entries.getEntries(['api.github.com'])).toEqual(before);
  });

  it('approves once; the link then refuses, and a confirmation is sent', async () => {
    const fixture = lifecycleFixture();
    await fixture.ingest([GITHUB]);
    const token = await pendingLink(fixture, 'api.github.com');

    const decided = await decideByLink(fixture.deps, { token, decision: 'approve', by: 'approval link' });
    const reused = await decideByLink(fixture.deps, { token, decision: 'reject', by: 'approval link' });

    expect(decided).toMatchObject({ ok: true, entry: { status: 'approved', decidedBy: 'approval link' } });
    expect(reused).toMatchObject({ ok: false, reason: 'already_decided' });
    expect((await fixture.entries.getEntries(['api.github.com'])).get('api.github.com')?.status).toBe(
      'approved',
    );
    expect(fixture.notifier.published.map((n) => n.subject)).toContain(
      'egress-scout: api.github.com approved',
    );
  });

  it('refuses forged, expired, superseded and unknown-entry tokens without changing anything', async () => {
    const fixture = lifecycleFixture();
    await fixture.ingest([GITHUB]);
    const token = await pendingLink(fixture, 'api.github.com');
    const [version, body, signature] = token.split('.') as [string, string, string];
    const forged = `${version}.${body}.${signature.slice(0, -2)}AA`;
    const otherEntry = signToken(fixture.deps.settings.approvalSecret, {
      target: 'never.example.com',
      scope: 'decide',
      nonce: 'n',
      expiresAt: fixture.clock.now + DAY,
    });
    const staleNonce = signToken(fixture.deps.settings.approvalSecret, {
      target: 'api.github.com',
      scope: 'decide',
      nonce: 'an-older-request',
      expiresAt: fixture.clock.now + DAY,
    });

    const outcomes = {
      forged: await decideByLink(fixture.deps, { token: forged, decision: 'approve', by: 'x' }),
      garbage: await decideByLink(fixture.deps, { token: 'not-a-token', decision: 'approve', by: 'x' }),
      unknown: await decideByLink(fixture.deps, { token: otherEntry, decision: 'approve', by: 'x' }),
      superseded: await decideByLink(fixture.deps, { token: staleNonce, decision: 'approve', by: 'x' }),
    };
    fixture.clock.now += 73 * 3_600_000;
    const expired = await decideByLink(fixture.deps, { token, decision: 'approve', by: 'x' });

    expect(outcomes.forged).toEqual({ ok: false, reason: 'forged' });
    expect(outcomes.garbage).toEqual({ ok: false, reason: 'malformed' });
    expect(outcomes.unknown).toEqual({ ok: false, reason: 'unknown_entry' });
    expect(outcomes.superseded).toMatchObject({ ok: false, reason: 'superseded' });
    expect(expired).toEqual({ ok: false, reason: 'expired' });
    expect((await fixture.entries.getEntries(['api.github.com'])).get('api.github.com')?.status).toBe(
      'pending',
    );
  });

  it('lets a wildcard approval carry the open entries it covers', async () => {
    const fixture = lifecycleFixture();
    await fixture.ingest([
      { hostname: 'api.example.com', days: WEEK },
      { hostname: 'cdn.example.com', days: WEEK },
      { hostname: 'auth.example.com', days: [7] },
    ]);
    const token = await pendingLink(fixture, '.example.com');

    const decided = await decideByLink(fixture.deps, { token, decision: 'approve', by: 'alice' });
    const promote = await promoteApproved(fixture.deps);

    expect(decided).toMatchObject({ ok: true, alsoApproved: ['api.example.com', 'cdn.example.com'] });
    expect(fixture.ruleGroup.targets).toEqual(['.example.com']);
    expect(promote.promoted.sort()).toEqual(['.example.com', 'api.example.com', 'cdn.example.com']);
    const api = (await fixture.entries.getEntries(['api.example.com'])).get('api.example.com');
    expect(api).toMatchObject({ status: 'promoted', coveredBy: '.example.com' });
  });

  it('snoozes and rejects through the authenticated API twin', async () => {
    const fixture = lifecycleFixture();
    await fixture.ingest([GITHUB, { hostname: 'registry.npmjs.org', days: WEEK }]);
    await requestApprovals(fixture.deps);

    const snoozed = await decideEntry(fixture.deps, {
      target: 'api.github.com',
      decision: 'snooze',
      by: 'arn:aws:iam::1:user/bob',
    });
    const rejected = await decideEntry(fixture.deps, {
      target: 'registry.npmjs.org',
      decision: 'reject',
      by: 'arn:aws:iam::1:user/bob',
    });
    const unknown = await decideEntry(fixture.deps, {
      target: 'nope.example.com',
      decision: 'approve',
      by: 'bob',
    });

    expect(snoozed).toMatchObject({
      ok: true,
      entry: { status: 'snoozed', snoozedUntil: fixture.clock.now + 7 * DAY },
    });
    expect(rejected).toMatchObject({ ok: true, entry: { status: 'rejected' } });
    expect(unknown).toEqual({ ok: false, reason: 'unknown_entry' });
    fixture.clock.now += 8 * DAY;
    await fixture.ingest([
      { hostname: 'api.github.com', days: [15, 16, 17] },
      { hostname: 'registry.npmjs.org', days: [15, 16, 17] },
    ]);
    const again = await requestApprovals(fixture.deps);
    expect(again.pending.map((p) => p.target)).toEqual(['api.github.com']);
  });
});

describe('promoting approved entries', () => {
  async function approved(fixture: LifecycleFixture, ...sightings: Sighting[]) {
    await fixture.ingest(sightings);
    const result = await requestApprovals(fixture.deps);
    for (const pending of result.pending) {
      await decideByLink(fixture.deps, { token: tokenOf(pending.link), decision: 'approve', by: 'alice' });
    }
  }

  it('adds approved entries with one describe and one update, and notifies what was promoted', async () => {
    const fixture = lifecycleFixture({ ruleGroup: { targets: ['egress-scout.invalid'] } });
    await approved(fixture, GITHUB, { hostname: 'registry.npmjs.org', days: WEEK });

    const result = await promoteApproved(fixture.deps);

    expect(result).toMatchObject({
      promoted: ['api.github.com', 'registry.npmjs.org'],
      added: ['api.github.com', 'registry.npmjs.org'],
      describeCalls: 1,
      updateCalls: 1,
      drift: { unmanaged: [], missing: [] },
      capacity: { used: 8, total: 1000 },
    });
    expect(fixture.ruleGroup.targets).toEqual([
      'egress-scout.invalid',
      'api.github.com',
      'registry.npmjs.org',
    ]);
    expect(fixture.notifier.published.at(-1)?.subject).toBe('egress-scout: 2 allowlist entries promoted');
  });

  it('redoes the change from a fresh describe when someone else changed the group first', async () => {
    const fixture = lifecycleFixture();
    await approved(fixture, GITHUB);
    fixture.ruleGroup.conflictOnce(['added.by.someone.example']);

    const result = await promoteApproved(fixture.deps);

    expect(fixture.ruleGroup.targets).toEqual(['added.by.someone.example', 'api.github.com']);
    expect(result).toMatchObject({
      describeCalls: 2,
      updateCalls: 2,
      drift: { unmanaged: ['added.by.someone.example'] },
    });
  });

  it('never adds a target twice, and leaves one it did not add out of its ledger', async () => {
    const fixture = lifecycleFixture({ ruleGroup: { targets: ['api.github.com'] } });
    await approved(fixture, GITHUB);

    const first = await promoteApproved(fixture.deps);
    const second = await promoteApproved(fixture.deps);

    expect(fixture.ruleGroup.targets).toEqual(['api.github.com']);
    expect(first).toMatchObject({ promoted: ['api.github.com'], added: [], updateCalls: 0 });
    expect(second.promoted).toEqual([]);
    expect(
      (await fixture.entries.getEntries(['api.github.com'])).get('api.github.com')?.addedToRuleGroup,
    ).toBe(false);
    expect(first.drift.unmanaged).toEqual(['api.github.com']);
  });

  it('changes nothing and warns when the new list would not fit', async () => {
    const fixture = lifecycleFixture({ ruleGroup: { targets: ['a.example.net'], capacity: 5 } });
    await approved(fixture, GITHUB, { hostname: 'registry.npmjs.org', days: WEEK });

    const result = await promoteApproved(fixture.deps);

    expect(fixture.ruleGroup.targets).toEqual(['a.example.net']);
    expect(fixture.ruleGroup.updateCalls).toBe(0);
    expect(result.notFitting).toEqual(['api.github.com', 'registry.npmjs.org']);
    expect(result.promoted).toEqual([]);
    const warning = fixture.notifier.published.find((n) => n.subject.includes('full'));
    expect(warning?.message).toContain('would need 8 of 5 capacity units');
    expect((await fixture.entries.getEntries(['api.github.com'])).get('api.github.com')?.status).toBe(
      'approved',
    );
  });

  it('warns when the group is 80 % full', async () => {
    const fixture = lifecycleFixture({ ruleGroup: { capacity: 7 } });
    await approved(fixture, GITHUB, { hostname: 'registry.npmjs.org', days: WEEK });

    const result = await promoteApproved(fixture.deps);

    expect(result.capacity).toEqual({ used: 6, total: 7, percentUsed: 85.7 });
    expect(result.warnings).toEqual([expect.stringContaining('uses 85.7% of its capacity')]);
  });

  it('reports drift once, not on every run', async () => {
    const fixture = lifecycleFixture();
    await approved(fixture, GITHUB);
    await promoteApproved(fixture.deps);
    fixture.ruleGroup.changeOutOfBand(['manual.example.com']);

    const first = await promoteApproved(fixture.deps);
    const published = fixture.notifier.published.length;
    const second = await promoteApproved(fixture.deps);

    expect(first.drift).toEqual({ unmanaged: ['manual.example.com'], missing: ['api.github.com'] });
    expect(second.drift).toEqual(first.drift);
    expect(fixture.notifier.published.length).toBe(published);
    expect(fixture.notifier.published.at(-1)?.subject).toBe(
      'egress-scout warning: drift in egress-scout-allowlist',
    );
  });

  it('shows in a dry run what would change, and changes nothing', async () => {
    const fixture = lifecycleFixture();
    await fixture.ingest([GITHUB]);

    const result = await runPromote(fixture.deps, { dryRun: true });

    expect(result.pending.map((p) => p.target)).toEqual(['api.github.com']);
    expect(fixture.ruleGroup.updateCalls).toBe(0);
    expect(fixture.notifier.published).toEqual([]);
  });
});

describe('expiring unused entries', () => {
  async function promoted(fixture: LifecycleFixture, ...sightings: Sighting[]) {
    await fixture.ingest(sightings);
    for (const pending of (await requestApprovals(fixture.deps)).pending) {
      await decideByLink(fixture.deps, { token: tokenOf(pending.link), decision: 'approve', by: 'alice' });
    }
    await promoteApproved(fixture.deps);
  }

  it('removes an entry unused for 30 days, marks it expired and notifies', async () => {
    const fixture = lifecycleFixture();
    await promoted(fixture, GITHUB, { hostname: 'registry.npmjs.org', days: WEEK });
    fixture.clock.now += 31 * DAY;
    await fixture.ingest([{ hostname: 'registry.npmjs.org', days: [40] }]);

    const result = await expireUnused(fixture.deps);

    expect(result).toEqual({ expired: ['api.github.com'], lapsed: [], warnings: [] });
    expect(fixture.ruleGroup.targets).toEqual(['registry.npmjs.org']);
    expect((await fixture.entries.getEntries(['api.github.com'])).get('api.github.com')?.status).toBe(
      'expired',
    );
    expect(fixture.notifier.published.at(-1)?.subject).toBe('egress-scout: 1 unused allowlist entry expired');
  });

  it('never removes a target egress-scout did not add', async () => {
    const fixture = lifecycleFixture({ ruleGroup: { targets: ['api.github.com'] } });
    await promoted(fixture, GITHUB, { hostname: 'registry.npmjs.org', days: WEEK });
    fixture.clock.now += 31 * DAY;
    await fixture.ingest([{ hostname: 'other.example.net', days: [40] }]);

    const result = await expireUnused(fixture.deps);

    expect(result.expired.sort()).toEqual(['api.github.com', 'registry.npmjs.org']);
    expect(fixture.ruleGroup.targets).toEqual(['api.github.com']);
  });

  it('removes nothing and warns when no allowed traffic is logged at all', async () => {
    const fixture = lifecycleFixture();
    await promoted(fixture, GITHUB);
    fixture.clock.now += 31 * DAY;
    await fixture.ingest([{ hostname: 'blocked.example.net', days: [40], action: 'blocked' }]);

    const result = await expireUnused(fixture.deps);

    expect(result.expired).toEqual([]);
    expect(result.warnings).toEqual([expect.stringContaining('no allowed traffic')]);
    expect(fixture.ruleGroup.targets).toEqual(['api.github.com']);
    expect(fixture.notifier.published.at(-1)?.subject).toBe(
      'egress-scout warning: expiry skipped: no allowed traffic is logged',
    );
  });

  it('lets approval requests lapse when their link expires', async () => {
    const fixture = lifecycleFixture();
    await fixture.ingest([GITHUB]);
    const token = await pendingLink(fixture, 'api.github.com');
    fixture.clock.now += 73 * 3_600_000;

    const result = await expireUnused(fixture.deps);

    expect(result.lapsed).toEqual(['api.github.com']);
    expect(await viewApproval(fixture.deps, token)).toMatchObject({ ok: false });
    expect(
      (await fixture.entries.getEntries(['api.github.com'])).get('api.github.com')?.approval,
    ).toBeUndefined();
  });
});
