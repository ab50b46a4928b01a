import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryInventoryStore } from '../../shared/adapters/memory/memory-inventory-store.ts';
import { ingestBatch } from '../../shared/app/ingest-batch.ts';
import { awslogsEvent, dataMessage, generateFirewallMessages } from '../../shared/cli/demo-traffic.ts';
import type { HostnameDetail } from '../../shared/domain/inventory.ts';
import { createTestTable, type TestTable } from '../support/dynamodb.ts';
import { corpusPath, eventJson } from '../support/fixtures.ts';

type Handler = (event: unknown, context: Context) => Promise<Record<string, unknown>>;

const context = {
  functionName: 'egress-scout-ingest',
  functionVersion: '$LATEST',
  awsRequestId: 'test-request',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:egress-scout-ingest',
  memoryLimitInMB: '512',
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;

let table: TestTable;
let handler: Handler;

beforeAll(async () => {
  table = await createTestTable();
  process.env.TABLE_NAME = table.tableName;
  process.env.DYNAMODB_ENDPOINT = table.endpoint;
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  ({ handler } = (await import('../../functions/ingest/handler.ts')) as unknown as { handler: Handler });
});

async function exported(store: { exportHostnames(): AsyncIterable<HostnameDetail> }) {
  const out: HostnameDetail[] = [];
  for await (const detail of store.exportHostnames()) out.push(detail);
  return out;
}

describe('the ingest Lambda handler against DynamoDB Local', () => {
  it('counts every event of the sample subscription events once, even when invoked twice', async () => {
    const week = eventJson('ingest/week-alerts.awslogs.json');
    const second = eventJson('ingest/second-firewall.awslogs.json');

    const first = await handler(week, context);
    const duplicate = await handler(week, context);
    await handler(second, context);

    expect(first).toMatchObject({ control: false, events: 1000 });
    expect(duplicate).toMatchObject({ itemsWritten: 0 });
    const model = new MemoryInventoryStore();
    for (const decoded of ['ingest/week-alerts.decoded.json', 'ingest/second-firewall.decoded.json']) {
      const payload = eventJson<{ logEvents: { message: string; timestamp: number }[] }>(decoded);
      await ingestBatch({ store: model, now: Date.now }, { batchId: decoded, events: payload.logEvents });
    }
    expect(await exported(table.store)).toEqual(await exported(model));
    const github = await table.store.getHostname('api.github.com');
    expect(github?.firewalls).toEqual(['egress-firewall', 'egress-firewall-eu']);
    expect(github?.availabilityZones.length).toBeGreaterThanOrEqual(3);
  });

  it('acknowledges a control message and writes nothing', async () => {
    await expect(handler(eventJson('ingest/control-message.awslogs.json'), context)).resolves.toEqual({
      control: true,
    });
  });

  it('reads third-party subscription events whose messages are not firewall records without failing', async () => {
    const event = JSON.parse(readFileSync(corpusPath('aws-lambda-go/cloudwatch-logs-event.json'), 'utf8'));

    await expect(handler(event, context)).resolves.toMatchObject({
      events: 2,
      rejected: { total: 2, byReason: { not_json: 2 } },
    });
  });

  it('counts a 10,000-event batch in full', async () => {
    const events = generateFirewallMessages({
      events: 10_000,
      seed: 99,
      startTime: Date.now() - 3_600_000,
      hostnames: 300,
    });

    const result = await handler(awslogsEvent(dataMessage(events, { batchNumber: 99 })), context);

    expect(result).toMatchObject({ events: 10_000 });
    expect((result.accepted as number) + (result.rejected as { total: number }).total).toBe(10_000);
    // Blocked connections are two records (observe alert + drop), one hit.
    expect(result.observations as number).toBeLessThan(result.accepted as number);
  });

  it.each([
    ['no awslogs at all', {}, 'invalid_payload_shape'],
    ['data that is not base64', { awslogs: { data: '***' } }, 'not_base64'],
    [
      'data that is not compressed',
      { awslogs: { data: Buffer.from('{}').toString('base64') } },
      'not_compressed',
    ],
    [
      'compressed data that is not JSON',
      { awslogs: { data: gzipSync('oops').toString('base64') } },
      'not_json',
    ],
    [
      'a gzip bomb inside the 1 MB payload limit',
      { awslogs: { data: gzipSync(Buffer.alloc(200 * 1024 * 1024)).toString('base64') } },
      'decompressed_too_large',
    ],
  ])(
    'fails a batch with %s with its reason, so Lambda hands it to the on-failure destination',
    async (_name, event, reason) => {
      await expect(handler(event, context)).rejects.toMatchObject({ reason });
    },
  );
});
