// Runs a deployment package the way Lambda would: unpacked into a directory, its handler imported by a fresh Node process.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { run } from './serverless-package.ts';
import { readZipEntries } from './zip-entries.ts';

/** What one invocation of a bundle gave. */
export interface BundleInvocation {
  /** The process's exit code: 0 when the handler returned. */
  code: number | null;
  /** stdout and stderr together (the function's log lines). */
  output: string;
  /** What the handler returned, or undefined when it threw or the process failed. */
  result: unknown;
}

/** Node's wrapper that imports the handler, calls it with the event and a Lambda-like context, and prints the result. */
const INVOKE_SCRIPT = [
  "import { readFileSync } from 'node:fs';",
  "import { pathToFileURL } from 'node:url';",
  'const [modulePath, exportName, eventPath, functionName] = process.argv.slice(2);',
  'const handler = (await import(pathToFileURL(modulePath).href))[exportName];',
  'const event = JSON.parse(readFileSync(eventPath, "utf8"));',
  'const context = { functionName, functionVersion: "$LATEST", memoryLimitInMB: "512",',
  '  invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:" + functionName,',
  '  awsRequestId: "test", getRemainingTimeInMillis: () => 60000 };',
  'const result = await handler(event, context);',
  'process.stdout.write("\\nRESULT " + JSON.stringify(result) + "\\n");',
].join('\n');

/** Writes every file of the deployment package `zip` under `directory`, as Lambda unpacks it to /var/task. */
export function unpackBundle(zip: Buffer, directory: string): void {
  for (const [path, content] of readZipEntries(zip)) {
    mkdirSync(dirname(join(directory, path)), { recursive: true });
    writeFileSync(join(directory, path), content);
  }
}

/**
 * Invokes the handler of an unpacked bundle once in a new Node process that sees only `env` (with
 * source maps on, as NODE_OPTIONS does on Lambda).
 *
 * @example
 * const { code, result } = await invokeBundle({
 *   directory, handler: 'functions/api/handler.handler', functionName: 'egress-scout-test-api',
 *   eventFile: 'events/api/list-hostnames.apigw-v2.json', env: { TABLE_NAME: 'inventory', … },
 * });
 */
export async function invokeBundle(options: {
  directory: string;
  /** As the Lambda function's Handler: `<module path without extension>.<export>`. */
  handler: string;
  functionName: string;
  eventFile: string;
  env: Record<string, string>;
}): Promise<BundleInvocation> {
  const script = join(options.directory, '.invoke.mjs');
  writeFileSync(script, INVOKE_SCRIPT);
  const separator = options.handler.lastIndexOf('.');
  const modulePath = join(options.directory, `${options.handler.slice(0, separator)}.mjs`);
  const { code, output } = await run(
    process.execPath,
    [
      '--enable-source-maps',
      script,
      modulePath,
      options.handler.slice(separator + 1),
      options.eventFile,
      options.functionName,
    ],
    { cwd: options.directory, env: options.env },
  );
  const line = /^RESULT (.*)$/m.exec(output)?.[1];
  return { code, output, result: line === undefined ? undefined : JSON.parse(line) };
}
