// DOM builders that only ever set text and attributes (never HTML), and how the page formats values.

/**
 * @typedef {string | number | Node | null | undefined | false} Leaf
 * @typedef {Leaf | (Leaf | Leaf[])[]} Child
 * @typedef {Record<string, string | number | boolean | null | undefined | EventListener>} Props
 */

/**
 * Appends children: strings and numbers become text nodes, so log values can never become markup.
 * @param {Node} parent
 * @param {Child[]} children
 */
function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else if (child instanceof Node) parent.appendChild(child);
    else parent.appendChild(document.createTextNode(String(child)));
  }
}

/**
 * Sets attributes and listeners: `onclick` style keys add listeners, `true` sets an empty attribute,
 * `false`, null and undefined leave it out.
 * @param {Element} element
 * @param {Props} props
 */
function applyProps(element, props) {
  for (const [name, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
}

/**
 * An HTML element with attributes and children, every value set as text.
 *
 * @example
 * el('td', { class: 'number' }, item.hits); // <td class="number">42</td>
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Props} [props]
 * @param {...Child} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  applyProps(element, props);
  append(element, children);
  return element;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * An SVG element (createElementNS), built like {@link el}.
 * @param {string} tag
 * @param {Props} [props]
 * @param {...Child} children
 * @returns {SVGElement}
 */
export function svg(tag, props = {}, ...children) {
  const element = /** @type {SVGElement} */ (document.createElementNS(SVG_NS, tag));
  applyProps(element, props);
  append(element, children);
  return element;
}

/** Text only screen readers read (a button's target, a chart's numbers). */
export function hidden(/** @type {Child[]} */ ...children) {
  return el('span', { class: 'visually-hidden' }, ...children);
}

const COUNT = new Intl.NumberFormat('en-US');

/** @param {number} value */
export function formatCount(value) {
  return COUNT.format(value);
}

/**
 * An ISO time as the page shows it, in UTC like the logs and the API: `2026-11-22 23:52 UTC`.
 * @param {string | null | undefined} iso
 */
export function formatTime(iso) {
  if (!iso) return '—';
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/**
 * How long ago, roughly: `just now`, `5 min ago`, `3 h ago`, `4 days ago`.
 * @param {string} iso
 * @param {number} [now]
 */
export function formatAgo(iso, now = Date.now()) {
  const seconds = Math.max(0, (now - Date.parse(iso)) / 1000);
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  const days = Math.floor(seconds / 86_400);
  return `${days} ${days === 1 ? 'day' : 'days'} ago`;
}

/**
 * A `<time>` with the UTC time as text and how long ago as its tooltip.
 * @param {string | null | undefined} iso
 */
export function timeElement(iso) {
  if (!iso) return el('span', {}, '—');
  return el('time', { datetime: iso, title: formatAgo(iso) }, formatTime(iso));
}

/**
 * `1 hostname`, `3 hostnames`.
 * @param {number} count
 * @param {string} singular
 * @param {string} [plural]
 */
export function countOf(count, singular, plural = `${singular}s`) {
  return `${formatCount(count)} ${count === 1 ? singular : plural}`;
}

/**
 * A status as a badge (its own class per status, so colours never carry meaning alone: the word is there).
 * @param {string | null | undefined} status
 */
export function statusBadge(status) {
  return el('span', { class: `badge status-${status ?? 'none'}` }, status ?? 'no entry');
}

/**
 * A description list from [term, value] pairs.
 * @param {[string, Child][]} pairs
 * @param {Props} [props]
 */
export function descriptionList(pairs, props = {}) {
  return el(
    'dl',
    props,
    pairs.map(([term, value]) => el('div', {}, el('dt', {}, term), el('dd', {}, value))),
  );
}

/**
 * The page's link to one hostname's detail.
 * @param {string} hostname
 */
export function hostnameHref(hostname) {
  return `#/hostname/${encodeURIComponent(hostname)}`;
}

/**
 * Calls `action` once input has paused for `delayMs` (search as you type, without a request per key).
 * @param {() => void} action
 * @param {number} delayMs
 */
export function debounce(action, delayMs) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(action, delayMs);
  };
}
