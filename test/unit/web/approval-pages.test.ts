import { describe, expect, it } from 'vitest';
import type { Entry } from '../../../shared/domain/lifecycle.ts';
import { approvalPage, decisionPage, refusalPage } from '../../../shared/web/approval-pages.ts';
import { escapeHtml, html } from '../../../shared/web/html.ts';

const HOSTILE = '"><script>alert(1)</script><img src=x onerror=alert(2)>';

const entry: Entry = {
  target: `${HOSTILE}.example.com`,
  kind: 'wildcard',
  status: 'pending',
  covers: [`a${HOSTILE}.example.com`],
  evidence: {
    windowDays: 14,
    windowHits: 42,
    daysSeen: 5,
    totalHits: 50,
    allowed: 40,
    blocked: 10,
    sources: 3,
    firewalls: [`fw${HOSTILE}`],
    availabilityZones: ['us-east-1a'],
    firstSeen: Date.parse('2026-11-01T00:00:00Z'),
    lastSeen: Date.parse('2026-11-09T00:00:00Z'),
  },
  version: 2,
  createdAt: 0,
  updatedAt: 0,
  approval: { nonce: 'n', expiresAt: Date.parse('2026-11-12T00:00:00Z') },
};

describe('approval pages', () => {
  it('escape every value from the logs and carry no script', () => {
    const pages = [
      approvalPage(
        {
          ok: true,
          entry,
          history: [
            { target: entry.target, at: 0, from: 'candidate', to: 'pending', by: HOSTILE, reason: HOSTILE },
          ],
        },
        '/approvals/t',
      ),
      decisionPage({ ok: true, entry, decision: 'approve', alsoApproved: [HOSTILE] }),
      refusalPage('already_decided', entry),
    ];

    for (const text of pages) {
      expect(text).not.toContain('<script>');
      expect(text).not.toContain('<img');
      expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
  });

  it('offers decisions only as buttons of a POST form', () => {
    const text = approvalPage({ ok: true, entry, history: [] }, '/approvals/tok');

    expect(text).toContain('<form method="post" action="/approvals/tok">');
    expect(text.match(/<button[^>]*type="submit"[^>]*name="decision"/g)).toHaveLength(3);
    expect(text).toContain('Opening this page changes nothing');
  });

  it('explains each kind of refusal plainly', () => {
    expect(refusalPage('expired')).toContain('This link has expired');
    expect(refusalPage('forged')).toContain('not issued by egress-scout');
    expect(refusalPage('superseded')).toContain('A newer link replaced this one');
  });
});

describe('html', () => {
  it('escapes interpolations but not nested fragments', () => {
    expect(html`<p>${'<b>'}${html`<i>${'&'}</i>`}</p>`.value).toBe('<p>&lt;b&gt;<i>&amp;</i></p>');
    expect(escapeHtml(`'"\``)).toBe('&#39;&quot;&#96;');
  });
});
