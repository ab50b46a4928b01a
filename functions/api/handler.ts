// Lambda entry: API Gateway HTTP API (payload format 2.0) -> the inventory, lifecycle and approval-link routes.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { createDocumentClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { DynamoEntryStore } from '../../shared/adapters/dynamodb/dynamo-entry-store.ts';
import { DynamoInventoryStore } from '../../shared/adapters/dynamodb/dynamo-inventory-store.ts';
import { recentDescriptions } from '../../shared/app/recent-rule-group.ts';
import { loadApiConfig } from '../../shared/config/api-config.ts';
import { loadLifecycleConfig } from '../../shared/config/lifecycle-config.ts';
import { createApiHandler } from '../../shared/http/api-handler.ts';
import { type ApiDeps, apiRouter } from '../../shared/http/api-routes.ts';
import { lifecycleDeps } from '../../shared/lambda/lifecycle-wiring.ts';
import { logger } from '../../shared/lambda/observability.ts';

const config = loadApiConfig(process.env);
const client = createDocumentClient({ endpoint: config.dynamoDbEndpoint });
const lifecycle = await lifecycleDeps(loadLifecycleConfig(process.env));
const deps: ApiDeps = {
  inventory: new DynamoInventoryStore({ client, tableName: config.tableName }),
  entries: new DynamoEntryStore({ client, tableName: config.tableName }),
  now: Date.now,
  limits: config.limits,
  csvMaxBytes: config.csvMaxBytes,
  ruleGroup: recentDescriptions(lifecycle.ruleGroup, { maxAgeMs: config.coverageMaxAgeMs, now: Date.now }),
  lifecycle,
};

export const handler = createApiHandler(apiRouter, deps, { logger }).use(injectLambdaContext(logger));
