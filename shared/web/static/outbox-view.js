// The outbox view: every notification the local SNS endpoint received, links clickable only when they stay on this site.
import { loadView } from './api.js';
import { countOf, el, timeElement } from './dom.js';

/** @typedef {import('./api.js').ViewContext} ViewContext */

/** What looks like a web address in a plain-text message; trailing punctuation is not part of it. */
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+/g;
const TRAILING_PUNCTUATION = /[.,;:!?)\]}]+$/;

/**
 * Splits plain text into text and links: a link only for an http(s) URL on `origin` (an approval link
 * of this server), everything else — other sites, other schemes, anything that does not parse — as text.
 *
 * @example
 * linkParts('review: http://127.0.0.1:3000/approvals/v1.x', 'http://127.0.0.1:3000');
 * // ['review: ', { href: 'http://127.0.0.1:3000/approvals/v1.x', text: 'http://127.0.0.1:3000/approvals/v1.x' }]
 * @param {string} text
 * @param {string} origin
 * @returns {(string | { href: string, text: string })[]}
 */
export function linkParts(text, origin) {
  /** @type {(string | { href: string, text: string })[]} */
  const parts = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const candidate = match[0].replace(TRAILING_PUNCTUATION, '');
    const start = match.index ?? 0;
    let url;
    try {
      url = new URL(candidate);
    } catch {
      continue;
    }
    if (url.origin !== origin || (url.protocol !== 'http:' && url.protocol !== 'https:')) continue;
    if (start > last) parts.push(text.slice(last, start));
    parts.push({ href: url.href, text: candidate });
    last = start + candidate.length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

/**
 * #/outbox: the notifications, newest first, as an email client would show their plain text.
 * @param {ViewContext} context
 */
export async function renderOutbox(context) {
  context.main.replaceChildren(
    el('h1', { tabindex: '-1' }, 'Outbox'),
    el(
      'p',
      { class: 'lead' },
      'Every notification egress-scout sent, newest first. Deployed, these reach the SNS topic’s email subscribers.',
    ),
  );
  /** @type {{ items: { messageId: string, subject: string | null, message: string, time: string }[] } | undefined} */
  const answer = await loadView(context, '/outbox', 'the outbox');
  if (answer === undefined) return;
  context.main.append(
    answer.items.length === 0
      ? el('p', { class: 'empty' }, 'Nothing sent yet.')
      : el(
          'div',
          { class: 'messages' },
          answer.items.map((item, index) =>
            el(
              'article',
              { class: 'message', 'aria-labelledby': `message-${index}`, 'data-message-id': item.messageId },
              el('h2', { id: `message-${index}` }, item.subject ?? '(no subject)'),
              el('p', { class: 'meta' }, 'Sent ', timeElement(item.time)),
              el(
                'pre',
                { class: 'body' },
                linkParts(item.message, location.origin).map((part) =>
                  typeof part === 'string' ? part : el('a', { href: part.href }, part.text),
                ),
              ),
            ),
          ),
        ),
  );
  context.announce(`${countOf(answer.items.length, 'notification')} in the outbox.`);
}
