// The approval-link routes over real HTTP: opening changes nothing, one POST decides, bad tokens are refused.
import { afterEach, describe, expect, it } from 'vitest';
import { type LocalApiServer, startLocalApiServer } from '../../shared/adapters/local/local-api-server.ts';
import { requestApprovals } from '../../shared/app/lifecycle/request-approvals.ts';
import { signToken } from '../../shared/domain/approval-token.ts';
import { newEntry, transition } from '../../shared/domain/lifecycle.ts';
import { type ApiDeps, apiRouter } from '../../shared/http/api-routes.ts';
import { DAY, type LifecycleFixture, lifecycleFixture, tokenOf } from '../support/lifecycle-fixture.ts';

const GITHUB = { hostname: 'api.github.com', days: [1, 2, 3, 4, 5, 6, 7, 8] };

let server: LocalApiServer | undefined;

afterEach(async () => {
  await server?.stop();
  server = undefined;
});

/** A lifecycle with api.github.com pending, served over HTTP; returns its approval link on this server. */
async function servedApproval(): Promise<{ fixture: LifecycleFixture; link: string; url: string }> {
  const fixture = lifecycleFixture();
  await fixture.ingest([GITHUB]);
  const { pending } = await requestApprovals(fixture.deps);
  const deps: ApiDeps = {
    inventory: fixture.inventory,
    entries: fixture.entries,
    now: () => fixture.clock.now,
    lifecycle: fixture.deps,
  };
  server = await startLocalApiServer({ router: apiRouter, deps });
  const token = tokenOf(pending.find((p) => p.target === 'api.github.com')?.link);
  return { fixture, link: `${server.url}/approvals/${token}`, url: server.url };
}

function decide(link: string, decision: string, origin: string): Promise<Response> {
  return fetch(link, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
    body: new URLSearchParams({ decision }).toString(),
  });
}

async function statusOf(fixture: LifecycleFixture, target: string): Promise<string | undefined> {
  return (await fixture.entries.getEntries([target])).get(target)?.status;
}

describe('GET /approvals/{token}', () => {
  it('shows the same page however often it is opened, without script, and changes nothing', async () => {
    const { fixture, link } = await servedApproval();
    const published = fixture.notifier.published.length;

    const first = await fetch(link);
    const firstBody = await first.text();
    const second = await fetch(link);

    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/^text\/html/);
    // default-src 'none' and no script-src: the page can run no script at all.
    expect(first.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(first.headers.get('content-security-policy')).not.toContain('script-src');
    expect(firstBody).toContain('api.github.com');
    expect(firstBody).toMatch(/<form[^>]+method="post"/);
    expect(firstBody).not.toMatch(/<script/i);
    expect(await second.text()).toBe(firstBody);
    expect(await statusOf(fixture, 'api.github.com')).toBe('pending');
    expect(fixture.notifier.published.length).toBe(published);
  });

  it('escapes an entry’s values for HTML', async () => {
    const { fixture, url } = await servedApproval();
    const target = 'x"><img src=x onerror=alert(1)>.example.com';
    const created = newEntry(
      {
        target,
        covers: [target],
        evidence: {
          windowDays: 14,
          windowHits: 10,
          daysSeen: 2,
          totalHits: 10,
          allowed: 10,
          blocked: 0,
          sources: 1,
          firewalls: ['<b>fw</b>'],
          availabilityZones: ['us-east-1a'],
          firstSeen: fixture.clock.now - DAY,
          lastSeen: fixture.clock.now,
        },
      },
      { at: fixture.clock.now, by: 'test', reason: 'markup in stored values' },
    );
    await fixture.entries.saveTransition(created);
    await fixture.entries.saveTransition(
      transition(created.entry, 'pending', {
        at: fixture.clock.now,
        by: 'test',
        reason: 'ask',
        changes: { approval: { nonce: 'n1', expiresAt: fixture.clock.now + DAY } },
      }),
    );
    const token = signToken(fixture.deps.settings.approvalSecret, {
      target,
      scope: 'decide',
      nonce: 'n1',
      expiresAt: fixture.clock.now + DAY,
    });

    const page = await (await fetch(`${url}/approvals/${token}`)).text();

    expect(page).toContain('x&quot;&gt;&lt;img src=x onerror=alert(1)&gt;.example.com');
    expect(page).toContain('&lt;b&gt;fw&lt;/b&gt;');
    expect(page).not.toContain('<img');
    expect(page).not.toContain('<b>fw');
  });
});

describe('POST /approvals/{token}', () => {
  it('approves once, confirms by SNS, and refuses the same link afterwards', async () => {
    const { fixture, link, url } = await servedApproval();

    const approved = await decide(link, 'approve', url);
    const reused = await decide(link, 'reject', url);
    const reopened = await fetch(link);

    expect(approved.status).toBe(200);
    expect(await approved.text()).toMatch(/approved/i);
    expect(reused.status).toBe(410);
    expect(reopened.status).toBe(410);
    expect(await statusOf(fixture, 'api.github.com')).toBe('approved');
    expect(fixture.notifier.published.map((n) => n.subject)).toContain(
      'egress-scout: api.github.com approved',
    );
  });

  it('refuses a decision posted from another site, or one it does not know, and changes nothing', async () => {
    const { fixture, link, url } = await servedApproval();

    const crossSite = await decide(link, 'approve', 'https://evil.example');
    const unknownDecision = await decide(link, 'delete', url);

    expect(crossSite.status).toBe(409);
    expect(((await crossSite.json()) as { error: { message: string } }).error.message).toMatch(
      /approval page/,
    );
    expect(unknownDecision.status).toBe(400);
    expect(await unknownDecision.json()).toMatchObject({ error: { code: 'bad_request' } });
    expect(await statusOf(fixture, 'api.github.com')).toBe('pending');
  });

  it('refuses forged, malformed, mismatched and expired links with a page each, and changes nothing', async () => {
    const { fixture, link, url } = await servedApproval();
    const token = tokenOf(link);
    const [version, body, signature] = token.split('.') as [string, string, string];
    const forged = `${version}.${body}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    const otherEntry = signToken(fixture.deps.settings.approvalSecret, {
      target: 'never.example.com',
      scope: 'decide',
      nonce: 'n',
      expiresAt: fixture.clock.now + DAY,
    });

    const answers = {
      forged: await decide(`${url}/approvals/${forged}`, 'approve', url),
      malformed: await decide(`${url}/approvals/not-a-token`, 'approve', url),
      mismatched: await decide(`${url}/approvals/${otherEntry}`, 'approve', url),
    };
    fixture.clock.now += 73 * 3_600_000;
    const expired = await decide(link, 'approve', url);

    expect(answers.forged.status).toBe(403);
    expect(await answers.forged.text()).toContain('not issued by egress-scout');
    expect(answers.malformed.status).toBe(400);
    expect(answers.mismatched.status).toBe(404);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toMatch(/expired/i);
    expect(await statusOf(fixture, 'api.github.com')).toBe('pending');
    expect(fixture.notifier.published.map((n) => n.subject)).not.toContain(
      'egress-scout: api.github.com approved',
    );
  });
});
