import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { runNode } from '../support/run-cli.ts';

const SERVICE_DIRECTORY = join(import.meta.dirname, '..', '..');

const count = expect.any(Number);

describe('npm run bench -- --json --quick', () => {
  it('prints one JSON object with every section the issue asks for, the fast paths identical to the references', async () => {
    // Act: figures are not checked (a quick run on a shared machine), only their shape and the checks.
    const { code, stdout, stderr } = await runNode(
      [
        '--import',
        'tsx',
        'test/bench/run.ts',
        '--json',
        '--quick',
        `--dynamodb-endpoint=${inject('dynamoDbEndpoint')}`,
      ],
      { cwd: SERVICE_DIRECTORY, env: process.env },
    );

    // Assess
    expect(code, stderr).toBe(0);
    const figures = JSON.parse(stdout);
    expect(figures).toMatchObject({
      ingest: [1000, 5000, 10_000].map((events) => ({
        events,
        oursEventsPerSec: count,
        naiveEventsPerSec: count,
        floorEventsPerSec: count,
        identical: true,
      })),
      writes: [{ events: 1000, uniqueKeys: count, writeRequests: count, writesMatchKeys: true }],
      endToEnd: { events: count, eventsPerSec: count, writeRequests: count },
      bundles: ['api', 'expire', 'ingest', 'promote'].map((name) => ({
        function: name,
        bytes: count,
        initMs: count,
      })),
      api: { listP50Ms: count, listP99Ms: count, detailP50Ms: count, detailP99Ms: count },
      promote: { entries: 100, describeCalls: count, updateCalls: 1, wallMs: count },
    });
    expect(figures.promote.describeCalls).toBeGreaterThanOrEqual(1);
  }, 300_000);
});
