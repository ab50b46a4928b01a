// Debian's Chromium driven by playwright-core, with every console error, page error and CSP violation collected.
import { execFileSync } from 'node:child_process';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Chromium as the tests run it: headless, no sandbox (containers), nothing fetched in the background. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless=new',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
];

/** Launches the system Chromium (`apt-get install chromium`); .ci/run installs it. */
export function launchChromium(): Promise<Browser> {
  const executablePath = execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
}

/** A page and what went wrong on it: console errors (CSP refusals among them), uncaught errors, CSP events. */
export interface WatchedPage {
  page: Page;
  problems: string[];
}

/**
 * Opens a page that records its problems. A CSP violation shows up twice: Chromium's console error, and
 * the `securitypolicyviolation` event a script added before any of the page's own reports.
 */
export async function openWatchedPage(browser: Browser): Promise<WatchedPage> {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.exposeFunction('reportCspViolation', (directive: string, blocked: string) => {
    problems.push(`CSP violation: ${directive} blocked ${blocked}`);
  });
  // A string: the tests' TypeScript has no DOM types, and the script runs in the page anyway.
  await page.addInitScript({
    content:
      "document.addEventListener('securitypolicyviolation', (e) => window.reportCspViolation(e.violatedDirective, e.blockedURI));",
  });
  return { page, problems };
}
