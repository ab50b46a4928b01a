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
import { runPromote } from '../../app/lifecycle/run-promote.ts';
import { type LocalServerDeps, localRouter } from '../../http/local-routes.ts';
import { type CliIo, formatCount, terminalSafe, UsageError } from '../cli-io.ts';
import { ingestFiles } from '../ingest-files.ts';
import { localLifecycleDeps } from '../lifecycle-options.ts';

export const SERVE_USAGE = `Usage: egress-scout serve [--data-dir DIR] [--port N] [FILE...]

Brings up the whole pipeline on this machine, with no AWS account: DynamoDB Local (kept in DIR,
default ${DEFAULT_DATA_DIR}/), the local Network Firewall endpoint with the managed rule group, and the
SNS outbox (DIR/outbox/). Ingests FILE... (default: the samples in events/ingest/), runs a promote,
and serves the API, the approval pages and the web page on http://127.0.0.1:N (default ${DEFAULT_PORT}).
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
      lifecycle,
      dataDir: stack.dataDir,
    };
    server = await startLocalApiServer({ router: localRouter, deps, port });
    stack.advertise(server.url);
    lifecycle.settings.approvalBaseUrl = server.url;

    const files = positionals.length > 0 ? positionals : sampleFiles();
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
      )} hostnames.\n`,
    );
    const run = await runPromote(lifecycle);
    io.stdout.write(`Promote: ${run.pending.length} sent for approval, ${run.promoted.length} promoted.\n`);
    for (const pending of run.pending)
      io.stdout.write(`  approve ${terminalSafe(pending.target)}: ${pending.link}\n`);
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
