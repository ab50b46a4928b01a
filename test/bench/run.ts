// Runs the benchmarks (npm run bench): a readable table, or one JSON object with `-- --json`.
//
// Each section is a module exporting a BenchSection; SECTIONS lists them in the order they run.
// Options: --json, --quick (smoke run), --only=<key,key> (e.g. --only=ingest), --dynamodb-endpoint=<url>
// (use that DynamoDB Local instead of starting one).
import { type DynamoDbLocal, startDynamoDbLocal } from '../../shared/adapters/local/dynamodb-local.ts';
import { apiSection } from './api-latency.ts';
import { bundlesSection } from './bundles.ts';
import { dynamoSections } from './dynamo-writes.ts';
import { ingestSection } from './ingest-throughput.ts';
import { describeMachine, machineLine } from './machine.ts';
import { promoteSection } from './promote-calls.ts';
import type { BenchOptions, BenchSection } from './section.ts';

const SECTIONS = [
  ingestSection,
  ...dynamoSections,
  bundlesSection,
  apiSection,
  promoteSection,
] as BenchSection<unknown>[];

async function main(argv: string[]): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const json = argv.includes('--json');
  const only = argv
    .find((arg) => arg.startsWith('--only='))
    ?.slice('--only='.length)
    .split(',');
  const unknown = only?.filter((key) => !SECTIONS.some((section) => section.key === key)) ?? [];
  if (unknown.length > 0) throw new Error(`unknown section(s) ${unknown.join(', ')}`);
  const givenEndpoint = argv.find((arg) => arg.startsWith('--dynamodb-endpoint='))?.split('=')[1];
  let engine: Promise<DynamoDbLocal> | undefined;
  const options: BenchOptions = {
    quick: argv.includes('--quick'),
    dynamoDbEndpoint: async () => {
      if (givenEndpoint !== undefined) return givenEndpoint;
      engine ??= startDynamoDbLocal();
      return (await engine).endpoint;
    },
  };

  const machine = describeMachine();
  const output: Record<string, unknown> = { machine };
  if (!json) {
    console.log(
      `egress-scout benchmarks — ${machineLine(machine)}` +
        (options.quick ? ' — QUICK RUN, figures not for quoting' : ''),
    );
  }
  try {
    for (const section of SECTIONS) {
      if (only !== undefined && !only.includes(section.key)) continue;
      const figures = await section.run(options);
      output[section.key] = figures;
      if (!json)
        console.log(['', `## ${section.title} (${section.key})`, ...section.table(figures)].join('\n'));
    }
  } finally {
    await engine?.then((started) => started.stop()).catch(() => undefined);
  }
  if (json) console.log(JSON.stringify(output));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
