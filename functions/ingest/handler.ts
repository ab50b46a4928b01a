// Lambda entry: CloudWatch Logs subscription event (firewall alert logs) -> hostname inventory.

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { createDocumentClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { DynamoInventoryStore } from '../../shared/adapters/dynamodb/dynamo-inventory-store.ts';
import { ingestSubscriptionBatch } from '../../shared/app/ingest-subscription.ts';
import { loadIngestConfig } from '../../shared/config/ingest-config.ts';
import { decodeAwslogsData } from '../../shared/domain/subscription-payload.ts';
import { logger, metrics } from '../../shared/lambda/observability.ts';
import { reportBatchFailure } from '../../shared/lambda/report-batch-failure.ts';

const config = loadIngestConfig(process.env);
const store = new DynamoInventoryStore({
  client: createDocumentClient({ endpoint: config.dynamoDbEndpoint }),
  tableName: config.tableName,
});

export interface CloudWatchLogsSubscriptionEvent {
  awslogs?: { data?: unknown };
}

async function ingest(event: CloudWatchLogsSubscriptionEvent) {
  const batch = decodeAwslogsData(event?.awslogs?.data, config.maxDecompressedBytes);
  const result = await ingestSubscriptionBatch({ store, now: Date.now }, batch);
  if (result.control) {
    logger.info('control message acknowledged', { logGroup: batch.logGroup });
    return { control: true };
  }
  const { hostnames, control, ...counts } = result;
  metrics.addMetric('Events', MetricUnit.Count, counts.events);
  metrics.addMetric('Observations', MetricUnit.Count, counts.observations);
  metrics.addMetric('RecordsRejected', MetricUnit.Count, counts.rejected.total);
  metrics.addMetric('DuplicateChunks', MetricUnit.Count, counts.duplicateChunks);
  logger.info('batch ingested', {
    logGroup: batch.logGroup,
    logStream: batch.logStream,
    hostnames: hostnames.length,
    ...counts,
  });
  return { control, hostnames: hostnames.length, ...counts };
}

export const handler = middy(ingest)
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .use(reportBatchFailure(logger, metrics));
