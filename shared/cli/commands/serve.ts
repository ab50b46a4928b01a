// `egress-scout serve` (npm start): the whole pipeline on this machine, the API and the web page on 127.0.0.1.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startLocalApiServer } from '../../adapters/local/local-api-server.ts';
import {
  DEFAULT_DATA_DIR,
  DEFAULT_PORT,
  findRunningStack,
  openLocalStack,
} from '../../adapters/local/local-stack.ts';
import { ingestBatch } from '../../app/ingest-batch.ts';
import type { RequestedApproval } from '../../app/lifecycle/request-approvals.ts';
import { runPromote } from '../../app/lifecycle/run-promote.ts';
import type { InventoryStore } from '../../app/ports/inventory-store.ts';
import { type LocalServerDeps, localRouter } from '../../http/local-routes.ts';
import { type CliIo, formatCount, terminalSafe, UsageError } from '../cli-io.ts';
import { demoWeek } from '../demo-traffic.ts';
import { ingestFiles } from '../ingest-files.ts';
import { localLifecycleDeps } from '../lifecycle-options.ts';

export const SERVE_USAGE = `Usage: egress-scout serve [--data-dir DIR] [--port N] [FILE...]

Brings up the whole pipeline on this machine, with no AWS account: DynamoDB Local (kept in DIR,
default ${DEFAULT_DATA_DIR}/), the local Network Firewall endpoint with the managed rule group, and the
SNS outbox (DIR/outbox/). Ingests FILE... (default: the samples in events/ingest/ and, into an empty
inventory, a generated week of traffic ending now), runs a promote, and serves the API, the approval pages and the web page on http://127.0.0.1:N (default ${DEFAULT_PORT}).
Ctrl-C stops everything; a second start reuses the data. While it runs, the other commands on the same
data directory use its engines.`;

const SAMPLES_DIR = join(import.meta.dirname, '..', '..', '..', 'events', 'ingest');

/** The bundled samples: subscription events and the S3 log (the decoded twins would count nothing new). */
export function sampleFiles(): string[] {
  return readdirSync(SAMPLES_DIR)
    .filter((name) => name.endsWith('.awslogs.json') || name.endsWith('.jsonl'))
    .sort()
    .map((name) => join(SAMPLES_DIR, name));
}

export async function runServe(argv: string[], io: CliIo, signal?: AbortSignal): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string', default: DEFAULT_DATA_DIR },
      port: { type: 'string', default: String(DEFAULT_PORT) },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be 0-65535, got ${values.port}`);
  const dataDir = values['data-dir'];
  const running = await findRunningStack(dataDir);
  if (running !== undefined) {
    throw new UsageError(
      `a serve (pid ${running.pid}) already runs on ${dataDir}${running.apiUrl ? ` at ${running.apiUrl}` : ''}`,
    );
  }

  io.stdout.write(`Starting DynamoDB Local, the Network Firewall and SNS endpoints in ${dataDir}/ …\n`);
  const stack = await openLocalStack(dataDir);
  let server: Awaited<ReturnType<typeof startLocalApiServer>> | undefined;
  try {
    const lifecycle = localLifecycleDeps(stack, Date.now);
    const deps: LocalServerDeps = {
      inventory: stack.inventory,
      entries: stack.entries,
      now: Date.now,
      ruleGroup: stack.ruleGroup,
      lifecycle,
      dataDir: stack.dataDir,
    };
    server = await startLocalApiServer({ router: localRouter, deps, port });
    stack.advertise(server.url);
    lifecycle.settings.approvalBaseUrl = server.url;

    const files = positionals.length > 0 ? positionals : sampleFiles();
    // Only into an empty inventory: a demo week generated at another time would count again.
    const demo = positionals.length === 0 && (await inventoryIsEmpty(stack.inventory));
    const ingested = await ingestFiles(
      files,
      { store: stack.inventory, now: Date.now },
      {
        onFailure: (file, message) =>
          io.stderr.write(`egress-scout: ${terminalSafe(file)}: ${terminalSafe(message)}\n`),
      },
    );
    io.stdout.write(
      `Ingested ${formatCount(files.length)} file(s): ${formatCount(ingested.totals.events)} events, ${formatCount(
        ingested.totals.hostnames,
      )} hostnames.${
        ingested.alreadyCounted > 0
          ? ` ${formatCount(ingested.alreadyCounted)} batch(es) had been counted before and were not counted again.`
          : ''
      }\n`,
    );
    if (demo) {
      const week = await ingestDemoWeek(stack.inventory, Date.now);
      io.stdout.write(
        `Ingested a demo week of traffic ending now: ${formatCount(week.events)} events, ${formatCount(week.hostnames)} hostnames.\n`,
      );
    }
    const run = await runPromote(lifecycle);
    io.stdout.write(`Promote: ${run.pending.length} sent for approval, ${run.promoted.length} promoted.\n`);
    io.stdout.write(approvalLinkLines(run.pending, server.url));
    io.stdout.write(
      [
        '',
        `egress-scout is running at ${server.url}`,
        `  web page     ${server.url}/`,
        `  API          ${server.url}/hostnames, /candidates, /allowlist`,
        `  outbox       ${join(stack.dataDir, 'outbox')}/ (every notification, as JSON)`,
        '  other commands on this data directory (ingest, inventory, promote, expire) use this stack.',
        'Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );
    await untilStopped(signal);
    io.stdout.write('Stopping…\n');
    return 0;
  } finally {
    await server?.stop();
    await stack.close();
  }
}

/** Approval links printed at start; the rest are on the page (and in the outbox). */
export const MAX_PRINTED_LINKS = 10;

/** The first {@link MAX_PRINTED_LINKS} approval links, then where to find the others. */
export function approvalLinkLines(pending: readonly RequestedApproval[], url: string): string {
  const lines = pending
    .slice(0, MAX_PRINTED_LINKS)
    .map((approval) => `  approve ${terminalSafe(approval.target)}: ${approval.link ?? ''}\n`);
  const more = pending.length - MAX_PRINTED_LINKS;
  if (more > 0) lines.push(`  … and ${formatCount(more)} more: see ${url}/#/candidates\n`);
  return lines.join('');
}

async function inventoryIsEmpty(inventory: InventoryStore): Promise<boolean> {
  for await (const _ of inventory.listHostnames({ sort: 'hostname', order: 'asc', expected: 1 }))
    return false;
  return true;
}

async function ingestDemoWeek(
  store: InventoryStore,
  now: () => number,
): Promise<{ events: number; hostnames: number }> {
  const hostnames = new Set<string>();
  let events = 0;
  for (const batch of demoWeek(now())) {
    const result = await ingestBatch({ store, now }, batch);
    events += result.events;
    for (const hostname of result.hostnames) hostnames.add(hostname);
  }
  return { events, hostnames: hostnames.size };
}

/** Resolves on SIGINT or SIGTERM (or when the signal aborts, for tests running the command in-process). */
function untilStopped(signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    signal?.addEventListener('abort', stop, { once: true });
  });
}
