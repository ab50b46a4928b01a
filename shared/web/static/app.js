// The egress-scout web page: hash routes to views, one live region for progress, errors shown where they happen.
import { ApiError } from './api.js';
import { el } from './dom.js';
import { renderHostname, renderInventory } from './inventory-view.js';
import { renderAllowlist, renderCandidates } from './lifecycle-views.js';
import { renderOutbox } from './outbox-view.js';

/** @typedef {import('./api.js').ViewContext} ViewContext */

/**
 * @param {string} id
 * @returns {HTMLElement}
 */
function byId(id) {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`the page has no #${id}`);
  return element;
}

const main = byId('main');
const status = byId('status');

/** @type {AbortController | undefined} */
let current;
let firstRoute = true;

/**
 * Says something in the polite live region (loading, how many rows, what a decision did).
 * @param {string} message
 */
function announce(message) {
  status.textContent = message;
}

/**
 * An error as a block with role="alert": the API's code and message when it answered, plain words when not.
 * @param {unknown} error
 */
function errorBox(error) {
  if (error instanceof ApiError) {
    const heading =
      error.status === 0
        ? 'The API could not be reached'
        : `The API answered ${error.status} (${error.code})`;
    return el(
      'div',
      { class: 'error', role: 'alert' },
      el('p', { class: 'error-title' }, heading),
      el('p', {}, error.message),
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return el(
    'div',
    { class: 'error', role: 'alert' },
    el('p', { class: 'error-title' }, 'Something went wrong'),
    el('p', {}, message),
  );
}

/**
 * Changes the hash in place: filters typed into the list do not each add a history entry, and no
 * hashchange fires, so the view is not rebuilt under the reader's cursor.
 * @param {string} hash
 */
function replaceHash(hash) {
  if (location.hash !== hash) history.replaceState(history.state, '', hash);
}

/** The sections of the page, in the order of the navigation. */
const SECTIONS = {
  hostnames: 'Hostnames',
  candidates: 'Candidates',
  allowlist: 'Allowlist',
  outbox: 'Outbox',
};

/**
 * Each route's view: `#/<section>/<rest>?<params>`.
 * @type {Record<string, (context: ViewContext, params: URLSearchParams, rest: string) => unknown>}
 */
const VIEWS = {
  hostnames: (context, params) => renderInventory(context, params),
  hostname: (context, params, rest) => renderHostname(context, decodeURIComponent(rest), params),
  candidates: (context) => renderCandidates(context),
  allowlist: (context) => renderAllowlist(context),
  outbox: (context) => renderOutbox(context),
};

/** @param {string} section */
function markNavigation(section) {
  for (const link of document.querySelectorAll('nav.sections a')) {
    if (link.getAttribute('href') === `#/${section}`) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

function notFound() {
  main.replaceChildren(
    el('h1', { tabindex: '-1' }, 'Not found'),
    el('p', {}, 'There is no such view. ', el('a', { href: '#/hostnames' }, 'See the hostnames'), '.'),
  );
}

/** Shows the view the hash names; a new navigation aborts the loading of the previous one. */
async function route() {
  // Only `#/…` names a view; anything else is an in-page anchor.
  if (location.hash !== '' && !location.hash.startsWith('#/')) return;
  const hash = location.hash.replace(/^#\/?/, '');
  if (hash === '') history.replaceState(history.state, '', '#/hostnames');
  const [path = '', search = ''] = (hash || 'hostnames').split('?');
  const slash = path.indexOf('/');
  const section = slash === -1 ? path : path.slice(0, slash);
  const rest = slash === -1 ? '' : path.slice(slash + 1);

  current?.abort();
  const controller = new AbortController();
  current = controller;
  const context = { main, signal: controller.signal, announce, errorBox, replaceHash };
  markNavigation(section === 'hostname' ? 'hostnames' : section);
  document.title = `${SECTIONS[/** @type {keyof typeof SECTIONS} */ (section)] ?? 'egress-scout'} · egress-scout`;
  const view = VIEWS[section];
  try {
    const rendering =
      view === undefined || (section === 'hostname' && rest === '')
        ? notFound()
        : view(context, new URLSearchParams(search), rest);
    // On navigation (not the first load) a screen reader should land on the new view's heading.
    if (!firstRoute) /** @type {HTMLElement | null} */ (main.querySelector('h1'))?.focus();
    firstRoute = false;
    await rendering;
  } catch (error) {
    if (controller.signal.aborted) return;
    main.append(errorBox(error));
  }
}

window.addEventListener('hashchange', () => void route());
// The skip link moves focus to the content without touching the hash the views live in.
document.querySelector('a.skip-link')?.addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
});
void route();
