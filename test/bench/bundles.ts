// Benchmark section `bundles`: each function's minified bundle (built as serverless.yml builds it) and its module initialisation time.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BuildOptions, build } from 'esbuild';
import { thousands } from './ingest-throughput.ts';
import type { BenchSection } from './section.ts';
import { median } from './timing.ts';

export interface BundleFigures {
  function: string;
  /** The minified bundle, without its source map. */
  bytes: number;
  /** Median over fresh `node` processes of the time to import the bundle (module initialisation). */
  initMs: number;
}

const FUNCTIONS_DIR = join(import.meta.dirname, '..', '..', 'functions');

/** serverless.yml's `custom.esbuild`, for the Node this machine runs (Lambda's is nodejs24.x). */
const BUNDLE_OPTIONS: BuildOptions = {
  bundle: true,
  minify: true,
  sourcemap: true,
  format: 'esm',
  platform: 'node',
  target: `node${process.versions.node.split('.')[0]}`,
  mainFields: ['module', 'main'],
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
};

/** Imports a module and prints how long the import took, from inside the fresh process. */
const IMPORT_TIMER =
  'const started = performance.now(); await import(process.argv[1]); console.log(performance.now() - started);';

export async function measureBundles(quick: boolean): Promise<BundleFigures[]> {
  const directory = mkdtempSync(join(tmpdir(), 'egress-scout-bundles-'));
  try {
    const env = initEnvironment(directory);
    const figures: BundleFigures[] = [];
    for (const name of readdirSync(FUNCTIONS_DIR).sort()) {
      const outfile = join(directory, `${name}.mjs`);
      await build({ ...BUNDLE_OPTIONS, entryPoints: [join(FUNCTIONS_DIR, name, 'handler.ts')], outfile });
      const times: number[] = [];
      for (let run = 0; run < (quick ? 2 : 7); run++) times.push(importMs(outfile, env));
      figures.push({
        function: name,
        bytes: statSync(outfile).size,
        initMs: Math.round(median(times) * 10) / 10,
      });
    }
    return figures;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

function importMs(file: string, env: NodeJS.ProcessEnv): number {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', IMPORT_TIMER, file], {
    env,
    encoding: 'utf8',
  });
  const ms = Number(run.stdout.trim().split('\n').at(-1));
  if (run.status !== 0 || !Number.isFinite(ms)) {
    throw new Error(`importing ${file} failed (${run.status}):\n${run.stderr}`);
  }
  return ms;
}

/**
 * What the functions read at initialisation, as their deployed configuration gives it (local
 * endpoints, which initialisation never calls; a signing key in a file rather than Secrets Manager).
 */
function initEnvironment(directory: string): NodeJS.ProcessEnv {
  const secretFile = join(directory, 'approval-secret');
  writeFileSync(secretFile, randomBytes(32).toString('base64'));
  return {
    PATH: process.env.PATH,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    POWERTOOLS_SERVICE_NAME: 'egress-scout',
    POWERTOOLS_METRICS_NAMESPACE: 'EgressScout',
    TABLE_NAME: 'egress-scout-inventory',
    DYNAMODB_ENDPOINT: 'http://127.0.0.1:9',
    RULE_GROUP_ARN:
      'arn:aws:network-firewall:us-east-1:123456789012:stateful-rulegroup/egress-scout-allowlist',
    NETWORK_FIREWALL_ENDPOINT: 'http://127.0.0.1:9',
    TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:egress-scout-notifications',
    SNS_ENDPOINT: 'http://127.0.0.1:9',
    APPROVAL_SECRET_FILE: secretFile,
    APPROVAL_BASE_URL: 'https://abc123.execute-api.us-east-1.amazonaws.com',
  };
}

export const bundlesSection: BenchSection<BundleFigures[]> = {
  key: 'bundles',
  title: 'Function bundles: minified size and module initialisation (targets < 1 MB, < 300 ms)',
  run: (options) => measureBundles(options.quick),
  table: (figures) => [
    'function   bytes        init ms (median of fresh processes)',
    ...figures.map(
      (f) =>
        `${f.function.padEnd(10)} ${thousands(f.bytes).padStart(11)}  ${f.initMs.toFixed(1).padStart(8)}`,
    ),
  ],
};
