// The whole allowlist loop on the local stack, as a user drives it: serve, ingest, promote, approve by link, expire.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOutbox } from '../../shared/adapters/local/local-sns.ts';
import { runServe } from '../../shared/cli/commands/serve.ts';
import { corpusPath, EVENTS_DIR } from '../support/fixtures.ts';
import { DAY, sightingMessages } from '../support/lifecycle-fixture.ts';
import { runCli } from '../support/run-cli.ts';
import { awslogsEvent, dataMessage } from '../support/sample-traffic.ts';

const STARTED = Date.now();
/** The traffic the loop is about: four days ending yesterday, so the recommender sees it as recent. */
const FOUR_DAYS_AGO = STARTED - 4 * DAY;
const LATER = STARTED + 31 * DAY;

let dataDir: string;
let baseUrl: string;
let stopServe: AbortController;
let served: Promise<number>;
const serveOutput: string[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'egress-scout-loop-'));
  stopServe = new AbortController();
  const output = new Writable({
    write(chunk, _encoding, done) {
      serveOutput.push(String(chunk));
      done();
    },
  });
  // Serve starts empty (a control message counts nothing): the loop below feeds it through the CLI.
  served = runServe(
    ['--data-dir', dataDir, '--port', '0', join(EVENTS_DIR, 'ingest', 'control-message.awslogs.json')],
    { stdout: output, stderr: output },
    stopServe.signal,
  );
  baseUrl = await runningUrl();
}, 60_000);

afterAll(async () => {
  stopServe.abort();
  await served;
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the allowlist loop on the local stack', () => {
  it('learns, asks, promotes on approval, and expires what nobody uses, notifying every step', async () => {
    // Prepare: the samples, some of the corpus, and fresh traffic to two hostnames.
    const fresh = join(dataDir, 'fresh.awslogs.json');
    writeFileSync(
      fresh,
      JSON.stringify(
        awslogsEvent(
          dataMessage(
            sightingMessages(
              [
                { hostname: 'api.github.com', days: [0, 1, 2, 3], hitsPerDay: 5 },
                { hostname: 'pypi.org', days: [0, 1, 2, 3], hitsPerDay: 5 },
              ],
              FOUR_DAYS_AGO,
            ),
            { batchNumber: 1 },
          ),
        ),
      ),
    );
    const samples = ['week-alerts.awslogs.json', 'second-firewall.awslogs.json', 's3-alert-log.jsonl'].map(
      (name) => join(EVENTS_DIR, 'ingest', name),
    );
    const corpus = [
      'otel-collector-contrib/network-firewall-log/stream/alert_log_multi.json',
      'otel-collector-contrib/network-firewall-log/tls_log.json',
      'otel-collector-contrib/network-firewall-log/http_log.json',
    ].map(corpusPath);

    // Act + Assess, step by step.
    const ingested = await cli(['ingest', '--json', ...samples, ...corpus, fresh]);
    expect(ingested.observations).toBeGreaterThan(40);
    const eve = await cli([
      'ingest',
      '--json',
      '--firewall',
      'lab',
      '--az',
      'lab-1a',
      corpusPath('surevego/eve.json'),
    ]);
    expect(eve.observations).toBeGreaterThan(0);

    const asked = await cli(['promote', '--json']);
    const githubLink = pendingLink(asked, 'api.github.com');
    expect(githubLink.startsWith(`${baseUrl}/approvals/`)).toBe(true);
    pendingLink(asked, 'pypi.org');
    expect(asked.promoted).toEqual([]);

    // A mail scanner opening the link twice changes nothing.
    for (let opened = 0; opened < 2; opened++) {
      const page = await fetch(githubLink);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('api.github.com');
    }
    expect(await candidateStatus('api.github.com')).toBe('pending');

    // The person approves through the page's POST form, once; the second post is refused.
    const approved = await postDecision(githubLink, 'approve');
    expect(approved.status).toBe(200);
    expect(await approved.text()).toContain('approved');
    expect(await candidateStatus('api.github.com')).toBe('approved');
    const again = await postDecision(githubLink, 'approve');
    expect(again.status).toBe(410);
    // … and approves the other through the API twin of the link.
    const twin = await fetch(`${baseUrl}/candidates/pypi.org/approve`, { method: 'POST' });
    expect(twin.status).toBe(200);

    const promoted = await cli(['promote', '--json']);
    expect(promoted.promoted).toEqual(expect.arrayContaining(['api.github.com', 'pypi.org']));
    expect(await allowlistTargets()).toEqual(expect.arrayContaining(['api.github.com', 'pypi.org']));

    // A month on, pypi.org is still used and api.github.com is not.
    const monthLater = join(dataDir, 'month-later.awslogs.json');
    writeFileSync(
      monthLater,
      JSON.stringify(
        awslogsEvent(
          dataMessage(sightingMessages([{ hostname: 'pypi.org', days: [0] }], LATER - 2 * DAY), {
            batchNumber: 2,
          }),
        ),
      ),
    );
    const nowLater = new Date(LATER).toISOString();
    expect((await cli(['ingest', '--json', '--now', nowLater, monthLater])).observations).toBe(5);
    const expired = await cli(['expire', '--json', '--now', nowLater]);
    expect(expired.expired).toContain('api.github.com');
    expect(expired.expired).not.toContain('pypi.org');
    const targets = await allowlistTargets();
    expect(targets).toContain('pypi.org');
    expect(targets).not.toContain('api.github.com');

    // Every step left its notification in the outbox, in order.
    const subjects = readOutbox(dataDir).map((message) => message.subject ?? '');
    const stepOf = (pattern: RegExp) => subjects.findIndex((subject) => pattern.test(subject));
    const steps = [
      stepOf(/allowlist entr(y|ies) to review/),
      stepOf(/^egress-scout: api\.github\.com approved/),
      stepOf(/^egress-scout: pypi\.org approved/),
      stepOf(/allowlist entr(y|ies) promoted/),
      stepOf(/unused allowlist entr(y|ies) expired/),
    ];
    expect(
      steps.every((index) => index >= 0),
      subjects.join('\n'),
    ).toBe(true);
    const [asking, githubDecision, pypiDecision, promotion, expiry] = steps as [
      number,
      number,
      number,
      number,
      number,
    ];
    expect(asking).toBeLessThan(Math.min(githubDecision, pypiDecision));
    expect(Math.max(githubDecision, pypiDecision)).toBeLessThan(promotion);
    expect(promotion).toBeLessThan(expiry);
    const digest = readOutbox(dataDir)[asking];
    expect(digest?.message).toContain(githubLink);
  }, 120_000);
});

/** Runs a CLI command on the loop's data directory (it uses the running serve) and parses its JSON. */
interface CliJson {
  observations: number;
  pending: { target: string; link?: string }[];
  promoted: string[];
  expired: string[];
}

async function cli(args: string[]): Promise<CliJson> {
  const run = await runCli([...args, '--data-dir', dataDir]);
  expect(run.stderr, `${args.join(' ')}: ${run.stderr}`).not.toMatch(/Error|DynamoDB Local/);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

function pendingLink(run: CliJson, target: string): string {
  const pending = run.pending.find((entry) => entry.target === target);
  expect(pending?.link, `${target} among ${JSON.stringify(run.pending)}`).toBeTypeOf('string');
  return pending?.link ?? '';
}

function postDecision(link: string, decision: string): Promise<Response> {
  return fetch(link, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: baseUrl },
    body: new URLSearchParams({ decision }).toString(),
  });
}

async function candidateStatus(target: string): Promise<string | undefined> {
  const response = await fetch(`${baseUrl}/candidates`);
  const body = (await response.json()) as { items: { target: string; status: string }[] };
  return body.items.find((item) => item.target === target)?.status;
}

async function allowlistTargets(): Promise<string[]> {
  const response = await fetch(`${baseUrl}/allowlist`);
  const body = (await response.json()) as { targets: { target: string; managed: boolean }[] };
  return body.targets.filter((target) => target.managed).map((target) => target.target);
}

/** The URL serve prints once everything is up. */
async function runningUrl(): Promise<string> {
  for (;;) {
    const match = /egress-scout is running at (http:\/\/127\.0\.0\.1:\d+)/.exec(serveOutput.join(''));
    if (match?.[1]) return match[1];
    const finished = await Promise.race([
      served.then(() => true),
      new Promise((r) => setTimeout(r, 100, false)),
    ]);
    if (finished) throw new Error(`serve stopped before it was ready:\n${serveOutput.join('')}`);
  }
}
