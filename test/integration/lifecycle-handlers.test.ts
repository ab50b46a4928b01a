import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateRuleGroupCommand } from '@aws-sdk/client-network-firewall';
import { CreateTopicCommand } from '@aws-sdk/client-sns';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalEndpoint } from '../../shared/adapters/local/local-endpoint-server.ts';
import { startLocalNetworkFirewall } from '../../shared/adapters/local/local-network-firewall.ts';
import { type LocalSns, readOutbox, startLocalSns } from '../../shared/adapters/local/local-sns.ts';
import { createNetworkFirewallClient } from '../../shared/adapters/network-firewall/client.ts';
import { createSnsClient } from '../../shared/adapters/sns/client.ts';
import { ingestBatch } from '../../shared/app/ingest-batch.ts';
import { createTestTable } from '../support/dynamodb.ts';
import { sightingMessages } from '../support/lifecycle-fixture.ts';

type Handler = (event: unknown, context: Context) => Promise<Record<string, unknown>>;
const context = {
  functionName: 'egress-scout-promote',
  awsRequestId: 'test',
  getRemainingTimeInMillis: () => 60_000,
} as unknown as Context;

let dataDir: string;
let firewall: LocalEndpoint;
let sns: LocalSns;
let promote: Handler;
let expire: Handler;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'egress-scout-handlers-'));
  firewall = await startLocalNetworkFirewall({ dataDir });
  sns = await startLocalSns({ dataDir });
  const table = await createTestTable();
  const created = await createNetworkFirewallClient({ endpoint: firewall.endpoint }).send(
    new CreateRuleGroupCommand({
      RuleGroupName: 'handlers',
      Type: 'STATEFUL',
      Capacity: 100,
      RuleGroup: {
        RulesSource: {
          RulesSourceList: { Targets: [], TargetTypes: ['TLS_SNI'], GeneratedRulesType: 'ALLOWLIST' },
        },
      },
    }),
  );
  const { TopicArn } = await createSnsClient({ endpoint: sns.endpoint }).send(
    new CreateTopicCommand({ Name: 'handlers' }),
  );
  const secretFile = join(dataDir, 'approval-secret');
  writeFileSync(secretFile, randomBytes(32).toString('base64'));
  Object.assign(process.env, {
    TABLE_NAME: table.tableName,
    DYNAMODB_ENDPOINT: table.endpoint,
    RULE_GROUP_ARN: created.RuleGroupResponse?.RuleGroupArn,
    NETWORK_FIREWALL_ENDPOINT: firewall.endpoint,
    TOPIC_ARN: TopicArn,
    SNS_ENDPOINT: sns.endpoint,
    APPROVAL_SECRET_FILE: secretFile,
    APPROVAL_BASE_URL: 'https://api.example.test',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  const now = Date.now();
  await ingestBatch(
    { store: table.store, now: () => now },
    {
      batchId: 'handlers',
      events: sightingMessages([{ hostname: 'api.github.com', days: [1, 2, 3] }]).map((e, i) => ({
        ...e,
        message: e.message.replace(
          /"timestamp":"[^"]+"/,
          `"timestamp":"${new Date(now - (i % 3) * 86_400_000).toISOString()}"`,
        ),
      })),
    },
  );
  ({ handler: promote } = (await import('../../functions/promote/handler.ts')) as unknown as {
    handler: Handler;
  });
  ({ handler: expire } = (await import('../../functions/expire/handler.ts')) as unknown as {
    handler: Handler;
  });
});

afterAll(async () => {
  await firewall.stop();
  await sns.stop();
});

describe('the promote and expire Lambda handlers', () => {
  it('promote asks for approval by SNS with a link to the API, and a dry run changes nothing', async () => {
    const dry = await promote({ dryRun: true }, context);
    const before = readOutbox(dataDir).length;
    const run = await promote({}, context);

    expect(dry).toMatchObject({ pending: [{ target: 'api.github.com' }] });
    expect(before).toBe(0);
    expect(run).toMatchObject({
      pending: [{ target: 'api.github.com', hostnames: ['api.github.com'] }],
      promoted: [],
    });
    const digest = readOutbox(dataDir).at(-1);
    expect(digest?.subject).toBe('egress-scout: 1 allowlist entry to review');
    expect(digest?.message).toMatch(/review and decide: https:\/\/api\.example\.test\/approvals\/v1\./);
  });

  it('expire has nothing to expire yet and says so', async () => {
    await expect(expire({}, context)).resolves.toEqual({ expired: [], lapsed: [], warnings: [] });
  });
});
