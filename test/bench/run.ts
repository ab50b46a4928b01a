// Runs the benchmarks (npm run bench): a readable table, or one JSON object with `-- --json`.
//
// Each section is a module exporting a BenchSection, listed in SECTIONS. Options: --json, --quick
// (smoke run), --only=<key,key> (e.g. --only=ingest).
import { apiSection } from './api-latency.ts';
import { bundlesSection } from './bundles.ts';
import { dynamoSections } from './dynamo-writes.ts';
import { ingestSection } from './ingest-throughput.ts';
import { describeMachine } from './machine.ts';
import { promoteSection } from './promote-calls.ts';
import type { BenchOptions, BenchSection } from './section.ts';

const SECTIONS: BenchSection<unknown>[] = [
  ingestSection,
  ...dynamoSections,
  bundlesSection,
  apiSection,
  promoteSection,
] as BenchSection<unknown>[];

async function main(argv: string[]): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const json = argv.includes('--json');
  const options: BenchOptions = { quick: argv.includes('--quick') };
  const only = argv
    .find((arg) => arg.startsWith('--only='))
    ?.slice('--only='.length)
    .split(',');
  const unknown = only?.filter((key) => !SECTIONS.some((section) => section.key === key)) ?? [];
  if (unknown.length > 0) throw new Error(`unknown section(s) ${unknown.join(', ')}`);

  const machine = describeMachine();
  const output: Record<string, unknown> = { machine };
  if (!json) {
    console.log(
      `egress-scout benchmarks — Node ${machine.node} (V8 ${machine.v8}), ${machine.platform}, ` +
        `${machine.cores} × ${machine.cpu}, ${machine.memoryGiB} GiB, load ${machine.loadAverage}` +
        (options.quick ? ' — QUICK RUN, figures not for quoting' : ''),
    );
  }
  for (const section of SECTIONS) {
    if (only !== undefined && !only.includes(section.key)) continue;
    const figures = await section.run(options);
    output[section.key] = figures;
    if (!json)
      console.log(['', `## ${section.title} (${section.key})`, ...section.table(figures)].join('\n'));
  }
  if (json) console.log(JSON.stringify(output));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
