// Benchmark section `bundles`: each function's bundle as serverless.yml builds it — minified size and module initialisation time.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BuildOptions, build } from 'esbuild';
import { parseCloudFormationYaml } from '../support/cloudformation/cloudformation-yaml.ts';
import { runNode } from '../support/run-cli.ts';
import { SERVICE_DIRECTORY } from '../support/serverless-package.ts';
import { thousands } from './ingest-throughput.ts';
import { type BenchSection, benchTable } from './section.ts';
import { median } from './timing.ts';

export interface BundleFigures {
  function: string;
  /** The minified bundle (`handler.mjs`), without its source map. */
  bytes: number;
  sourceMapBytes: number;
  /** Median over `processes` fresh `node` processes of the time to import the bundle. */
  initMs: number;
  processes: number;
}

/** serverless-esbuild's own settings: it removes them before calling esbuild (see its bundle.js). */
const PLUGIN_ONLY_SETTINGS = [
  'concurrency',
  'zipConcurrency',
  'exclude',
  'nativeZip',
  'packager',
  'packagePath',
  'watch',
  'keepOutputDirectory',
  'packagerOptions',
  'installExtraArgs',
  'outputFileExtension',
  'outputBuildFolder',
  'outputWorkFolder',
  'nodeExternals',
  'skipBuild',
  'skipRebuild',
  'skipBuildExcludeFns',
  'stripEntryResolveExtensions',
  'disposeContext',
  'config',
];

/** What a cold start would find in its environment (the values only need to pass the config checks). */
const FUNCTION_ENVIRONMENT = {
  AWS_REGION: 'us-east-1',
  TABLE_NAME: 'egress-scout-bench',
  RULE_GROUP_ARN: 'arn:aws:network-firewall:us-east-1:123456789012:stateful-rulegroup/egress-scout-bench',
  TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:egress-scout-bench',
  APPROVAL_BASE_URL: 'https://egress-scout.example.invalid',
  POWERTOOLS_METRICS_DISABLED: 'true',
  // The SDK warns on Node 20 (Lambda runs nodejs24.x); the warning's stack trace is no part of a cold start.
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

export const bundlesSection: BenchSection<BundleFigures[]> = {
  key: 'bundles',
  title:
    'Function bundles (esbuild as serverless.yml configures it; init = a fresh node importing the bundle)',
  async run(options) {
    const service = readServerlessYaml();
    const directory = mkdtempSync(join(tmpdir(), 'egress-scout-bench-bundles-'));
    try {
      const secretFile = join(directory, 'approval-secret');
      writeFileSync(secretFile, randomBytes(32).toString('base64'));
      const figures: BundleFigures[] = [];
      for (const name of functionNames()) {
        const outdir = join(directory, name);
        await build(esbuildOptions(service, join('functions', name, 'handler.ts'), outdir));
        const bundle = join(outdir, 'handler.mjs');
        const processes = options.quick ? 5 : 9;
        const times: number[] = [];
        for (let run = 0; run < processes; run++) {
          times.push(await importTime(bundle, service.nodeOptions, { APPROVAL_SECRET_FILE: secretFile }));
        }
        figures.push({
          function: name,
          bytes: statSync(bundle).size,
          sourceMapBytes: statSync(`${bundle}.map`).size,
          initMs: Math.round(median(times) * 10) / 10,
          processes,
        });
      }
      return figures;
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  },
  table(figures) {
    return [
      ...benchTable(
        ['function', 'bundle bytes', 'source map bytes', 'init ms (median)', 'processes'],
        figures.map((f) => [
          f.function,
          thousands(f.bytes),
          thousands(f.sourceMapBytes),
          f.initMs.toFixed(1),
          String(f.processes),
        ]),
      ),
      'Targets: each bundle under 1 MB minified, init under 300 ms. Init runs with the NODE_OPTIONS of',
      'serverless.yml (--enable-source-maps: the map is read at load) and the SDK clients made, as on a cold start.',
    ];
  },
};

interface ServiceSettings {
  /** custom.esbuild */
  esbuild: Record<string, unknown>;
  /** provider.runtime, e.g. nodejs24.x */
  runtime: string;
  /** provider.environment.NODE_OPTIONS split into arguments. */
  nodeOptions: string[];
}

function readServerlessYaml(): ServiceSettings {
  const service = parseCloudFormationYaml(
    readFileSync(join(SERVICE_DIRECTORY, 'serverless.yml'), 'utf8'),
  ) as {
    provider: { runtime: string; environment?: { NODE_OPTIONS?: string } };
    custom: { esbuild: Record<string, unknown> };
  };
  return {
    esbuild: service.custom.esbuild,
    runtime: service.provider.runtime,
    nodeOptions: (service.provider.environment?.NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean),
  };
}

/** Every function the repository has (functions/<name>/handler.ts), deployed or about to be. */
function functionNames(): string[] {
  const functions = join(SERVICE_DIRECTORY, 'functions');
  return readdirSync(functions)
    .filter((name) => statSync(join(functions, name, 'handler.ts'), { throwIfNoEntry: false })?.isFile())
    .sort();
}

/**
 * The options serverless-esbuild passes to esbuild for one function: its defaults (bundle, platform
 * node, the runtime's node target, `exclude` as externals), overridden by custom.esbuild less its own
 * settings, and the output extension it asks for.
 */
function esbuildOptions(service: ServiceSettings, entry: string, outdir: string): BuildOptions {
  const settings: Record<string, unknown> = { ...service.esbuild };
  const exclude = (settings.exclude as string[] | undefined) ?? ['aws-sdk'];
  const external = [
    ...((settings.external as string[] | undefined) ?? []),
    ...(exclude.includes('*') ? [] : exclude),
  ];
  const extension = (settings.outputFileExtension as string | undefined) ?? '.js';
  for (const key of PLUGIN_ONLY_SETTINGS) delete settings[key];
  const target = /^nodejs(\d+)/.exec(service.runtime)?.[1];
  return {
    bundle: true,
    platform: 'node',
    ...(target === undefined ? {} : { target: `node${target}` }),
    ...settings,
    external,
    ...(extension === '.js' ? {} : { outExtension: { '.js': extension } }),
    entryPoints: [join(SERVICE_DIRECTORY, entry)],
    outdir,
    absWorkingDir: SERVICE_DIRECTORY,
    logLevel: 'error',
  } as BuildOptions;
}

/** Milliseconds a fresh `node` takes to import the bundle (module evaluation and its top-level awaits). */
async function importTime(
  bundle: string,
  nodeOptions: string[],
  environment: Record<string, string>,
): Promise<number> {
  const script =
    'const start = performance.now();' +
    `await import(${JSON.stringify(pathToFileURL(bundle).href)});` +
    'process.stdout.write(String(performance.now() - start));';
  const { code, stdout, stderr } = await runNode([...nodeOptions, '--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH ?? '', ...FUNCTION_ENVIRONMENT, ...environment },
  });
  const ms = Number(stdout);
  if (code !== 0 || !Number.isFinite(ms)) {
    throw new Error(`importing ${bundle} failed (exit ${code}): ${stderr.slice(0, 2000)}`);
  }
  return ms;
}
