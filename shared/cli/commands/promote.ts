// `egress-scout promote`: the scheduled promote job on the local stack (ask about candidates, add approved, drift).
import { parseArgs } from 'node:util';
import { openLocalStack } from '../../adapters/local/local-stack.ts';
import { type PromoteRun, runPromote } from '../../app/lifecycle/run-promote.ts';
import { type CliIo, terminalSafe } from '../cli-io.ts';
import {
  clockFrom,
  LIFECYCLE_OPTIONS,
  LIFECYCLE_OPTIONS_HELP,
  localLifecycleDeps,
} from '../lifecycle-options.ts';

export const PROMOTE_USAGE = `Usage: egress-scout promote [--data-dir DIR] [--now ISO] [--dry-run] [--json]

Runs the promote job against the local stack: hostnames whose evidence meets the policy become
pending entries (one digest in the outbox, with an approval link each), approved entries go into the
local Network Firewall rule group in one update, and drift is reported.

${LIFECYCLE_OPTIONS_HELP}`;

export async function runPromoteCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: LIFECYCLE_OPTIONS });
  const now = clockFrom(values.now);
  const stack = await openLocalStack(values['data-dir']);
  let run: PromoteRun;
  try {
    run = await runPromote(localLifecycleDeps(stack, now), { dryRun: values['dry-run'] });
  } finally {
    await stack.close();
  }
  io.stdout.write(
    values.json ? `${JSON.stringify(promoteJson(run))}\n` : `${describePromote(run, values['dry-run'])}\n`,
  );
  return 0;
}

/** The documented `promote --json` shape (plus the links, and warnings when there are any). */
export function promoteJson(run: PromoteRun) {
  return {
    pending: run.pending.map((p) => ({
      target: p.target,
      hostnames: p.hostnames,
      ...(p.link ? { link: p.link } : {}),
    })),
    promoted: run.promoted,
    drift: run.drift,
    capacity: { used: run.capacity.used, total: run.capacity.total },
    ...(run.autoApproved.length > 0 ? { autoApproved: run.autoApproved } : {}),
    ...(run.warnings.length > 0 ? { warnings: run.warnings } : {}),
  };
}

function describePromote(run: PromoteRun, dryRun: boolean): string {
  const would = dryRun ? 'would be ' : '';
  const lines: string[] = [dryRun ? 'Dry run: nothing was changed.' : ''];
  lines.push(
    `${run.pending.length} entr${run.pending.length === 1 ? 'y' : 'ies'} ${would}sent for approval.`,
  );
  for (const pending of run.pending) {
    lines.push(`  ${terminalSafe(pending.target)}${pending.link ? `  ${pending.link}` : ''}`);
  }
  if (run.autoApproved.length > 0)
    lines.push(
      `${run.autoApproved.length} ${would}approved by policy: ${run.autoApproved.map(terminalSafe).join(', ')}`,
    );
  lines.push(
    dryRun
      ? `${run.notFitting.length > 0 ? 0 : run.added.length} target(s) would be added to the rule group.`
      : `${run.promoted.length} promoted: ${run.promoted.map(terminalSafe).join(', ') || '-'}`,
  );
  lines.push(
    `Rule group capacity: ${run.capacity.used} of ${run.capacity.total} (${run.capacity.percentUsed}%).`,
  );
  if (run.drift.unmanaged.length > 0)
    lines.push(`Not added by egress-scout: ${run.drift.unmanaged.map(terminalSafe).join(', ')}`);
  if (run.drift.missing.length > 0)
    lines.push(`Missing from the rule group: ${run.drift.missing.map(terminalSafe).join(', ')}`);
  for (const warning of run.warnings) lines.push(`Warning: ${terminalSafe(warning)}`);
  return lines.filter((line) => line !== '').join('\n');
}
