import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { CreateTopicCommand } from '@aws-sdk/client-sns';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalEndpoint } from '../../../shared/adapters/local/local-endpoint-server.ts';
import { startLocalNetworkFirewall } from '../../../shared/adapters/local/local-network-firewall.ts';
import { startLocalSns } from '../../../shared/adapters/local/local-sns.ts';
import { createAllowlistRuleGroup } from '../../../shared/adapters/local/local-stack.ts';
import { createNetworkFirewallClient } from '../../../shared/adapters/network-firewall/client.ts';
import { createSnsClient } from '../../../shared/adapters/sns/client.ts';
import {
  DEFAULT_APPROVAL_LINK_HOURS,
  DEFAULT_EXPIRE_AFTER_DAYS,
} from '../../../shared/app/lifecycle/lifecycle-deps.ts';
import { DEFAULT_QUERY_LIMITS } from '../../../shared/app/query-inventory.ts';
import { DEFAULT_COVERAGE_MAX_AGE_SECONDS, loadApiConfig } from '../../../shared/config/api-config.ts';
import { loadLifecycleConfig } from '../../../shared/config/lifecycle-config.ts';
import { MIN_SECRET_BYTES } from '../../../shared/domain/approval-token.ts';
import { DEFAULT_POLICY } from '../../../shared/domain/recommendation.ts';
import { API_ROUTES } from '../../../shared/http/api-routes.ts';
import { DEFAULT_CSV_MAX_BYTES } from '../../../shared/http/inventory-routes.ts';
import {
  findPolicyStatements,
  findWildcards,
  type Wildcard,
} from '../../support/cloudformation/iam-policies.ts';
import { resolveEnvironment } from '../../support/cloudformation/resolve-intrinsics.ts';
import { validateTemplate } from '../../support/cloudformation/template-validator.ts';
import { createTestTable, type TestTable } from '../../support/dynamodb.ts';
import { invokeBundle, unpackBundle } from '../../support/lambda-bundle.ts';
import { packageService, SERVICE_DIRECTORY, type ServicePackage } from '../../support/serverless-package.ts';
import { readZipEntries } from '../../support/zip-entries.ts';

// biome-ignore lint/suspicious/noExplicitAny: the template is JSON read freely; the expectations check its shape.
type Json = Record<string, any>;

/**
 * Wildcards that stay, each with the reason. Anything else in a policy of the packaged template fails.
 */
const ALLOWED_WILDCARDS: (Pick<Wildcard, 'logicalId' | 'kind' | 'value'> & { why: string })[] = [
  {
    logicalId: 'ServerlessDeploymentBucketPolicy',
    kind: 'action',
    value: 's3:*',
    why: "the framework's own Deny of non-TLS access to its deployment bucket: a wildcard in a Deny only takes away",
  },
  {
    logicalId: 'ServerlessDeploymentBucketPolicy',
    kind: 'resource',
    value: 'arn:<ref>:s3:::<ref>/*',
    why: 'the same Deny, over every object of that one bucket',
  },
];

const same = (
  a: Pick<Wildcard, 'logicalId' | 'kind' | 'value'>,
  b: Pick<Wildcard, 'logicalId' | 'kind' | 'value'>,
) => a.logicalId === b.logicalId && a.kind === b.kind && a.value === b.value;
const allowed = (wildcard: Wildcard) => ALLOWED_WILDCARDS.some((entry) => same(entry, wildcard));

/** The example allowlistRuleGroupArn of serverless.yml (the local Network Firewall names a group so too). */
const RULE_GROUP_ARN =
  'arn:aws:network-firewall:us-east-1:123456789012:stateful-rulegroup/egress-scout-allowlist';
const IN_TRANSACTIONS = {
  'ForAnyValue:StringEquals': { 'dynamodb:EnclosingOperation': 'TransactWriteItems' },
};

/**
 * What each role may do, as "<action> on <resource>": exactly the calls of its function's code (the
 * role files in infra/app/ trace them adapter by adapter), on that function's own resources.
 */
const GRANTS: Record<string, string[]> = {
  IngestRole: [
    'dynamodb:BatchGetItem on InventoryTable',
    'dynamodb:PutItem on InventoryTable in TransactWriteItems',
    'dynamodb:UpdateItem on InventoryTable in TransactWriteItems',
    'logs:CreateLogStream on IngestLogGroup',
    'logs:PutLogEvents on IngestLogGroup',
    'sqs:SendMessage on IngestFailureQueue',
  ],
  PromoteRole: [
    'dynamodb:BatchGetItem on InventoryTable',
    'dynamodb:BatchWriteItem on InventoryTable',
    'dynamodb:GetItem on InventoryTable',
    'dynamodb:PutItem on InventoryTable',
    'dynamodb:Query on InventoryTable',
    'dynamodb:Query on InventoryTable/index/byEntryStatus',
    'dynamodb:Query on InventoryTable/index/byLastSeen',
    'dynamodb:UpdateItem on InventoryTable',
    'logs:CreateLogStream on PromoteLogGroup',
    'logs:PutLogEvents on PromoteLogGroup',
    'network-firewall:DescribeRuleGroup on allowlistRuleGroupArn',
    'network-firewall:UpdateRuleGroup on allowlistRuleGroupArn',
    'secretsmanager:GetSecretValue on ApprovalSigningSecret',
    'sns:Publish on NotificationTopic',
  ],
  ExpireRole: [
    'dynamodb:BatchGetItem on InventoryTable',
    'dynamodb:BatchWriteItem on InventoryTable',
    'dynamodb:PutItem on InventoryTable in TransactWriteItems',
    'dynamodb:Query on InventoryTable',
    'dynamodb:Query on InventoryTable/index/byEntryStatus',
    'dynamodb:Query on InventoryTable/index/byLastSeen',
    'dynamodb:UpdateItem on InventoryTable',
    'logs:CreateLogStream on ExpireLogGroup',
    'logs:PutLogEvents on ExpireLogGroup',
    'network-firewall:DescribeRuleGroup on allowlistRuleGroupArn',
    'network-firewall:UpdateRuleGroup on allowlistRuleGroupArn',
    'secretsmanager:GetSecretValue on ApprovalSigningSecret',
    'sns:Publish on NotificationTopic',
  ],
  ApiRole: [
    'dynamodb:BatchGetItem on InventoryTable',
    'dynamodb:PutItem on InventoryTable in TransactWriteItems',
    'dynamodb:Query on InventoryTable',
    'dynamodb:Query on InventoryTable/index/byEntryStatus',
    'dynamodb:Query on InventoryTable/index/byHits',
    'dynamodb:Query on InventoryTable/index/byLastSeen',
    'dynamodb:Query on InventoryTable/index/byName',
    'dynamodb:Query on InventoryTable/index/byStatus',
    'dynamodb:UpdateItem on InventoryTable',
    'logs:CreateLogStream on ApiLogGroup',
    'logs:PutLogEvents on ApiLogGroup',
    'network-firewall:DescribeRuleGroup on allowlistRuleGroupArn',
    'secretsmanager:GetSecretValue on ApprovalSigningSecret',
    'sns:Publish on NotificationTopic',
  ],
};

/** Routes anyone may call: the token in an approval link is its own authority; the pages' stylesheet and icon. */
const PUBLIC_ROUTES = [
  'GET /approvals/{token}',
  'POST /approvals/{token}',
  'GET /assets/egress-scout.css',
  'GET /assets/egress-scout.svg',
];

/** What CloudFormation would put in for the template's Refs, in a stage deployed as `dev`. */
const AWS_REFS = {
  InventoryTable: 'egress-scout-dev-inventory',
  NotificationTopic: 'arn:aws:sns:us-east-1:123456789012:egress-scout-dev-notifications',
  ApprovalSigningSecret:
    'arn:aws:secretsmanager:us-east-1:123456789012:secret:egress-scout/dev/approval-signing-key-AbCdEf',
  HttpApi: 'abc123defg',
  'AWS::Region': 'us-east-1',
  'AWS::URLSuffix': 'amazonaws.com',
};

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

/** A policy resource by what it names: `InventoryTable`, `InventoryTable/index/byName`, a literal ARN. */
function resourceName(resource: unknown): string {
  if (resource === RULE_GROUP_ARN) return 'allowlistRuleGroupArn';
  if (typeof resource === 'string') return resource;
  const value = resource as Json;
  if (value['Fn::GetAtt']) return String(value['Fn::GetAtt'][0]);
  if (value.Ref) return String(value.Ref);
  if (typeof value['Fn::Sub'] === 'string') return value['Fn::Sub'].replace(/\$\{(\w+)\.Arn\}/g, '$1');
  return JSON.stringify(resource);
}

/** Every permission of a role's inline policies, one "<action> on <resource>[ condition]" line each. */
function grantsOf(role: Json): string[] {
  return findPolicyStatements({ Resources: { Role: role } })
    .filter(({ path }) => !path.includes('AssumeRolePolicyDocument'))
    .flatMap(({ statement }) => {
      const condition =
        statement.Condition === undefined
          ? ''
          : JSON.stringify(statement.Condition) === JSON.stringify(IN_TRANSACTIONS)
            ? ' in TransactWriteItems'
            : ` if ${JSON.stringify(statement.Condition)}`;
      const effect = statement.Effect === 'Allow' ? '' : `${String(statement.Effect)} `;
      return asList(statement.Action).flatMap((action) =>
        asList(statement.Resource).map(
          (resource) => `${effect}${String(action)} on ${resourceName(resource)}${condition}`,
        ),
      );
    })
    .sort();
}

describe('npm run package', () => {
  let packaged: ServicePackage;
  let resources: Record<string, Json>;
  let functions: [string, Json][];
  const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);
  const variablesOf = (logicalId: string): Json => resources[logicalId]?.Properties.Environment.Variables;

  beforeAll(async () => {
    packaged = await packageService();
    resources = packaged.template.Resources as Record<string, Json>;
    functions = ofType('AWS::Lambda::Function');
  }, 180_000);

  describe('the deployment packages', () => {
    it('are one per function in functions/, built without AWS credentials or configuration', () => {
      const keys = functions.map(([, fn]) => basename(String(fn.Properties.Code.S3Key)));
      const directories = readdirSync(join(SERVICE_DIRECTORY, 'functions')).sort();
      expect(directories).toEqual(['api', 'expire', 'ingest', 'promote']);
      expect(keys.sort()).toEqual(directories.map((name) => `${name}.zip`));
      expect([...packaged.artifacts.keys()].sort()).toEqual(keys);
    });

    it('each hold one ES module bundle with its source map, at the path the handler names', () => {
      for (const [, fn] of functions) {
        const module = `${String(fn.Properties.Handler).replace(/\.[^.]+$/, '')}.mjs`;
        const files = readZipEntries(packaged.artifacts.get(basename(fn.Properties.Code.S3Key)) as Buffer);
        expect([...files.keys()].sort()).toEqual([module, `${module}.map`]);
        expect(String(files.get(module))).toMatch(
          new RegExp(`//# sourceMappingURL=${basename(module)}\\.map\\s*$`),
        );
      }
    });
  });

  // Each bundle unpacked and run by a fresh Node process, with the environment its template gives it:
  // only the AWS endpoints are swapped for local engines (and the signing key for a file).
  describe('the bundles, run on their own against local engines', () => {
    let workspace: string;
    let table: TestTable;
    let firewall: LocalEndpoint;
    let sns: LocalEndpoint;
    let localEnvironment: (logicalId: string) => Record<string, string>;
    const invoke = (name: string, eventFile: string) => {
      const fn = resources[`${name[0]?.toUpperCase()}${name.slice(1)}LambdaFunction`] as Json;
      const directory = join(workspace, name);
      unpackBundle(packaged.artifacts.get(`${name}.zip`) as Buffer, directory);
      return invokeBundle({
        directory,
        handler: fn.Properties.Handler,
        functionName: fn.Properties.FunctionName,
        eventFile: join(SERVICE_DIRECTORY, 'events', eventFile),
        env: localEnvironment(`${name[0]?.toUpperCase()}${name.slice(1)}LambdaFunction`),
      });
    };

    beforeAll(async () => {
      workspace = mkdtempSync(join(tmpdir(), 'egress-scout-bundles-'));
      table = await createTestTable();
      firewall = await startLocalNetworkFirewall({ dataDir: workspace });
      sns = await startLocalSns({ dataDir: workspace });
      const firewallClient = createNetworkFirewallClient({ endpoint: firewall.endpoint });
      const created = await createAllowlistRuleGroup(firewallClient, 'egress-scout-allowlist', 2000);
      firewallClient.destroy();
      expect(created).toBe(RULE_GROUP_ARN);
      const snsClient = createSnsClient({ endpoint: sns.endpoint });
      const { TopicArn } = await snsClient.send(
        new CreateTopicCommand({ Name: 'egress-scout-notifications' }),
      );
      snsClient.destroy();
      const secretFile = join(workspace, 'approval-secret');
      writeFileSync(secretFile, Buffer.alloc(MIN_SECRET_BYTES, 7).toString('base64'));
      localEnvironment = (logicalId) => {
        const { APPROVAL_SECRET_ARN: secretArn, ...variables } = resolveEnvironment(variablesOf(logicalId), {
          ...AWS_REFS,
          InventoryTable: table.tableName,
          NotificationTopic: TopicArn as string,
        });
        return {
          ...variables,
          PATH: process.env.PATH ?? '',
          AWS_REGION: 'us-east-1',
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          DYNAMODB_ENDPOINT: table.endpoint,
          NETWORK_FIREWALL_ENDPOINT: firewall.endpoint,
          SNS_ENDPOINT: sns.endpoint,
          ...(secretArn === undefined ? {} : { APPROVAL_SECRET_FILE: secretFile }),
        };
      };
    });

    afterAll(async () => {
      await firewall?.stop();
      await sns?.stop();
      rmSync(workspace, { recursive: true, force: true });
    });

    it('ingest puts a sample batch into DynamoDB', async () => {
      // Act
      const { code, output, result } = await invoke('ingest', 'ingest/week-alerts.awslogs.json');

      // Assess
      expect(code, output).toBe(0);
      expect(result).toMatchObject({ control: false, duplicateChunks: 0 });
      const hostnames = (result as Json).hostnames;
      expect(hostnames).toBeGreaterThan(0);
      const scanned = await table.documentClient.send(
        new ScanCommand({
          TableName: table.tableName,
          FilterExpression: 'sk = :summary',
          ExpressionAttributeValues: { ':summary': 'SUMMARY' },
        }),
      );
      expect(scanned.Count).toBe(hostnames);
    });

    it('promote runs on a scheduled event and reads the rule group', async () => {
      // Act
      const { code, output, result } = await invoke('promote', 'schedule/scheduled-event.eventbridge.json');

      // Assess
      expect(code, output).toBe(0);
      expect(result).toMatchObject({
        promoted: [],
        capacity: { total: 2000 },
        drift: { unmanaged: [], missing: [] },
      });
    });

    it('expire runs on a scheduled event and finds nothing to expire', async () => {
      // Act
      const { code, output, result } = await invoke('expire', 'schedule/scheduled-event.eventbridge.json');

      // Assess
      expect(code, output).toBe(0);
      expect(result).toEqual({ expired: [], lapsed: [], warnings: [] });
    });

    it('api answers an HTTP API request for the inventory', async () => {
      // Act
      const { code, output, result } = await invoke('api', 'api/list-hostnames.apigw-v2.json');

      // Assess
      expect(code, output).toBe(0);
      expect(result).toMatchObject({
        statusCode: 200,
        headers: { 'content-type': expect.stringMatching(/^text\/csv/) },
      });
    });
  });

  describe('the CloudFormation template', () => {
    it('passes the resource schema checks', () => {
      expect(validateTemplate(packaged.template)).toEqual([]);
    });

    it('grants no wildcard outside the commented allowlist', () => {
      expect(findWildcards(packaged.template).filter((wildcard) => !allowed(wildcard))).toEqual([]);
    });

    it('would fail a role widened with a * action or a * resource', () => {
      // Prepare
      const widened = structuredClone(packaged.template) as Json;
      widened.Resources.ApiRole.Properties.Policies[0].PolicyDocument.Statement.push({
        Effect: 'Allow',
        Action: 'dynamodb:*',
        Resource: '*',
      });

      // Act
      const found = findWildcards(widened)
        .filter((wildcard) => !allowed(wildcard))
        .map(({ logicalId, kind, value }) => ({ logicalId, kind, value }));

      // Assess
      expect(found).toEqual([
        { logicalId: 'ApiRole', kind: 'action', value: 'dynamodb:*' },
        { logicalId: 'ApiRole', kind: 'resource', value: '*' },
      ]);
    });

    it('keeps no allowlist entry that nothing needs any more', () => {
      const found = findWildcards(packaged.template);
      for (const entry of ALLOWED_WILDCARDS) {
        expect(
          found.some((wildcard) => same(wildcard, entry)),
          entry.why,
        ).toBe(true);
      }
    });

    it('gives every function its own role, and no shared one', () => {
      const roles = functions.map(([, fn]) => fn.Properties.Role['Fn::GetAtt'][0]).sort();
      expect(roles).toEqual(Object.keys(GRANTS).sort());
      expect(resources.IamRoleLambdaExecution).toBeUndefined();
    });

    it.each(Object.entries(GRANTS))(
      'lets %s call exactly what its code calls, on its own resources',
      (role, grants) => {
        expect(grantsOf(resources[role] as Json)).toEqual([...grants].sort());
      },
    );

    it('runs every function on Node.js 24 on arm64 with source maps and Powertools settings', () => {
      for (const [, fn] of functions) {
        expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'] });
        expect(fn.Properties.Environment.Variables).toMatchObject({
          NODE_OPTIONS: '--enable-source-maps',
          POWERTOOLS_SERVICE_NAME: 'egress-scout',
          POWERTOOLS_LOG_LEVEL: 'INFO',
          POWERTOOLS_METRICS_NAMESPACE: 'EgressScout',
        });
      }
    });

    it('gives every function a log group with a retention and an alarm on its errors', () => {
      const logGroups = ofType('AWS::Logs::LogGroup').map(([, group]) => group.Properties);
      const alarms = ofType('AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties);
      for (const [logicalId, fn] of functions) {
        expect(logGroups).toContainEqual({
          LogGroupName: `/aws/lambda/${fn.Properties.FunctionName}`,
          RetentionInDays: 30,
        });
        expect(alarms).toContainEqual(
          expect.objectContaining({
            Namespace: 'AWS/Lambda',
            MetricName: 'Errors',
            Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalId } }],
            AlarmActions: [{ Ref: 'NotificationTopic' }],
          }),
        );
      }
    });
  });

  describe('the ingest function', () => {
    it('writes to the inventory table, with a bounded concurrency', () => {
      expect(resources.IngestLambdaFunction?.Properties).toMatchObject({
        Handler: 'functions/ingest/handler.handler',
        ReservedConcurrentExecutions: 5,
        Environment: { Variables: { TABLE_NAME: { Ref: 'InventoryTable' } } },
      });
    });

    it('retries a failed batch, then hands it to the encrypted failure queue, whose depth raises an alarm', () => {
      expect(resources.IngestLambdaEvConf?.Properties).toMatchObject({
        FunctionName: { Ref: 'IngestLambdaFunction' },
        MaximumRetryAttempts: 2,
        MaximumEventAgeInSeconds: 21600,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['IngestFailureQueue', 'Arn'] } } },
      });
      expect(resources.IngestFailureQueue?.Properties).toMatchObject({ SqsManagedSseEnabled: true });
      expect(resources.IngestFailureQueueAlarm?.Properties).toMatchObject({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['IngestFailureQueue', 'QueueName'] } }],
        AlarmActions: [{ Ref: 'NotificationTopic' }],
      });
    });

    it('is subscribed to the alert log group, which CloudWatch Logs may invoke it for', () => {
      const filters = ofType('AWS::Logs::SubscriptionFilter').map(([, filter]) => filter.Properties);
      expect(filters).toEqual([
        {
          LogGroupName: '/aws/vendedlogs/network-firewall/egress-firewall/alert',
          FilterPattern: '',
          DestinationArn: { 'Fn::GetAtt': ['IngestLambdaFunction', 'Arn'] },
        },
      ]);
      const permissions = ofType('AWS::Lambda::Permission')
        .map(([, permission]) => permission.Properties)
        .filter((permission) => permission.FunctionName['Fn::GetAtt']?.[0] === 'IngestLambdaFunction');
      expect(permissions).toEqual([
        {
          FunctionName: { 'Fn::GetAtt': ['IngestLambdaFunction', 'Arn'] },
          Action: 'lambda:InvokeFunction',
          Principal: { 'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.amazonaws.com']] },
          SourceArn: {
            'Fn::Join': [
              '',
              [
                'arn:',
                { Ref: 'AWS::Partition' },
                ':logs:',
                { Ref: 'AWS::Region' },
                ':',
                { Ref: 'AWS::AccountId' },
                ':log-group:',
                '/aws/vendedlogs/network-firewall/egress-firewall/alert',
                ':*',
              ],
            ],
          },
        },
      ]);
    });
  });

  describe('the promote and expire functions', () => {
    it.each([
      ['Promote', 'rate(1 hour)'],
      ['Expire', 'rate(1 day)'],
    ])('%s runs one at a time, on its schedule', (name, rate) => {
      // Prepare
      const fn = `${name}LambdaFunction`;
      const target = { 'Fn::GetAtt': [fn, 'Arn'] };

      // Act
      const rules = ofType('AWS::Events::Rule').filter(([, rule]) =>
        rule.Properties.Targets.some((t: Json) => JSON.stringify(t.Arn) === JSON.stringify(target)),
      );
      const permissions = ofType('AWS::Lambda::Permission')
        .map(([, permission]) => permission.Properties)
        .filter((permission) => JSON.stringify(permission.FunctionName) === JSON.stringify(target));

      // Assess
      expect(resources[fn]?.Properties.ReservedConcurrentExecutions).toBe(1);
      expect(rules.map(([, rule]) => rule.Properties)).toEqual([
        { ScheduleExpression: rate, State: 'ENABLED', Targets: [{ Arn: target, Id: expect.any(String) }] },
      ]);
      expect(permissions).toEqual([
        {
          FunctionName: target,
          Action: 'lambda:InvokeFunction',
          Principal: 'events.amazonaws.com',
          SourceArn: { 'Fn::GetAtt': [rules[0]?.[0], 'Arn'] },
        },
      ]);
    });
  });

  describe('the lifecycle configuration of promote, expire and api', () => {
    it.each(['Promote', 'Expire', 'Api'])(
      '%s gets every setting, the defaults of the code, and approval links on the HTTP API',
      (name) => {
        // Act
        const config = loadLifecycleConfig(
          resolveEnvironment(variablesOf(`${name}LambdaFunction`), AWS_REFS),
        );

        // Assess: nothing points at a local endpoint, and the examples equal the code's defaults.
        expect(config).toEqual({
          tableName: AWS_REFS.InventoryTable,
          dynamoDbEndpoint: undefined,
          ruleGroupArn: RULE_GROUP_ARN,
          networkFirewallEndpoint: undefined,
          topicArn: AWS_REFS.NotificationTopic,
          snsEndpoint: undefined,
          approvalSecret: { secretArn: AWS_REFS.ApprovalSigningSecret, endpoint: undefined },
          approvalBaseUrl: `https://${AWS_REFS.HttpApi}.execute-api.us-east-1.amazonaws.com`,
          approvalLinkHours: DEFAULT_APPROVAL_LINK_HOURS,
          expireAfterDays: DEFAULT_EXPIRE_AFTER_DAYS,
          policy: DEFAULT_POLICY,
        });
      },
    );

    it("points approval links at the HTTP API's own endpoint, whose stage adds no path", () => {
      const outputs = packaged.template.Outputs as Json;
      expect(variablesOf('PromoteLambdaFunction').APPROVAL_BASE_URL).toEqual(outputs.HttpApiUrl.Value);
      expect(JSON.stringify(outputs.HttpApiUrl.Value)).toContain('{"Ref":"HttpApi"}');
      expect(resources.HttpApiStage?.Properties).toMatchObject({
        ApiId: { Ref: 'HttpApi' },
        StageName: '$default',
      });
    });

    it('api gets its query limits from the code', () => {
      const config = loadApiConfig(resolveEnvironment(variablesOf('ApiLambdaFunction'), AWS_REFS));
      expect(config).toEqual({
        tableName: AWS_REFS.InventoryTable,
        dynamoDbEndpoint: undefined,
        limits: DEFAULT_QUERY_LIMITS,
        csvMaxBytes: DEFAULT_CSV_MAX_BYTES,
        coverageMaxAgeMs: DEFAULT_COVERAGE_MAX_AGE_SECONDS * 1000,
      });
    });
  });

  describe('the HTTP API', () => {
    const routes = () => ofType('AWS::ApiGatewayV2::Route').map(([, route]) => route.Properties);

    it('serves exactly the routes of shared/http/api-routes.ts, all through the api function', () => {
      expect(
        routes()
          .map((route) => route.RouteKey)
          .sort(),
      ).toEqual(API_ROUTES.map((route) => `${route.method} ${route.path}`).sort());
      for (const route of routes()) {
        expect(route.Target).toEqual({
          'Fn::Join': ['/', ['integrations', { Ref: 'HttpApiIntegrationApi' }]],
        });
      }
      expect(resources.HttpApiIntegrationApi?.Properties).toMatchObject({
        IntegrationType: 'AWS_PROXY',
        IntegrationUri: { 'Fn::GetAtt': ['ApiLambdaFunction', 'Arn'] },
        PayloadFormatVersion: '2.0',
      });
    });

    it('limits the requests its one stage lets through, public routes included', () => {
      expect(resources.HttpApiStage?.Properties).toEqual({
        ApiId: { Ref: 'HttpApi' },
        StageName: '$default',
        AutoDeploy: true,
        DefaultRouteSettings: {
          DetailedMetricsEnabled: false,
          ThrottlingRateLimit: 20,
          ThrottlingBurstLimit: 40,
        },
      });
      expect(ofType('AWS::ApiGatewayV2::Stage')).toHaveLength(1);
    });

    it.each(
      API_ROUTES.map(({ method, path }) => {
        const key = `${method} ${path}`;
        return [key, PUBLIC_ROUTES.includes(key) ? 'NONE' : 'AWS_IAM'];
      }),
    )('authorises %s with %s', (key, authorization) => {
      const route = routes().find((candidate) => candidate.RouteKey === key);
      expect(route).toBeDefined();
      expect(route?.AuthorizationType ?? 'NONE').toBe(authorization);
      expect(route?.AuthorizerId).toBeUndefined();
    });
  });
});
