// The pages an approval link opens: the entry with its evidence and three buttons, the outcome, or a clear refusal.
import type { ApprovalView, DecisionOutcome, LinkRefusal } from '../app/lifecycle/decide.ts';
import type { Entry, HistoryRecord } from '../domain/lifecycle.ts';
import { toIso } from '../domain/time.ts';
import { html, page, type SafeHtml } from './html.ts';

/** The HTTP status each refusal is served with. */
export const REFUSAL_STATUS: Record<LinkRefusal, number> = {
  malformed: 400,
  forged: 403,
  wrong_scope: 403,
  unknown_entry: 404,
  expired: 410,
  already_decided: 410,
  superseded: 410,
};

const REFUSAL_TEXT: Record<LinkRefusal, { title: string; detail: string }> = {
  malformed: {
    title: 'This is not an approval link',
    detail: 'The link is incomplete or damaged. Open it again from the email, whole.',
  },
  forged: {
    title: 'This link was not issued by egress-scout',
    detail: 'Its signature does not match. Nothing was changed. If you did not alter the link, report it.',
  },
  wrong_scope: {
    title: 'This link cannot decide anything',
    detail: 'It was issued for another purpose. Nothing was changed.',
  },
  unknown_entry: {
    title: 'Nothing to decide',
    detail: 'The entry this link is for does not exist (any more). Nothing was changed.',
  },
  expired: {
    title: 'This link has expired',
    detail:
      'Approval links work for a limited time. The entry will be recommended again, with a new link, if its traffic continues.',
  },
  already_decided: {
    title: 'This has already been decided',
    detail: 'Approval links work once. The decision recorded first stands; nothing was changed now.',
  },
  superseded: {
    title: 'A newer link replaced this one',
    detail:
      'The entry was recommended again since this email. Use the link in the newer email. Nothing was changed.',
  },
};

/** The page a GET of the link shows: the entry, its evidence and history, and buttons that POST. */
export function approvalPage(view: Extract<ApprovalView, { ok: true }>, formAction: string): string {
  const { entry, history } = view;
  return page(
    `Review ${entry.target}`,
    html`<h1>Allow this egress?</h1>
<p class="target">${entry.target}</p>
<p><span class="status">${entry.status}</span> ${entry.kind === 'wildcard' ? html` wildcard: allows the domain and every subdomain` : ''}</p>
${evidenceTable(entry)}
${entry.kind === 'wildcard' ? html`<h2>Observed hostnames it covers (${entry.covers.length})</h2><ul>${entry.covers.map((h) => html`<li><code>${h}</code></li>`)}</ul>` : ''}
${historyList(history)}
<form method="post" action="${formAction}">
<button class="approve" type="submit" name="decision" value="approve">Approve</button>
<button class="reject" type="submit" name="decision" value="reject">Reject</button>
<button type="submit" name="decision" value="snooze">Ask me again later</button>
</form>
<p>Opening this page changes nothing; only a button does. The link works once${entry.approval ? html`, until ${toIso(entry.approval.expiresAt)}` : ''}.</p>`,
  );
}

/** The page after a decision was recorded (or refused). */
export function decisionPage(outcome: DecisionOutcome): string {
  if (!outcome.ok) return refusalPage(outcome.reason, outcome.entry);
  const verb = { approve: 'approved', reject: 'rejected', snooze: 'snoozed' }[outcome.decision];
  return page(
    `${outcome.entry.target} ${verb}`,
    html`<h1>Recorded</h1>
<p class="notice ok"><span class="target">${outcome.entry.target}</span> was ${verb} at ${toIso(outcome.entry.updatedAt)}.</p>
${outcome.decision === 'approve' ? html`<p>The next promote run adds it to the firewall's allowlist rule group.</p>` : ''}
${outcome.decision === 'snooze' && outcome.entry.snoozedUntil ? html`<p>It will be recommended again after ${toIso(outcome.entry.snoozedUntil)} if its traffic continues.</p>` : ''}
${outcome.alsoApproved.length > 0 ? html`<p>Approved with it (it covers them): ${outcome.alsoApproved.map((t, i) => html`${i > 0 ? ', ' : ''}<code>${t}</code>`)}</p>` : ''}
<p>A confirmation was sent to the notification topic.</p>`,
  );
}

/** A clear page for a link that cannot be used. */
export function refusalPage(reason: LinkRefusal, entry?: Entry): string {
  const text = REFUSAL_TEXT[reason];
  return page(
    text.title,
    html`<h1>${text.title}</h1>
<p class="notice bad">${text.detail}</p>
${entry !== undefined ? html`<p>Entry: <code>${entry.target}</code>, now <span class="status">${entry.status}</span>.</p>` : ''}`,
  );
}

function evidenceTable(entry: Entry): SafeHtml {
  const e = entry.evidence;
  return html`<h2>Evidence</h2>
<table>
<tr><th>Hits, last ${e.windowDays} days</th><td>${e.windowHits}</td></tr>
<tr><th>Days seen</th><td>${e.daysSeen} of ${e.windowDays}</td></tr>
<tr><th>Since first seen</th><td>${e.totalHits} hits: ${e.allowed} allowed, ${e.blocked} blocked</td></tr>
<tr><th>Distinct sources</th><td>${e.sources}</td></tr>
<tr><th>Firewalls</th><td>${e.firewalls.join(', ') || '-'}</td></tr>
<tr><th>Availability zones</th><td>${e.availabilityZones.join(', ') || '-'}</td></tr>
<tr><th>First seen</th><td>${toIso(e.firstSeen)}</td></tr>
<tr><th>Last seen</th><td>${toIso(e.lastSeen)}</td></tr>
</table>`;
}

function historyList(history: HistoryRecord[]): SafeHtml {
  if (history.length === 0) return html``;
  return html`<h2>History</h2><ul>${history.map(
    (step) =>
      html`<li>${toIso(step.at)}: ${step.from} → ${step.to} by <code>${step.by}</code> — ${step.reason}</li>`,
  )}</ul>`;
}
