// The lifecycle views: candidates with their evidence and Approve/Reject, and the allowlist with drift and capacity.
import { loadView, postJson } from './api.js';
import {
  countOf,
  descriptionList,
  el,
  formatCount,
  hidden,
  hostnameHref,
  statusBadge,
  timeElement,
} from './dom.js';

/** @typedef {import('./api.js').ViewContext} ViewContext */

/**
 * An entry as GET /candidates answers it.
 * @typedef {{ target: string, kind: 'exact' | 'wildcard', status: string, covers: string[],
 *   evidence: Evidence, coveredBy: string | null, approvalExpiresAt: string | null,
 *   decidedBy: string | null, decidedAt: string | null, createdAt: string, updatedAt: string }} Entry
 * @typedef {{ windowDays: number, windowHits: number, daysSeen: number, totalHits: number, allowed: number,
 *   blocked: number, sources: number, firewalls: string[], availabilityZones: string[], firstSeen: string,
 *   lastSeen: string }} Evidence
 */

/**
 * #/candidates: pending entries (hostnames, then wildcard suggestions with what they cover) with their
 * evidence and the decision buttons, and approved entries waiting for the next promote.
 * @param {ViewContext} context
 * @param {string} [done] what the last decision did, shown (and focused) above the refreshed lists
 */
export async function renderCandidates(context, done) {
  const notice = done === undefined ? null : el('p', { class: 'notice ok', tabindex: '-1' }, done);
  context.main.replaceChildren(
    el('h1', { tabindex: '-1' }, 'Candidates'),
    el(
      'p',
      { class: 'lead' },
      'Entries recommended from the traffic. Approve adds an entry to the allowlist at the next promote; nothing changes until you press a button.',
    ),
  );
  if (notice !== null) context.main.append(notice);
  // The pressed button is about to go: keep keyboard focus on what happened instead.
  notice?.focus();
  /** @type {{ items: Entry[] } | undefined} */
  const answer = await loadView(context, '/candidates', 'candidates');
  if (answer === undefined) return;
  const pending = answer.items.filter((entry) => entry.status === 'pending');
  const approved = answer.items.filter((entry) => entry.status === 'approved');
  const exact = pending.filter((entry) => entry.kind === 'exact');
  const wildcards = pending.filter((entry) => entry.kind === 'wildcard');
  /** @param {string} message */
  const reload = (message) => void renderCandidates(context, message);

  context.main.append(
    // Wildcards first: approving one approves the pending hostnames it covers with it.
    section('wildcard-heading', `Wildcard suggestions (${wildcards.length})`, wildcards, (entry, index) =>
      entryCard(context, entry, `wildcard-${index}`, reload),
    ),
    section('pending-heading', `Hostnames waiting for a decision (${exact.length})`, exact, (entry, index) =>
      entryCard(context, entry, `pending-${index}`, reload),
    ),
    section(
      'approved-heading',
      `Approved, waiting for the next promote (${approved.length})`,
      approved,
      (entry, index) => entryCard(context, entry, `approved-${index}`, reload),
    ),
  );
  context.announce(
    done ??
      `${countOf(pending.length, 'entry', 'entries')} waiting for a decision, ${approved.length} approved.`,
  );
}

/**
 * @param {string} id
 * @param {string} title
 * @param {Entry[]} entries
 * @param {(entry: Entry, index: number) => HTMLElement} card
 */
function section(id, title, entries, card) {
  return el(
    'section',
    { 'aria-labelledby': id },
    el('h2', { id }, title),
    entries.length === 0
      ? el('p', { class: 'empty' }, 'None.')
      : el('div', { class: 'cards' }, entries.map(card)),
  );
}

/**
 * One entry: its evidence, what a wildcard covers, and (while pending) the buttons that decide it.
 * @param {ViewContext} context
 * @param {Entry} entry
 * @param {string} id
 * @param {(message: string) => void} reload
 */
function entryCard(context, entry, id, reload) {
  const { evidence } = entry;
  const outcome = el('div', { class: 'outcome' });
  /** @type {HTMLButtonElement[]} */
  const buttons = [];
  /** @param {'approve' | 'reject'} decision */
  const decide = async (decision) => {
    for (const button of buttons) button.disabled = true;
    outcome.replaceChildren();
    try {
      const answer = await postJson(`/candidates/${encodeURIComponent(entry.target)}/${decision}`);
      const followers = answer.alsoApproved?.length ?? 0;
      const also = followers > 0 ? `, and with it ${countOf(followers, 'pending hostname')} it covers` : '';
      reload(
        decision === 'approve'
          ? `${entry.target} approved${also}. The next promote adds it to the allowlist.`
          : `${entry.target} rejected.`,
      );
    } catch (error) {
      outcome.replaceChildren(context.errorBox(error));
      for (const button of buttons) button.disabled = false;
    }
  };
  if (entry.status === 'pending') {
    buttons.push(
      el(
        'button',
        { type: 'button', class: 'approve', onclick: () => void decide('approve') },
        'Approve',
        hidden(` ${entry.target}`),
      ),
      el(
        'button',
        { type: 'button', class: 'reject', onclick: () => void decide('reject') },
        'Reject',
        hidden(` ${entry.target}`),
      ),
    );
  }
  return el(
    'article',
    { class: 'card', 'aria-labelledby': `${id}-title`, 'data-target': entry.target },
    el(
      'h3',
      { id: `${id}-title` },
      el('code', {}, entry.target),
      ' ',
      el('span', { class: 'badge' }, entry.kind),
      ' ',
      statusBadge(entry.status),
    ),
    entry.kind === 'wildcard'
      ? el(
          'p',
          {},
          `Allows the domain and every subdomain. It covers ${countOf(entry.covers.length, 'observed hostname')}:`,
        )
      : null,
    entry.kind === 'wildcard'
      ? el(
          'ul',
          { class: 'covers' },
          entry.covers.map((hostname) => el('li', {}, el('a', { href: hostnameHref(hostname) }, hostname))),
        )
      : null,
    descriptionList(
      [
        [
          'Hits',
          `${formatCount(evidence.windowHits)} in the last ${evidence.windowDays} days (${formatCount(evidence.totalHits)} since first seen: ${formatCount(evidence.allowed)} allowed, ${formatCount(evidence.blocked)} blocked)`,
        ],
        ['Days seen', `${evidence.daysSeen} of ${evidence.windowDays}`],
        ['Sources', formatCount(evidence.sources)],
        ['Firewalls', evidence.firewalls.join(', ') || '—'],
        ['Zones', evidence.availabilityZones.join(', ') || '—'],
        ['First seen', timeElement(evidence.firstSeen)],
        ['Last seen', timeElement(evidence.lastSeen)],
        entry.status === 'pending'
          ? ['Email link works until', timeElement(entry.approvalExpiresAt)]
          : [
              'Decided',
              el('span', {}, `by ${entry.decidedBy ?? 'policy'} at `, timeElement(entry.decidedAt)),
            ],
      ],
      { class: 'evidence' },
    ),
    entry.kind === 'exact'
      ? el('p', {}, el('a', { href: hostnameHref(entry.target) }, 'Traffic and history of ', entry.target))
      : null,
    buttons.length > 0 ? el('div', { class: 'decision' }, buttons) : null,
    outcome,
  );
}

/**
 * #/allowlist: the managed rule group's targets, which egress-scout added, drift and capacity.
 * @param {ViewContext} context
 */
export async function renderAllowlist(context) {
  context.main.replaceChildren(el('h1', { tabindex: '-1' }, 'Allowlist'));
  /** @type {any} */
  const answer = await loadView(context, '/allowlist', 'the allowlist');
  if (answer === undefined) return;
  const { ruleGroup, targets, drift, capacity } = answer;
  const warnAt = capacity.total * 0.8;
  const drifted = drift.unmanaged.length + drift.missing.length > 0;

  context.main.append(
    el(
      'p',
      { class: 'lead' },
      'The firewall domain list egress-scout manages: ',
      el('code', {}, ruleGroup.name),
      ` (${ruleGroup.generatedRulesType}, matching ${ruleGroup.targetTypes.join(' and ')}).`,
    ),
    el('p', { class: 'arn' }, el('code', {}, ruleGroup.arn)),
    el(
      'section',
      { 'aria-labelledby': 'capacity-heading' },
      el('h2', { id: 'capacity-heading' }, 'Capacity'),
      el(
        'p',
        { class: 'capacity' },
        el('label', { for: 'capacity-meter' }, 'Capacity used'),
        ' ',
        el('meter', {
          id: 'capacity-meter',
          min: 0,
          max: capacity.total,
          value: capacity.used,
          low: Math.round(capacity.total * 0.5),
          high: Math.round(warnAt),
          optimum: 0,
        }),
        ` ${formatCount(capacity.used)} of ${formatCount(capacity.total)} (${capacity.percentUsed} %)`,
      ),
      capacity.used >= warnAt
        ? el(
            'p',
            { class: 'notice' },
            'Over 80 % used: the rule group’s capacity is fixed when it is created, so plan a larger one.',
          )
        : null,
    ),
    el(
      'section',
      { 'aria-labelledby': 'drift-heading' },
      el('h2', { id: 'drift-heading' }, 'Drift'),
      drifted
        ? el(
            'div',
            { class: 'notice' },
            el(
              'p',
              {},
              'The rule group differs from what egress-scout put into it. Nothing was overwritten.',
            ),
            driftList('Not added by egress-scout', drift.unmanaged),
            driftList('Added by egress-scout but missing now', drift.missing),
          )
        : el('p', {}, 'No drift: the rule group holds what egress-scout put into it.'),
    ),
    el(
      'section',
      { 'aria-labelledby': 'targets-heading' },
      el('h2', { id: 'targets-heading' }, `Targets (${targets.length})`),
      targets.length === 0
        ? el(
            'p',
            { class: 'empty' },
            'The allowlist is empty. Approved candidates are added at the next promote.',
          )
        : targetsTable(targets),
    ),
  );
  context.announce(`The allowlist has ${countOf(targets.length, 'target')}.`);
}

/**
 * @param {string} title
 * @param {string[]} targets
 */
function driftList(title, targets) {
  return el(
    'div',
    {},
    el('h3', {}, `${title} (${targets.length})`),
    targets.length === 0
      ? el('p', {}, 'None.')
      : el(
          'ul',
          {},
          targets.map((target) => el('li', {}, el('code', {}, target))),
        ),
  );
}

/** @param {{ target: string, managed: boolean, status: string | null }[]} targets */
function targetsTable(targets) {
  return el(
    'div',
    { class: 'table-wrap', role: 'region', 'aria-label': 'Allowlist targets', tabindex: '0' },
    el(
      'table',
      { class: 'targets' },
      el('caption', {}, 'Targets of the rule group, as the firewall matches them'),
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          el('th', { scope: 'col' }, 'Target'),
          el('th', { scope: 'col' }, 'Matches'),
          el('th', { scope: 'col' }, 'Managed by egress-scout'),
          el('th', { scope: 'col' }, 'Entry status'),
        ),
      ),
      el(
        'tbody',
        {},
        targets.map((row) =>
          el(
            'tr',
            { 'data-target': row.target },
            el('th', { scope: 'row' }, el('code', {}, row.target)),
            el(
              'td',
              {},
              row.target.startsWith('.') ? `${row.target.slice(1)} and every subdomain` : 'this name only',
            ),
            el('td', {}, row.managed ? 'yes' : 'no'),
            el('td', {}, statusBadge(row.status)),
          ),
        ),
      ),
    ),
  );
}
