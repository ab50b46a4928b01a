// Runs `npm run package` the way a first-time user would: no AWS credentials, no configuration, an empty home.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SERVICE_DIRECTORY = join(import.meta.dirname, '..', '..');
export const PACKAGE_DIRECTORY = join(SERVICE_DIRECTORY, '.serverless');
export const TEMPLATE_FILE = join(PACKAGE_DIRECTORY, 'cloudformation-template-update-stack.json');

export interface ServicePackage {
  /** The CloudFormation template `osls deploy` would send. */
  template: Record<string, unknown>;
  /** Deployment packages by file name (`ingest.zip`). */
  artifacts: Map<string, Buffer>;
}

/**
 * Packages the service with nothing but PATH and an empty HOME: any AWS_* variable, profile, or cached
 * login would let a credential-dependent step pass here and fail on a clean machine.
 */
export async function packageService(): Promise<ServicePackage> {
  const home = mkdtempSync(join(tmpdir(), 'egress-scout-package-home-'));
  rmSync(PACKAGE_DIRECTORY, { recursive: true, force: true });
  try {
    const { code, output } = await run('npm', ['run', 'package'], {
      cwd: SERVICE_DIRECTORY,
      // npm would otherwise ask the registry whether it is out of date: packaging needs no network.
      env: { PATH: process.env.PATH ?? '', HOME: home, npm_config_update_notifier: 'false' },
    });
    if (code !== 0 || !existsSync(TEMPLATE_FILE)) {
      throw new Error(`npm run package exited with ${code}:\n${output}`);
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
  const template = JSON.parse(readFileSync(TEMPLATE_FILE, 'utf8')) as Record<string, unknown>;
  const artifacts = new Map<string, Buffer>();
  for (const name of readdirSync(PACKAGE_DIRECTORY).filter((file) => file.endsWith('.zip'))) {
    artifacts.set(name, readFileSync(join(PACKAGE_DIRECTORY, name)));
  }
  return { template, artifacts };
}

/** Runs a command to completion, collecting stdout and stderr together. */
export function run(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: 'pipe' });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
    child.stdin.end();
  });
}
