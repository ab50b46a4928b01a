import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  findPolicyStatements,
  findWildcards,
  type Wildcard,
} from '../../support/cloudformation/iam-policies.ts';
import { validateTemplate } from '../../support/cloudformation/template-validator.ts';
import { createTestTable } from '../../support/dynamodb.ts';
import {
  packageService,
  run,
  SERVICE_DIRECTORY,
  type ServicePackage,
} from '../../support/serverless-package.ts';
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

/** The ingest function's own resources, which are all its role may touch. */
const INGEST_RESOURCES = ['IngestLogGroup', 'InventoryTable', 'IngestFailureQueue'];

describe('npm run package', () => {
  let packaged: ServicePackage;
  let resources: Record<string, Json>;
  let functions: [string, Json][];
  const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);

  beforeAll(async () => {
    packaged = await packageService();
    resources = packaged.template.Resources as Record<string, Json>;
    functions = ofType('AWS::Lambda::Function');
  }, 180_000);

  describe('the deployment packages', () => {
    it('are one per function, built without AWS credentials or configuration', () => {
      const keys = functions.map(([, fn]) => basename(String(fn.Properties.Code.S3Key)));
      expect(functions.length).toBeGreaterThan(0);
      expect([...packaged.artifacts.keys()].sort()).toEqual(keys.sort());
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

  describe('the ingest bundle', () => {
    let workspace: string;
    beforeAll(() => {
      workspace = mkdtempSync(join(tmpdir(), 'egress-scout-bundle-'));
    });
    afterAll(() => rmSync(workspace, { recursive: true, force: true }));

    it('runs on its own and ingests a sample batch into DynamoDB', async () => {
      // Prepare: the zip unpacked as Lambda would, a fresh table, the event CloudWatch Logs sends.
      for (const [path, content] of readZipEntries(packaged.artifacts.get('ingest.zip') as Buffer)) {
        mkdirSync(dirname(join(workspace, path)), { recursive: true });
        writeFileSync(join(workspace, path), content);
      }
      const table = await createTestTable();
      const invoke = join(workspace, 'invoke.mjs');
      writeFileSync(
        invoke,
        [
          "import { readFileSync } from 'node:fs';",
          "const { handler } = await import('./functions/ingest/handler.mjs');",
          'const event = JSON.parse(readFileSync(process.argv[2], "utf8"));',
          'const context = { functionName: "egress-scout-test-ingest", functionVersion: "$LATEST", memoryLimitInMB: "512",',
          '  invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:egress-scout-test-ingest",',
          '  awsRequestId: "test", getRemainingTimeInMillis: () => 60000 };',
          'const result = await handler(event, context);',
          'process.stdout.write("\\nRESULT " + JSON.stringify(result) + "\\n");',
        ].join('\n'),
      );

      // Act
      const { code, output } = await run(
        process.execPath,
        [
          '--enable-source-maps',
          invoke,
          join(SERVICE_DIRECTORY, 'events', 'ingest', 'week-alerts.awslogs.json'),
        ],
        {
          cwd: workspace,
          env: {
            PATH: process.env.PATH ?? '',
            TABLE_NAME: table.tableName,
            DYNAMODB_ENDPOINT: table.endpoint,
            AWS_REGION: 'us-east-1',
            AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
            POWERTOOLS_SERVICE_NAME: 'egress-scout',
          },
        },
      );

      // Assess
      expect(code, output).toBe(0);
      const result = JSON.parse(/^RESULT (.*)$/m.exec(output)?.[1] ?? 'null');
      expect(result).toMatchObject({ control: false, duplicateChunks: 0 });
      expect(result.hostnames).toBeGreaterThan(0);
      const scanned = await table.documentClient.send(
        new ScanCommand({
          TableName: table.tableName,
          FilterExpression: 'sk = :summary',
          ExpressionAttributeValues: { ':summary': 'SUMMARY' },
        }),
      );
      expect(scanned.Count).toBe(result.hostnames);
    });
  });

  describe('the CloudFormation template', () => {
    it('passes the resource schema checks', () => {
      expect(validateTemplate(packaged.template)).toEqual([]);
    });

    it('grants no wildcard outside the commented allowlist', () => {
      expect(findWildcards(packaged.template).filter((wildcard) => !allowed(wildcard))).toEqual([]);
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
      const roles = functions.map(([, fn]) => fn.Properties.Role['Fn::GetAtt'][0]);
      expect(new Set(roles).size).toBe(functions.length);
      expect(resources.IamRoleLambdaExecution).toBeUndefined();
    });

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
      const permissions = ofType('AWS::Lambda::Permission').map(([, permission]) => permission.Properties);
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

    it('may call exactly what its code calls, on its own resources only', () => {
      // Prepare
      const statements = findPolicyStatements({ Resources: { IngestRole: resources.IngestRole } })
        .map(({ statement }) => statement as Json)
        .filter((statement) => statement.Action !== 'sts:AssumeRole');

      // Act
      const actions = statements.flatMap((statement) => statement.Action).sort();
      const targets = statements.map((statement) => statement.Resource['Fn::GetAtt']?.[0]);

      // Assess
      expect(actions).toEqual([
        'dynamodb:BatchGetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'sqs:SendMessage',
      ]);
      for (const target of targets) expect(INGEST_RESOURCES).toContain(target);
    });
  });
});
