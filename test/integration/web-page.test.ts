import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOutbox } from '../../shared/adapters/local/local-sns.ts';
import { openLocalStack } from '../../shared/adapters/local/local-stack.ts';
import { runPromoteCommand } from '../../shared/cli/commands/promote.ts';
import { launchChromium, openWatchedPage } from '../support/browser.ts';
import { collectingIo, type RunningServe, startServe } from '../support/serve.ts';

// One serve (DynamoDB Local, the local endpoints, a demo week ending now) and one browser for the file.
let dataDir: string;
let serve: RunningServe;
let browser: Browser;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'egress-scout-web-'));
  [serve, browser] = await Promise.all([startServe(dataDir), launchChromium()]);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  expect(await serve?.stop()).toBe(0);
});

// biome-ignore lint/suspicious/noExplicitAny: API answers are checked field by field
async function api(path: string): Promise<any> {
  const response = await fetch(`${serve.url}${path}`);
  expect(response.status, path).toBe(200);
  return response.json();
}

const names = (page: { items: { hostname: string }[] }) => page.items.map((item) => item.hostname);

/** The hostnames the table shows, in its order. */
function listedHostnames(page: Page): Promise<(string | null)[]> {
  return page
    .locator('table.inventory tbody tr')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-hostname')));
}

/** The approval link the digest in the outbox carries for `target`. */
function approvalLinkFor(target: string): string {
  for (const { message } of readOutbox(dataDir)) {
    const block = message.split('\n\n').find((part) => part.startsWith(`* ${target}\n`));
    const link = block && /review and decide: (\S+)/.exec(block)?.[1];
    if (link) return link;
  }
  throw new Error(`no approval link for ${target} in the outbox`);
}

describe('the web page', () => {
  it('lists the inventory as the API does, and filters, searches and sorts it, showing API errors', async () => {
    const { page, problems } = await openWatchedPage(browser);
    const first = await api('/hostnames');

    await page.goto(`${serve.url}/`);

    await expect.poll(() => listedHostnames(page)).toEqual(names(first));
    expect(await page.evaluate('location.hash')).toBe('#/hostnames');
    expect(await page.locator('table.inventory td.coverage').allTextContents()).toEqual(
      first.items.map((item: { coveredBy: string | null }) =>
        item.coveredBy === null ? 'not covered' : `covered by ${item.coveredBy}`,
      ),
    );
    expect(await page.locator('nav.sections a[aria-current="page"]').textContent()).toBe('Hostnames');

    await page.getByLabel('Status').selectOption('pending');
    await expect.poll(() => listedHostnames(page)).toEqual(names(await api('/hostnames?status=pending')));
    expect(await page.evaluate('location.hash')).toBe('#/hostnames?status=pending');

    await page.getByLabel('Search', { exact: true }).fill('GitHub');
    const github = await api('/hostnames?status=pending&q=github');
    expect(github.items.length).toBeGreaterThan(1);
    await expect.poll(() => listedHostnames(page)).toEqual(names(github));

    await page.getByRole('button', { name: 'Hits', exact: true }).click();
    await expect
      .poll(() => listedHostnames(page))
      .toEqual(names(await api('/hostnames?status=pending&q=github&sort=hits')));
    expect(await page.locator('th[aria-sort]').textContent()).toMatch(/^Hits/);
    expect(await page.locator('th[aria-sort]').getAttribute('aria-sort')).toBe('descending');
    expect(await page.evaluate('location.hash')).toBe('#/hostnames?q=GitHub&status=pending&sort=hits');

    await page.reload();
    await expect
      .poll(() => listedHostnames(page))
      .toEqual(names(await api('/hostnames?status=pending&q=github&sort=hits')));
    expect(await page.getByLabel('Search', { exact: true }).inputValue()).toBe('GitHub');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => listedHostnames(page)).toEqual(names(await api('/hostnames?sort=hits')));
    expect(await page.evaluate('location.hash')).toBe('#/hostnames?sort=hits');
    expect(await page.getByLabel('Status').inputValue()).toBe('');

    await page.getByLabel('Domain suffix').fill('not a domain!');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(
      /The API answered 400 \(bad_request\)suffix is not a domain name/,
    );

    expect(problems).toEqual([expect.stringMatching(/console: .*status of 400/)]);
    await page.close();
  });

  it('pages forward and back with the cursor, keeps the page across a visit to a hostname, and links the CSV', async () => {
    const { page, problems } = await openWatchedPage(browser);
    const first = await api('/hostnames?sort=hostname&limit=25');
    const second = await api(`/hostnames?sort=hostname&limit=25&cursor=${first.nextCursor}`);
    const third = await api(`/hostnames?sort=hostname&limit=25&cursor=${second.nextCursor}`);
    await page.goto(`${serve.url}/#/hostnames?sort=hostname&limit=25`);
    await expect.poll(() => listedHostnames(page)).toEqual(names(first));
    const next = page.getByRole('button', { name: 'Next page' });
    const previous = page.getByRole('button', { name: 'Previous page' });

    await next.click();
    await expect.poll(() => listedHostnames(page)).toEqual(names(second));
    await next.click();
    await expect.poll(() => listedHostnames(page)).toEqual(names(third));
    await previous.click();
    await expect.poll(() => listedHostnames(page)).toEqual(names(second));
    expect(await page.locator('.page-number').textContent()).toBe('Page 2');

    await page.getByRole('link', { name: second.items[0].hostname, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: second.items[0].hostname }).waitFor();
    await page.goBack();
    await expect.poll(() => listedHostnames(page)).toEqual(names(second));
    await previous.click();
    await expect.poll(() => listedHostnames(page)).toEqual(names(first));
    expect(await previous.isDisabled()).toBe(true);

    const csvPath = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
    expect(csvPath).toBe('/hostnames?sort=hostname&format=csv');
    const csv = await (await fetch(`${serve.url}${csvPath}`)).text();
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe(
      'hostname,kind,status,hits,allowed,blocked,protocols,sources,firewalls,availabilityZones,firstSeen,lastSeen,coveredBy',
    );
    expect(lines.slice(1, 26).map((line) => line.split(',')[0])).toEqual(names(first));
    expect(problems).toEqual([]);
    await page.close();
  });

  it('opens a hostname and draws its hits per day exactly as the API counts them', async () => {
    const { page, problems } = await openWatchedPage(browser);
    const busiest = (await api('/hostnames?sort=hits&limit=1')).items[0].hostname as string;
    const report = await api(`/hostnames/${busiest}?days=14`);
    await page.goto(`${serve.url}/#/hostnames?sort=hits`);

    await page.getByRole('link', { name: busiest, exact: true }).click();

    await page.getByRole('heading', { level: 1, name: busiest }).waitFor();
    const days = report.hitsPerDay.map((day: { day: string }) => day.day);
    const hits = report.hitsPerDay.map((day: { hits: number }) => day.hits);
    const chart = page.getByRole('img', {
      name: new RegExp(`^Hits per day for ${busiest.replaceAll('.', '\\.')}`),
    });
    expect(await chart.getAttribute('aria-labelledby')).toBe('hits-chart-title hits-chart-desc');
    const bars = await page
      .locator('svg.chart rect.bar')
      .evaluateAll((rects) =>
        rects.map((rect) => [
          rect.getAttribute('data-day'),
          Number(rect.getAttribute('data-hits')),
          Number(rect.getAttribute('height')),
        ]),
      );
    const plotHeight = Number(await chart.getAttribute('data-plot-height'));
    const max = Math.max(...hits);
    expect(max).toBeGreaterThan(0);
    expect(bars.map(([day]) => day)).toEqual(days);
    expect(bars.map(([, count]) => count)).toEqual(hits);
    for (const [, count, height] of bars) {
      expect(height).toBeCloseTo(((count as number) / max) * plotHeight, 1);
    }
    const tableRows = await page.locator('figure table tbody tr').allTextContents();
    expect(tableRows).toEqual(
      report.hitsPerDay.map((day: { day: string; hits: number }) => `${day.day}${day.hits}`),
    );
    expect(await page.locator('table.locations tbody tr').count()).toBe(report.locations.length);

    await page.getByLabel('Show the last').selectOption('30');
    await expect.poll(() => page.locator('svg.chart rect.bar').count()).toBe(30);
    await page.goBack();
    await expect.poll(() => page.locator('svg.chart rect.bar').count()).toBe(14);
    await page.goBack();
    await expect.poll(() => listedHostnames(page)).toEqual(names(await api('/hostnames?sort=hits')));
    expect(problems).toEqual([]);
    await page.close();
  });

  it('approves one candidate through its email link and one on the page; after promote the allowlist holds both', async () => {
    const { page, problems } = await openWatchedPage(browser);
    const pending = (await api('/candidates')).items
      .filter(
        (entry: { kind: string; status: string }) => entry.kind === 'exact' && entry.status === 'pending',
      )
      .sort(
        (a: { evidence: { windowHits: number } }, b: { evidence: { windowHits: number } }) =>
          b.evidence.windowHits - a.evidence.windowHits,
      );
    const [byLink, byPage] = [pending[0].target as string, pending[1].target as string];

    await page.goto(approvalLinkFor(byLink));
    expect(await page.title()).toContain(`Review ${byLink}`);
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByRole('heading', { name: 'Recorded' }).waitFor();

    await page.goto(`${serve.url}/#/candidates`);
    await page.getByRole('button', { name: `Approve ${byPage}` }).click();
    const notice = page.locator('.notice.ok');
    await notice.waitFor();
    expect(await notice.textContent()).toBe(`${byPage} approved. The next promote adds it to the allowlist.`);
    const approvedSection = page.locator('section[aria-labelledby="approved-heading"]');
    await expect
      .poll(() =>
        approvedSection
          .locator('article')
          .evaluateAll((cards) => cards.map((c) => c.getAttribute('data-target'))),
      )
      .toEqual(expect.arrayContaining([byLink, byPage]));

    const io = collectingIo();
    expect(await runPromoteCommand(['--data-dir', dataDir], io)).toBe(0);
    await page.goto(`${serve.url}/#/allowlist`);

    const rows = page.locator('table.targets tbody tr');
    await rows.first().waitFor();
    for (const target of [byLink, byPage]) {
      const row = page.locator(`table.targets tbody tr[data-target="${target}"]`);
      expect(await row.locator('td').allTextContents()).toEqual(['this name only', 'yes', 'promoted']);
    }
    const allowlist = await api('/allowlist');
    expect(await page.locator('meter#capacity-meter').getAttribute('value')).toBe(
      String(allowlist.capacity.used),
    );
    await page.goto(`${serve.url}/#/hostnames?q=${byLink}`);
    const row = page.locator(`table.inventory tbody tr[data-hostname="${byLink}"]`);
    await row.waitFor();
    expect(await row.locator('td.coverage').textContent()).toBe(`covered by ${byLink}`);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows the outbox newest first, with markup as text and only links back to this site clickable', async () => {
    const { page, problems } = await openWatchedPage(browser);
    const subject = 'Markup <img src=x onerror="window.pwned=1"> stays text';
    const sameSite = `${serve.url}/#/allowlist`;
    const message = [
      '<script>window.pwned = 1</script><b>not bold</b>',
      `this site: ${sameSite}.`,
      'another site: http://evil.example/approvals/x',
      `a user name in front: ${serve.url}@evil.example/`,
      'another scheme: javascript:window.pwned=1',
    ].join('\n');
    const stack = await openLocalStack(dataDir);
    const messageId = await stack.notifier.publish({ subject, message });
    await stack.close();
    const outbox = await api('/outbox');

    await page.goto(`${serve.url}/#/outbox`);

    const article = page.locator(`article[data-message-id="${messageId}"]`);
    await article.waitFor();
    expect(
      await page
        .locator('article.message')
        .evaluateAll((articles) => articles.map((a) => a.getAttribute('data-message-id'))),
    ).toEqual(outbox.items.map((item: { messageId: string }) => item.messageId));
    expect(outbox.items[0].messageId).toBe(messageId);
    expect(await article.locator('h2').textContent()).toBe(subject);
    expect(await article.locator('pre').textContent()).toBe(message);
    expect(
      await article.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href'))),
    ).toEqual([sameSite]);
    expect(await page.locator('main img, main script, main b').count()).toBe(0);
    expect(await page.evaluate('window.pwned')).toBeUndefined();
    await article.getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: 'Allowlist' }).waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });

  it('notices a CSP violation: the page may run no inline script', async () => {
    const { page, problems } = await openWatchedPage(browser);
    await page.goto(`${serve.url}/#/outbox`);

    await page.evaluate(
      "const s = document.createElement('script'); s.textContent = 'window.inline = 1'; document.body.append(s)",
    );

    await expect
      .poll(() => problems.some((problem) => problem.startsWith('CSP violation: script-src')))
      .toBe(true);
    expect(await page.evaluate('window.inline')).toBeUndefined();
    await page.close();
  });
});

describe('decisions from the API', () => {
  it('refuses a decision a browser posts from another site, and changes nothing', async () => {
    const target = (await api('/candidates')).items.find(
      (entry: { status: string }) => entry.status === 'pending',
    ).target as string;

    const response = await fetch(`${serve.url}/candidates/${encodeURIComponent(target)}/approve`, {
      method: 'POST',
      headers: { origin: 'http://evil.example' },
    });

    expect(response.status).toBe(409);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('conflict');
    const after = (await api('/candidates')).items.find(
      (entry: { target: string }) => entry.target === target,
    );
    expect(after.status).toBe('pending');
  });
});
