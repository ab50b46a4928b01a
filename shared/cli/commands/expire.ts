// `egress-scout expire`: the scheduled expiry job on the local stack.
import { parseArgs } from 'node:util';
import { openLocalStack } from '../../adapters/local/local-stack.ts';
import { type ExpireResult, expireUnused } from '../../app/lifecycle/expire-unused.ts';
import { type CliIo, terminalSafe } from '../cli-io.ts';
import {
  clockFrom,
  LIFECYCLE_OPTIONS,
  LIFECYCLE_OPTIONS_HELP,
  localLifecycleDeps,
} from '../lifecycle-options.ts';

export const EXPIRE_USAGE = `Usage: egress-scout expire [--data-dir DIR] [--now ISO] [--dry-run] [--json]

Runs the expiry job against the local stack: promoted entries nobody used for 30 days leave the rule
group (only those egress-scout added), pending approvals whose link lapsed expire. If no allowed
traffic is logged at all, nothing is removed and a warning goes to the outbox instead.

${LIFECYCLE_OPTIONS_HELP}`;

export async function runExpireCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: LIFECYCLE_OPTIONS });
  const now = clockFrom(values.now);
  const stack = await openLocalStack(values['data-dir']);
  let result: ExpireResult;
  try {
    result = await expireUnused(localLifecycleDeps(stack, now), { dryRun: values['dry-run'] });
  } finally {
    await stack.close();
  }
  if (values.json) {
    io.stdout.write(
      `${JSON.stringify({ expired: result.expired, warnings: result.warnings, ...(result.lapsed.length > 0 ? { lapsed: result.lapsed } : {}) })}\n`,
    );
    return 0;
  }
  const would = values['dry-run'] ? 'would be ' : '';
  const lines = [
    `${result.expired.length} entr${result.expired.length === 1 ? 'y' : 'ies'} ${would}expired${result.expired.length > 0 ? `: ${result.expired.map(terminalSafe).join(', ')}` : '.'}`,
  ];
  if (result.lapsed.length > 0)
    lines.push(
      `${result.lapsed.length} approval request(s) ${would}lapsed: ${result.lapsed.map(terminalSafe).join(', ')}`,
    );
  for (const warning of result.warnings) lines.push(`Warning: ${terminalSafe(warning)}`);
  io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
