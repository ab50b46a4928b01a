// Runs `egress-scout serve` in this process on a free port, as the browser tests need it: started, then aborted.

import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CliIo } from '../../shared/cli/cli-io.ts';
import { runServe } from '../../shared/cli/commands/serve.ts';

export interface RunningServe {
  /** `http://127.0.0.1:<port>`, as serve printed it. */
  url: string;
  /** Everything serve printed so far (stdout and stderr). */
  output(): string;
  /** Stops it as Ctrl-C would and resolves to its exit status. */
  stop(): Promise<number>;
}

/** An io whose writes are collected in a string. */
export function collectingIo(): CliIo & { text(): string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      text += chunk.toString();
      callback();
    },
  });
  return { stdout: stream, stderr: stream, text: () => text };
}

/** Starts serve on `dataDir` (port 0: a free one) and resolves once it prints where it runs. */
export async function startServe(dataDir: string, args: string[] = []): Promise<RunningServe> {
  const io = collectingIo();
  const controller = new AbortController();
  let failure: unknown;
  const done = runServe(['--data-dir', dataDir, '--port', '0', ...args], io, controller.signal).catch(
    (error: unknown) => {
      failure = error;
      return 1;
    },
  );
  for (;;) {
    const url = /is running at (http:\/\/127\.0\.0\.1:\d+)/.exec(io.text())?.[1];
    if (url !== undefined) {
      return {
        url,
        output: io.text,
        stop: () => {
          controller.abort();
          return done;
        },
      };
    }
    if (failure !== undefined) throw failure;
    await sleep(100);
  }
}
