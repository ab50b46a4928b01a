// `egress-scout ingest`: firewall log files -> the local inventory, through the same use case as the Lambda.
import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DEFAULT_DATA_DIR, openLocalStack } from '../../adapters/local/local-stack.ts';
import { type CliIo, formatCount, formatTable, terminalSafe, UsageError } from '../cli-io.ts';
import { type FilesIngest, type IngestTotals, ingestFiles } from '../ingest-files.ts';
import { clockFrom } from '../lifecycle-options.ts';

export const INGEST_USAGE = `Usage: egress-scout ingest [--data-dir DIR] [--json] [--now ISO] [--firewall NAME --az ZONE] FILE...

Reads Network Firewall logs into the inventory kept in DIR (default ${DEFAULT_DATA_DIR}/):
CloudWatch Logs subscription events ({"awslogs":{"data":…}}), decoded subscription payloads
({"messageType":…}), Kinesis envelopes of them, and S3 log files (JSON lines, gzip or plain).
A batch already counted (the same file twice, a redelivered event) is not counted again.

  --json             print {"events","observations","hostnames","rejected":{"total","byReason"}}
  --now ISO          ingest as if it were this time (records more than a few minutes after it are
                     rejected as timestamp_in_future), to try expiry ahead with promote/expire --now
  --firewall, --az   firewall and zone for bare Suricata EVE lines (no Network Firewall wrapper)`;

const PROGRESS_MIN_BYTES = 8 * 1024 * 1024;

export async function runIngest(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string', default: DEFAULT_DATA_DIR },
      json: { type: 'boolean', default: false },
      now: { type: 'string' },
      firewall: { type: 'string' },
      az: { type: 'string' },
    },
  });
  if (positionals.length === 0) throw new UsageError('ingest needs at least one FILE');
  if ((values.firewall === undefined) !== (values.az === undefined)) {
    throw new UsageError('--firewall and --az go together');
  }
  const defaults =
    values.firewall !== undefined && values.az !== undefined
      ? { firewall: values.firewall, availabilityZone: values.az }
      : undefined;

  const now = clockFrom(values.now);
  const progress = await progressReporter(positionals, io);
  const stack = await openLocalStack(values['data-dir']);
  let ingested: FilesIngest;
  try {
    ingested = await ingestFiles(
      positionals,
      { store: stack.inventory, now },
      {
        defaults,
        onProgress: (fileIndex, bytes, events) => progress.update(fileIndex, bytes, events),
        onFailure: (file, message) =>
          io.stderr.write(`egress-scout: ${terminalSafe(file)}: ${terminalSafe(message)}\n`),
      },
    );
  } finally {
    progress.done();
    await stack.close();
  }
  io.stdout.write(
    values.json
      ? `${JSON.stringify(ingested.totals)}\n`
      : `${describeTotals(ingested.totals, positionals.length, ingested.alreadyCounted)}\n`,
  );
  return ingested.failures.length > 0 ? 1 : 0;
}

function describeTotals(totals: IngestTotals, files: number, alreadyCounted: number): string {
  const lines = [
    `Ingested ${formatCount(files)} file(s): ${formatCount(totals.events)} events -> ${formatCount(
      totals.observations,
    )} observations of ${formatCount(totals.hostnames)} hostnames.`,
  ];
  if (alreadyCounted > 0) {
    lines.push(
      `${formatCount(alreadyCounted)} batch(es) had been counted before; the inventory did not change for them.`,
    );
  }
  if (totals.rejected.total > 0) {
    lines.push(`Rejected ${formatCount(totals.rejected.total)} record(s):`);
    const rows = Object.entries(totals.rejected.byReason)
      .sort((a, b) => b[1] - a[1])
      .map(([reason, count]) => [`  ${reason}`, count]);
    lines.push(formatTable(['  reason', 'records'], rows));
  }
  return lines.join('\n');
}

/** A one-line progress display on a terminal, for inputs large enough to wait for. */
async function progressReporter(files: string[], io: CliIo) {
  const sizes = await Promise.all(
    files.map((file) =>
      stat(file).then(
        (s) => s.size,
        () => 0,
      ),
    ),
  );
  const total = sizes.reduce((a, b) => a + b, 0);
  const enabled = io.stderr.isTTY === true && total >= PROGRESS_MIN_BYTES;
  let lastDraw = 0;
  return {
    update(fileIndex: number, bytesInFile: number, events: number) {
      if (!enabled || Date.now() - lastDraw < 200) return;
      lastDraw = Date.now();
      const done = sizes.slice(0, fileIndex).reduce((a, b) => a + b, 0) + bytesInFile;
      const percent = Math.min(100, Math.floor((done / total) * 100));
      io.stderr.write(
        `\rIngesting file ${fileIndex + 1}/${files.length}: ${percent}%, ${formatCount(events)} events`,
      );
    },
    done() {
      if (enabled && lastDraw > 0) io.stderr.write('\r\u001b[K');
    },
  };
}
