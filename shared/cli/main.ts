// The egress-scout command line: one entry point, one subcommand per job, the same use cases as the Lambdas.

import { type CliIo, UsageError } from './cli-io.ts';
import { EXPIRE_USAGE, runExpireCommand } from './commands/expire.ts';
import { INGEST_USAGE, runIngest } from './commands/ingest.ts';
import { INVENTORY_USAGE, runInventory } from './commands/inventory.ts';
import { PROMOTE_USAGE, runPromoteCommand } from './commands/promote.ts';
import { runServe, SERVE_USAGE } from './commands/serve.ts';

interface Command {
  summary: string;
  usage: string;
  run: (argv: string[], io: CliIo) => Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  ingest: {
    summary: 'read firewall log files into the local inventory',
    usage: INGEST_USAGE,
    run: runIngest,
  },
  inventory: { summary: 'print the local inventory', usage: INVENTORY_USAGE, run: runInventory },
  promote: {
    summary: 'ask about new candidates, add approved entries to the rule group, report drift',
    usage: PROMOTE_USAGE,
    run: runPromoteCommand,
  },
  expire: {
    summary: 'take unused entries out of the rule group',
    usage: EXPIRE_USAGE,
    run: runExpireCommand,
  },
  serve: {
    summary: 'run everything locally: engines, API, approval pages and the web page (npm start)',
    usage: SERVE_USAGE,
    run: (argv, io) => runServe(argv, io),
  },
};

export const USAGE = `Usage: egress-scout <command> [options]

egress-scout learns an egress allowlist from AWS Network Firewall logs.

Commands:
${Object.entries(COMMANDS)
  .map(([name, command]) => `  ${name.padEnd(11)}${command.summary}`)
  .join('\n')}

Run 'egress-scout <command> --help' for a command's options.`;

/** Runs the command line and resolves to the process exit status. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${USAGE}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    io.stderr.write(`egress-scout: unknown command '${name}'\n\n${USAGE}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`egress-scout ${name}: ${(error as Error).message}\n\n${command.usage}\n`);
      return 2;
    }
    io.stderr.write(`egress-scout ${name}: ${(error as Error).message}\n`);
    return 1;
  }
}
