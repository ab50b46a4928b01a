import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_PRINTED_LINKS } from '../../shared/cli/commands/serve.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const dataDir = mkdtempSync(join(tmpdir(), 'egress-scout-start-'));
const started: ChildProcess[] = [];

interface Start {
  child: ChildProcess;
  output(): string;
  /** Resolves when the process exited and every holder of its output (serve under npm) closed it. */
  closed: Promise<void>;
}

/** `npm start -- …` in its own process group, as a terminal runs it (Ctrl-C signals the whole group). */
function npmStart(port: number): Start {
  const child = spawn('npm', ['start', '--', '--port', String(port), '--data-dir', dataDir], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  return { child, output: () => output, closed };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Waits for the URL serve prints, then for the API behind it to answer. */
async function waitUntilReady(start: Start, timeoutMs = 150_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (start.child.exitCode !== null) throw new Error(`npm start exited early:\n${start.output()}`);
    const url = /is running at (http:\/\/\S+)/.exec(start.output())?.[1];
    if (url !== undefined && (await fetch(`${url}/hostnames?limit=1`).catch(() => undefined))?.ok) return url;
    await sleep(250);
  }
  throw new Error(`npm start did not become ready:\n${start.output()}`);
}

/** Processes in the start's process group, or anything naming its data directory (DynamoDB Local's Java). */
function leftovers(start: Start): string[] {
  const table = execFileSync('ps', ['-eo', 'pid=,pgid=,args='], { encoding: 'utf8' });
  return table
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => {
      const [, group, ...args] = line.split(/\s+/);
      return group === String(start.child.pid) || args.join(' ').includes(dataDir);
    });
}

/** Ctrl-C: SIGINT to the whole foreground process group; resolves once nothing of it is left. */
async function interrupt(start: Start): Promise<string[]> {
  process.kill(-(start.child.pid as number), 'SIGINT');
  await Promise.race([start.closed, sleep(30_000)]);
  const deadline = Date.now() + 10_000;
  while (leftovers(start).length > 0 && Date.now() < deadline) await sleep(200);
  return leftovers(start);
}

// biome-ignore lint/suspicious/noExplicitAny: API answers are checked field by field
async function getJson(url: string): Promise<any> {
  const response = await fetch(url);
  expect(response.status, url).toBe(200);
  return response.json();
}

/** What the first start counted, to compare with the second. */
let firstCounts: Record<string, number> = {};

async function hitsByHostname(url: string): Promise<Record<string, number>> {
  const page = await getJson(`${url}/hostnames?sort=hostname&limit=500`);
  return Object.fromEntries(
    page.items.map((item: { hostname: string; hits: number }) => [item.hostname, item.hits]),
  );
}

afterAll(() => {
  // A failed test must not leave a stack running on the machine.
  for (const child of started) {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {}
  }
});

describe('npm start', () => {
  it('starts as a new user runs it, serves the demo inventory, and stops on Ctrl-C with nothing left behind', async () => {
    const port = await freePort();
    const start = npmStart(port);

    const url = await waitUntilReady(start);

    expect(url).toBe(`http://127.0.0.1:${port}`);
    const hostnames = await getJson(`${url}/hostnames`);
    const candidates = await getJson(`${url}/candidates`);
    const page = await fetch(`${url}/`);
    expect(hostnames.items.length).toBeGreaterThan(0);
    expect(candidates.items.length).toBeGreaterThan(MAX_PRINTED_LINKS);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(start.output()).toMatch(/Ingested a demo week of traffic ending now: 3,000 events/);
    const printedLinks = start.output().match(/^ {2}approve \S+: http:\/\/\S+\/approvals\/\S+$/gm) ?? [];
    expect(printedLinks).toHaveLength(MAX_PRINTED_LINKS);
    expect(start.output()).toContain(
      `  … and ${candidates.items.length - MAX_PRINTED_LINKS} more: see ${url}/#/candidates\n`,
    );
    firstCounts = await hitsByHostname(url);
    expect(existsSync(join(dataDir, 'stack.json'))).toBe(true);
    const running = leftovers(start);
    expect(running.some((line) => line.includes('DynamoDBLocal.jar'))).toBe(true);
    expect(running.some((line) => line.includes('bin.mjs serve'))).toBe(true);

    const left = await interrupt(start);

    expect(left).toEqual([]);
    expect(start.output()).toContain('Stopping…');
    expect(existsSync(join(dataDir, 'stack.json'))).toBe(false);
  }, 180_000);

  it('reuses the data on a second start: the same counts, no second demo week', async () => {
    const start = npmStart(await freePort());

    const url = await waitUntilReady(start);

    expect(start.output()).not.toContain('demo week');
    expect(start.output()).toMatch(/batch\(es\) had been counted before and were not counted again/);
    expect(await hitsByHostname(url)).toEqual(firstCounts);
    expect(Object.keys(firstCounts).length).toBeGreaterThan(0);
    expect(await interrupt(start)).toEqual([]);
  }, 180_000);
});
