// The whole pipeline on one machine: DynamoDB Local, the local Network Firewall and SNS endpoints, in a data dir.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  CreateRuleGroupCommand,
  DescribeRuleGroupCommand,
  type NetworkFirewallClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-network-firewall';
import { CreateTopicCommand } from '@aws-sdk/client-sns';
import { MIN_SECRET_BYTES } from '../../domain/approval-token.ts';
import { createDocumentClient, createDynamoClient } from '../dynamodb/document-client.ts';
import { DynamoEntryStore } from '../dynamodb/dynamo-entry-store.ts';
import { DynamoInventoryStore } from '../dynamodb/dynamo-inventory-store.ts';
import { ensureInventoryTable } from '../dynamodb/ensure-table.ts';
import { createNetworkFirewallClient } from '../network-firewall/client.ts';
import { NetworkFirewallRuleGroup } from '../network-firewall/network-firewall-rule-group.ts';
import { createSnsClient } from '../sns/client.ts';
import { SnsNotifier } from '../sns/sns-notifier.ts';
import { answers, startDynamoDbLocal } from './dynamodb-local.ts';
import { startLocalNetworkFirewall } from './local-network-firewall.ts';
import { startLocalSns } from './local-sns.ts';

export const DEFAULT_DATA_DIR = '.egress-scout';
export const LOCAL_TABLE_NAME = 'egress-scout-inventory';
export const LOCAL_RULE_GROUP_NAME = 'egress-scout-allowlist';
export const LOCAL_RULE_GROUP_CAPACITY = 2000;
export const LOCAL_TOPIC_NAME = 'egress-scout-notifications';
/** Where `serve` listens unless told otherwise; approval links point here. */
export const DEFAULT_PORT = 3000;
/** Written by `serve` while it runs, so other commands use its engines instead of starting second ones. */
export const STACK_FILE = 'stack.json';
const SECRET_FILE = 'approval-secret';

/** What a running stack advertises in its data dir. */
export interface StackEndpoints {
  pid: number;
  dynamoDbEndpoint: string;
  networkFirewallEndpoint: string;
  snsEndpoint: string;
  ruleGroupArn: string;
  topicArn: string;
  /** The web server's URL, when a `serve` runs. */
  apiUrl?: string | undefined;
}

export interface LocalStack {
  dataDir: string;
  endpoints: StackEndpoints;
  inventory: DynamoInventoryStore;
  entries: DynamoEntryStore;
  ruleGroup: NetworkFirewallRuleGroup;
  notifier: SnsNotifier;
  /** The approval-link signing key, generated into the data dir on first use (never in the repo). */
  approvalSecret: Buffer;
  /** True when another process (a running `serve`) owns the engines. */
  shared: boolean;
  /** Advertises this stack (and the web server's URL) to other commands on the same data dir. */
  advertise(apiUrl: string): void;
  /** Stops what this call started; leaves a shared stack running. */
  close(): Promise<void>;
}

/**
 * Opens the stack kept in `dataDir`: the running `serve`'s engines when there is one, else its own —
 * DynamoDB Local persisting to `<dataDir>/dynamodb`, the local Network Firewall endpoint with the
 * managed rule group, and the local SNS endpoint writing every notification to `<dataDir>/outbox/`.
 *
 * @example
 * const stack = await openLocalStack('.egress-scout');
 * try { … stack.inventory … } finally { await stack.close(); }
 */
export async function openLocalStack(dataDir: string): Promise<LocalStack> {
  const directory = resolve(dataDir);
  mkdirSync(directory, { recursive: true });
  const approvalSecret = loadOrCreateSecret(directory);
  const running = await findRunningStack(directory);
  if (running !== undefined) return connect(directory, running, approvalSecret, true, async () => {});

  const dbPath = join(directory, 'dynamodb');
  mkdirSync(dbPath, { recursive: true });
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop();
  };
  try {
    const dynamo = await startDynamoDbLocal({ dbPath });
    stops.push(() => dynamo.stop());
    const firewall = await startLocalNetworkFirewall({ dataDir: directory });
    stops.push(() => firewall.stop());
    const sns = await startLocalSns({ dataDir: directory });
    stops.push(() => sns.stop());
    const endpoints: StackEndpoints = {
      pid: process.pid,
      dynamoDbEndpoint: dynamo.endpoint,
      networkFirewallEndpoint: firewall.endpoint,
      snsEndpoint: sns.endpoint,
      ruleGroupArn: await ensureRuleGroup(firewall.endpoint),
      topicArn: await ensureTopic(sns.endpoint),
    };
    const dynamoClient = createDynamoClient({ endpoint: dynamo.endpoint });
    await ensureInventoryTable(dynamoClient, LOCAL_TABLE_NAME);
    dynamoClient.destroy();
    let advertised = false;
    return connect(
      directory,
      endpoints,
      approvalSecret,
      false,
      async () => {
        if (advertised) rmSync(join(directory, STACK_FILE), { force: true });
        await stopAll();
      },
      () => {
        advertised = true;
      },
    );
  } catch (error) {
    await stopAll();
    throw error;
  }
}

function connect(
  directory: string,
  endpoints: StackEndpoints,
  approvalSecret: Buffer,
  shared: boolean,
  close: () => Promise<void>,
  onAdvertise: () => void = () => {},
): LocalStack {
  const documentClient = createDocumentClient({ endpoint: endpoints.dynamoDbEndpoint });
  return {
    dataDir: directory,
    endpoints,
    inventory: new DynamoInventoryStore({ client: documentClient, tableName: LOCAL_TABLE_NAME }),
    entries: new DynamoEntryStore({ client: documentClient, tableName: LOCAL_TABLE_NAME }),
    ruleGroup: new NetworkFirewallRuleGroup({
      client: createNetworkFirewallClient({ endpoint: endpoints.networkFirewallEndpoint }),
      ruleGroupArn: endpoints.ruleGroupArn,
    }),
    notifier: new SnsNotifier({
      client: createSnsClient({ endpoint: endpoints.snsEndpoint }),
      topicArn: endpoints.topicArn,
    }),
    approvalSecret,
    shared,
    advertise(apiUrl: string) {
      if (shared) return;
      endpoints.apiUrl = apiUrl;
      writeFileSync(join(directory, STACK_FILE), `${JSON.stringify(endpoints, null, 2)}\n`);
      onAdvertise();
    },
    close,
  };
}

/** The stack a `serve` in this data dir advertises, if its process is alive and its engine answers. */
export async function findRunningStack(directory: string): Promise<StackEndpoints | undefined> {
  let stack: StackEndpoints;
  try {
    stack = JSON.parse(readFileSync(join(directory, STACK_FILE), 'utf8')) as StackEndpoints;
  } catch {
    return undefined;
  }
  if (typeof stack.pid !== 'number' || typeof stack.dynamoDbEndpoint !== 'string') return undefined;
  try {
    process.kill(stack.pid, 0);
  } catch {
    return undefined;
  }
  return (await answers(Number(new URL(stack.dynamoDbEndpoint).port))) ? stack : undefined;
}

function loadOrCreateSecret(directory: string): Buffer {
  const path = join(directory, SECRET_FILE);
  if (existsSync(path)) {
    const secret = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
    if (secret.length >= MIN_SECRET_BYTES) return secret;
  }
  const secret = randomBytes(MIN_SECRET_BYTES);
  writeFileSync(path, `${secret.toString('base64')}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  return secret;
}

/** The managed domain list, created on first use as infra/firewall/allowlist-rule-group.yml declares it. */
async function ensureRuleGroup(endpoint: string): Promise<string> {
  const client = createNetworkFirewallClient({ endpoint });
  try {
    const described = await client.send(
      new DescribeRuleGroupCommand({ RuleGroupName: LOCAL_RULE_GROUP_NAME, Type: 'STATEFUL' }),
    );
    return described.RuleGroupResponse?.RuleGroupArn as string;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  const arn = await createAllowlistRuleGroup(client, LOCAL_RULE_GROUP_NAME, LOCAL_RULE_GROUP_CAPACITY);
  client.destroy();
  return arn;
}

/**
 * Creates an empty managed domain list as infra/firewall/allowlist-rule-group.yml declares it (TLS SNI
 * and HTTP Host, an allowlist) with `capacity` units, holding `targets` (none unless told); its ARN.
 *
 * @example
 * const arn = await createAllowlistRuleGroup(createNetworkFirewallClient({ endpoint }), 'allowlist', 2000);
 */
export async function createAllowlistRuleGroup(
  client: NetworkFirewallClient,
  name: string,
  capacity: number,
  targets: string[] = [],
): Promise<string> {
  const created = await client.send(
    new CreateRuleGroupCommand({
      RuleGroupName: name,
      Type: 'STATEFUL',
      Capacity: capacity,
      Description: 'Egress allowlist managed by egress-scout',
      RuleGroup: {
        RulesSource: {
          RulesSourceList: {
            Targets: targets,
            TargetTypes: ['TLS_SNI', 'HTTP_HOST'],
            GeneratedRulesType: 'ALLOWLIST',
          },
        },
        StatefulRuleOptions: { RuleOrder: 'STRICT_ORDER' },
      },
    }),
  );
  return created.RuleGroupResponse?.RuleGroupArn as string;
}

async function ensureTopic(endpoint: string): Promise<string> {
  const client = createSnsClient({ endpoint });
  const { TopicArn } = await client.send(new CreateTopicCommand({ Name: LOCAL_TOPIC_NAME }));
  client.destroy();
  return TopicArn as string;
}
