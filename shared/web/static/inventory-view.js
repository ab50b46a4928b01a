// The inventory views: the hostname table (filters, search, sort, cursor paging, coverage) and one hostname's detail.
import { loadView } from './api.js';
import { hitsPerDayChart } from './chart.js';
import { debounce, descriptionList, el, formatCount, hostnameHref, statusBadge, timeElement } from './dom.js';

/** @typedef {import('./api.js').ViewContext} ViewContext */

/** HOSTNAME_STATUSES of shared/domain/inventory.ts: the page has no build step to import it. */
export const STATUSES = [
  'observed',
  'candidate',
  'pending',
  'approved',
  'promoted',
  'expired',
  'rejected',
  'snoozed',
];
const FILTERS = ['q', 'status', 'kind', 'firewall', 'az', 'suffix'];
const SORTS = /** @type {const} */ (['lastSeen', 'hits', 'hostname']);
const SORT_NAMES = { lastSeen: 'last seen', hits: 'hits', hostname: 'hostname' };
const PAGE_SIZES = ['25', '50', '100', '200'];
const DEFAULT_LIMIT = '50';
const SEARCH_DELAY_MS = 300;

/**
 * The query the table shows, as the hash carries it (`#/hostnames?sort=hits&q=github`).
 * @typedef {{ q: string, status: string, kind: string, firewall: string, az: string, suffix: string,
 *   sort: 'lastSeen' | 'hits' | 'hostname', order: 'asc' | 'desc', limit: string }} ListQuery
 */

/**
 * @param {'lastSeen' | 'hits' | 'hostname'} sort
 * @returns {'asc' | 'desc'}
 */
function defaultOrder(sort) {
  return sort === 'hostname' ? 'asc' : 'desc';
}

/**
 * @param {URLSearchParams} params
 * @returns {ListQuery}
 */
function readQuery(params) {
  const sortParam = params.get('sort') ?? '';
  const sort = SORTS.find((value) => value === sortParam) ?? 'lastSeen';
  const orderParam = params.get('order');
  const limit = params.get('limit') ?? '';
  return {
    q: params.get('q') ?? '',
    status: params.get('status') ?? '',
    kind: params.get('kind') ?? '',
    firewall: params.get('firewall') ?? '',
    az: params.get('az') ?? '',
    suffix: params.get('suffix') ?? '',
    sort,
    order: orderParam === 'asc' || orderParam === 'desc' ? orderParam : defaultOrder(sort),
    limit: PAGE_SIZES.includes(limit) ? limit : DEFAULT_LIMIT,
  };
}

/**
 * The query's non-default values as search parameters: what the hash, the API request and the CSV link use.
 * @param {ListQuery} query
 */
function queryParams(query) {
  const params = new URLSearchParams();
  for (const name of FILTERS) {
    const value = query[/** @type {keyof ListQuery} */ (name)].trim();
    if (value !== '') params.set(name, value);
  }
  if (query.sort !== 'lastSeen') params.set('sort', query.sort);
  if (query.order !== defaultOrder(query.sort)) params.set('order', query.order);
  if (query.limit !== DEFAULT_LIMIT) params.set('limit', query.limit);
  return params;
}

/**
 * Where the reader stands in the list, kept while they open a hostname and come back: the cursor of
 * every page visited so far (the first page has none), for Previous and Next.
 * @type {{ key: string, cursors: (string | undefined)[], index: number }}
 */
const pager = { key: '', cursors: [undefined], index: 0 };
/** Firewall and zone names seen so far, offered as suggestions in their filters. */
const seen = { firewalls: new Set(), zones: new Set() };
/** The list's hash as last shown, for the detail page's way back. */
let lastListHash = '#/hostnames';

/**
 * #/hostnames: filters, the table and the pager. Filters change the hash in place (no history entry
 * per keystroke) and reload the table only, so focus stays where the reader types.
 * @param {ViewContext} context
 * @param {URLSearchParams} params
 */
export function renderInventory(context, params) {
  let query = readQuery(params);
  const tableArea = el('div', { class: 'table-area' });
  const pagerArea = el('nav', { class: 'pager', 'aria-label': 'Pages of hostnames' });
  const csvLink = el('a', { class: 'csv', download: 'hostnames.csv', href: '/hostnames' }, 'Download CSV');
  const firewallList = el('datalist', { id: 'firewall-names' });
  const zoneList = el('datalist', { id: 'zone-names' });

  /** @param {string} name @param {string} label @param {Record<string, string>} [extra] */
  const textInput = (name, label, extra = {}) =>
    el(
      'label',
      {},
      el('span', {}, label),
      el('input', {
        name,
        type: name === 'q' ? 'search' : 'text',
        value: query[/** @type {keyof ListQuery} */ (name)],
        autocomplete: 'off',
        spellcheck: 'false',
        ...extra,
      }),
    );
  /** @param {string} name @param {string} label @param {[string, string][]} options */
  const select = (name, label, options) =>
    el(
      'label',
      {},
      el('span', {}, label),
      el(
        'select',
        { name },
        options.map(([value, text]) =>
          el('option', { value, selected: query[/** @type {keyof ListQuery} */ (name)] === value }, text),
        ),
      ),
    );

  const form = el(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Filter hostnames' },
    textInput('q', 'Search', { placeholder: 'part of a hostname' }),
    select('status', 'Status', [
      ['', 'any'],
      ...STATUSES.map((status) => /** @type {[string, string]} */ ([status, status])),
    ]),
    select('kind', 'Kind', [
      ['', 'any'],
      ['domain', 'domain'],
      ['ip', 'IP address'],
    ]),
    textInput('firewall', 'Firewall', { list: 'firewall-names' }),
    textInput('az', 'Zone', { list: 'zone-names' }),
    textInput('suffix', 'Domain suffix', { placeholder: 'example.com' }),
    select(
      'limit',
      'Rows per page',
      PAGE_SIZES.map((size) => [size, size]),
    ),
    el('button', { type: 'reset' }, 'Clear filters'),
    firewallList,
    zoneList,
  );

  /** Reads the form into the query, records it in the hash and shows the first page. */
  const applyForm = () => {
    const data = new FormData(form);
    /** @param {string} name */
    const field = (name) => String(data.get(name) ?? '');
    query = {
      ...query,
      q: field('q'),
      status: field('status'),
      kind: field('kind'),
      firewall: field('firewall'),
      az: field('az'),
      suffix: field('suffix'),
      limit: field('limit') || DEFAULT_LIMIT,
    };
    void show();
  };
  const applySoon = debounce(applyForm, SEARCH_DELAY_MS);
  form.addEventListener('input', (event) => {
    if (event.target instanceof HTMLSelectElement) applyForm();
    else applySoon();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    applyForm();
  });
  form.addEventListener('reset', (event) => {
    // A native reset would restore the filters the view opened with (its default values), not clear them.
    event.preventDefault();
    for (const name of FILTERS) {
      const field = form.elements.namedItem(name);
      if (field instanceof HTMLInputElement || field instanceof HTMLSelectElement) field.value = '';
    }
    applyForm();
  });

  /** @param {'lastSeen' | 'hits' | 'hostname'} sort */
  const sortBy = (sort) => {
    query = {
      ...query,
      sort,
      order: query.sort === sort ? (query.order === 'asc' ? 'desc' : 'asc') : defaultOrder(sort),
    };
    void show(sort);
  };

  /** @param {number} index */
  const goToPage = (index) => {
    pager.index = index;
    void show();
  };

  /**
   * Loads the current page of the current query and shows it.
   * @param {string} [focusSort] the column whose sort button keeps focus after the table is rebuilt
   */
  const show = async (focusSort) => {
    // A debounced search may fire after the reader left: the hash is no longer this view's.
    if (context.signal.aborted) return;
    const params = queryParams(query);
    const key = params.toString();
    if (pager.key !== key) {
      pager.key = key;
      pager.cursors = [undefined];
      pager.index = 0;
    }
    lastListHash = `#/hostnames${key ? `?${key}` : ''}`;
    context.replaceHash(lastListHash);
    const csvParams = new URLSearchParams(params);
    csvParams.delete('limit');
    csvParams.set('format', 'csv');
    csvLink.setAttribute('href', `/hostnames?${csvParams}`);

    const request = new URLSearchParams(params);
    const cursor = pager.cursors[pager.index];
    if (cursor !== undefined) request.set('cursor', cursor);
    tableArea.setAttribute('aria-busy', 'true');
    /** @type {{ items: HostnameItem[], nextCursor: string | null } | undefined} */
    const page = await loadView(context, `/hostnames?${request}`, 'hostnames', (box) => {
      tableArea.replaceChildren(box);
      pagerArea.replaceChildren();
    });
    tableArea.removeAttribute('aria-busy');
    if (page === undefined) return;
    if (page.nextCursor !== null) pager.cursors[pager.index + 1] = page.nextCursor;
    else pager.cursors.length = pager.index + 1;
    for (const item of page.items) {
      for (const firewall of item.firewalls) seen.firewalls.add(firewall);
      for (const zone of item.availabilityZones) seen.zones.add(zone);
    }
    firewallList.replaceChildren(...[...seen.firewalls].sort().map((name) => el('option', { value: name })));
    zoneList.replaceChildren(...[...seen.zones].sort().map((name) => el('option', { value: name })));

    const first = pager.index * Number(query.limit) + 1;
    const range =
      page.items.length === 0
        ? 'no hostnames'
        : `hostnames ${formatCount(first)}–${formatCount(first + page.items.length - 1)}`;
    tableArea.replaceChildren(
      page.items.length === 0 && pager.index === 0
        ? el('p', { class: 'empty' }, 'No hostname matches these filters.')
        : hostnameTable(page.items, query, range, sortBy),
    );
    pagerArea.replaceChildren(
      el(
        'button',
        { type: 'button', disabled: pager.index === 0, onclick: () => goToPage(pager.index - 1) },
        'Previous page',
      ),
      el('span', { class: 'page-number' }, `Page ${pager.index + 1}`),
      el(
        'button',
        { type: 'button', disabled: page.nextCursor === null, onclick: () => goToPage(pager.index + 1) },
        'Next page',
      ),
    );
    context.announce(`Showing ${range}.`);
    if (focusSort !== undefined) {
      /** @type {HTMLButtonElement | null} */ (
        tableArea.querySelector(`button[data-sort="${focusSort}"]`)
      )?.focus();
    }
  };

  context.main.replaceChildren(
    el('h1', { tabindex: '-1' }, 'Hostnames'),
    el(
      'p',
      { class: 'lead' },
      'Every hostname the firewalls logged, with how it was reached and whether the allowlist covers it now.',
    ),
    form,
    el('p', { class: 'actions' }, csvLink, ' of every hostname matching these filters.'),
    tableArea,
    pagerArea,
  );
  void show();
}

/**
 * One listed hostname, as GET /hostnames answers it.
 * @typedef {{ hostname: string, kind: string, status: string, coveredBy: string | null, hits: number,
 *   allowed: number, blocked: number, protocols: string[], sources: number, firewalls: string[],
 *   availabilityZones: string[], firstSeen: string, lastSeen: string }} HostnameItem
 */

/**
 * @param {HostnameItem[]} items
 * @param {ListQuery} query
 * @param {string} range
 * @param {(sort: 'lastSeen' | 'hits' | 'hostname') => void} sortBy
 */
function hostnameTable(items, query, range, sortBy) {
  const direction = query.order === 'asc' ? 'ascending' : 'descending';
  /** @param {string} label @param {'lastSeen' | 'hits' | 'hostname'} [sort] @param {string} [className] */
  const header = (label, sort, className) => {
    if (sort === undefined) return el('th', { scope: 'col', class: className }, label);
    const active = query.sort === sort;
    return el(
      'th',
      { scope: 'col', class: className, 'aria-sort': active ? direction : null },
      el(
        'button',
        { type: 'button', class: 'sort', 'data-sort': sort, onclick: () => sortBy(sort) },
        label,
        // aria-sort on the header tells screen readers the order; the arrow is for the eye.
        el(
          'span',
          { class: 'sort-mark', 'aria-hidden': 'true' },
          active ? (query.order === 'asc' ? ' ▲' : ' ▼') : '',
        ),
      ),
    );
  };
  return el(
    'div',
    { class: 'table-wrap', role: 'region', 'aria-label': 'Hostnames', tabindex: '0' },
    el(
      'table',
      { class: 'inventory' },
      el(
        'caption',
        {},
        `Showing ${range}, sorted by ${SORT_NAMES[query.sort]}, ${query.order === 'asc' ? 'ascending' : 'descending'}.`,
      ),
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          header('Hostname', 'hostname'),
          header('Status'),
          header('Allowlist'),
          header('Hits', 'hits', 'number'),
          header('Allowed', undefined, 'number'),
          header('Blocked', undefined, 'number'),
          header('Sources', undefined, 'number'),
          header('Firewalls'),
          header('Zones'),
          header('Last seen', 'lastSeen'),
        ),
      ),
      el(
        'tbody',
        {},
        items.map((item) =>
          el(
            'tr',
            { 'data-hostname': item.hostname },
            el(
              'th',
              { scope: 'row', class: 'hostname' },
              el('a', { href: hostnameHref(item.hostname) }, item.hostname),
              item.kind === 'ip' ? el('span', { class: 'badge kind-ip' }, 'IP') : null,
            ),
            el('td', {}, statusBadge(item.status)),
            el('td', { class: 'coverage' }, coverage(item.coveredBy, item.kind)),
            el('td', { class: 'number' }, formatCount(item.hits)),
            el('td', { class: 'number' }, formatCount(item.allowed)),
            el('td', { class: item.blocked > 0 ? 'number blocked' : 'number' }, formatCount(item.blocked)),
            el('td', { class: 'number' }, formatCount(item.sources)),
            el('td', {}, item.firewalls.join(', ')),
            el('td', {}, item.availabilityZones.join(', ')),
            el('td', {}, timeElement(item.lastSeen)),
          ),
        ),
      ),
    ),
  );
}

/**
 * Whether the allowlist covers a hostname now, in words (never by colour alone).
 * @param {string | null} coveredBy
 * @param {string} kind
 */
function coverage(coveredBy, kind) {
  if (coveredBy !== null) return el('span', { class: 'covered' }, 'covered by ', el('code', {}, coveredBy));
  return el('span', { class: 'not-covered' }, kind === 'ip' ? 'not covered (IP address)' : 'not covered');
}

const DAY_CHOICES = ['7', '14', '30', '62'];

/**
 * #/hostname/<name>: the summary, the chart of hits per day, every firewall × zone row and the history
 * of the allowlist entries that cover it.
 * @param {ViewContext} context
 * @param {string} hostname
 * @param {URLSearchParams} params
 */
export async function renderHostname(context, hostname, params) {
  const daysParam = params.get('days') ?? '';
  const days = DAY_CHOICES.includes(daysParam) ? daysParam : '14';
  const back = el('p', { class: 'back' }, el('a', { href: lastListHash }, '← All hostnames'));
  const heading = el('h1', { tabindex: '-1' }, el('code', {}, hostname));
  context.main.replaceChildren(back, heading);
  /** @type {any} */
  const report = await loadView(context, `/hostnames/${encodeURIComponent(hostname)}?days=${days}`, hostname);
  if (report === undefined) return;
  document.title = `${report.hostname} · egress-scout`;
  heading.replaceChildren(el('code', {}, report.hostname));

  const daySelect = el(
    'select',
    {
      name: 'days',
      onchange: (/** @type {Event} */ event) => {
        const value = /** @type {HTMLSelectElement} */ (event.target).value;
        location.hash = `${hostnameHref(report.hostname)}?days=${value}`;
      },
    },
    DAY_CHOICES.map((value) => el('option', { value, selected: value === days }, `${value} days`)),
  );

  context.main.append(
    el(
      'p',
      { class: 'lead' },
      statusBadge(report.status),
      ' ',
      coverage(report.coveredBy, report.kind),
      report.kind === 'ip'
        ? ' — an IP address is evidence of SNI-less egress; it cannot be an allowlist entry.'
        : '',
    ),
    descriptionList(
      [
        [
          'Hits',
          `${formatCount(report.hits)} (${formatCount(report.allowed)} allowed, ${formatCount(report.blocked)} blocked)`,
        ],
        ['Sources', formatCount(report.sources)],
        ['Protocols', report.protocols.join(', ')],
        ['First seen', timeElement(report.firstSeen)],
        ['Last seen', timeElement(report.lastSeen)],
        ['Firewalls', report.firewalls.join(', ')],
        ['Zones', report.availabilityZones.join(', ')],
      ],
      { class: 'summary' },
    ),
    el(
      'section',
      { 'aria-labelledby': 'chart-heading' },
      el('h2', { id: 'chart-heading' }, 'Hits per day'),
      el('label', { class: 'inline' }, el('span', {}, 'Show the last '), daySelect),
      hitsPerDayChart(report.hitsPerDay, report.hostname, 'hits-chart'),
    ),
    el(
      'section',
      { 'aria-labelledby': 'locations-heading' },
      el('h2', { id: 'locations-heading' }, 'Where it was seen'),
      locationsTable(report.hostname, report.locations),
    ),
    el(
      'section',
      { 'aria-labelledby': 'history-heading' },
      el('h2', { id: 'history-heading' }, 'Allowlist history'),
      report.entries.length === 0
        ? el('p', {}, 'No allowlist entry covers it yet.')
        : report.entries.map(entryHistory),
    ),
  );
  context.announce(`Showing ${report.hostname}.`);
}

/**
 * @param {string} hostname
 * @param {any[]} locations
 */
function locationsTable(hostname, locations) {
  const columns = [
    'Firewall',
    'Zone',
    'Hits',
    'Allowed',
    'Blocked',
    'Sources',
    'Protocols',
    'First seen',
    'Last seen',
  ];
  return el(
    'div',
    { class: 'table-wrap', role: 'region', 'aria-label': 'Firewalls and zones', tabindex: '0' },
    el(
      'table',
      { class: 'locations' },
      el('caption', {}, `${hostname} per firewall and zone`),
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          columns.map((column, index) =>
            el('th', { scope: 'col', class: index >= 2 && index <= 5 ? 'number' : null }, column),
          ),
        ),
      ),
      el(
        'tbody',
        {},
        locations.map((location) =>
          el(
            'tr',
            {},
            el('th', { scope: 'row' }, location.firewall),
            el('td', {}, location.availabilityZone),
            el('td', { class: 'number' }, formatCount(location.hits)),
            el('td', { class: 'number' }, formatCount(location.allowed)),
            el(
              'td',
              { class: location.blocked > 0 ? 'number blocked' : 'number' },
              formatCount(location.blocked),
            ),
            el('td', { class: 'number' }, formatCount(location.sources)),
            el('td', {}, location.protocols.join(', ')),
            el('td', {}, timeElement(location.firstSeen)),
            el('td', {}, timeElement(location.lastSeen)),
          ),
        ),
      ),
    ),
  );
}

/** @param {any} entry */
function entryHistory(entry) {
  return el(
    'article',
    { class: 'entry-history' },
    el(
      'h3',
      {},
      el('code', {}, entry.target),
      ' ',
      el('span', { class: 'badge' }, entry.kind),
      ' ',
      statusBadge(entry.status),
    ),
    entry.coveredBy ? el('p', {}, 'Follows the wildcard ', el('code', {}, entry.coveredBy), '.') : null,
    el(
      'ol',
      { class: 'history' },
      entry.history.map((/** @type {any} */ step) =>
        el(
          'li',
          {},
          timeElement(step.at),
          ' ',
          el('strong', {}, `${step.from} → ${step.to}`),
          ` by ${step.by}: ${step.reason}`,
        ),
      ),
    ),
  );
}
