// Lambda entry (schedule): expire unused promoted entries (guarded) and lapsed approval requests.

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { expireUnused } from '../../shared/app/lifecycle/expire-unused.ts';
import { loadLifecycleConfig } from '../../shared/config/lifecycle-config.ts';
import { lifecycleDeps } from '../../shared/lambda/lifecycle-wiring.ts';
import { logger, metrics } from '../../shared/lambda/observability.ts';

const deps = await lifecycleDeps(loadLifecycleConfig(process.env));

async function expire(event: { dryRun?: boolean } | undefined) {
  const result = await expireUnused(deps, { dryRun: event?.dryRun === true });
  metrics.addMetric('EntriesExpired', MetricUnit.Count, result.expired.length);
  metrics.addMetric('ApprovalsLapsed', MetricUnit.Count, result.lapsed.length);
  metrics.addMetric('ExpiryWarnings', MetricUnit.Count, result.warnings.length);
  for (const warning of result.warnings) logger.warn(warning);
  logger.info('expire run', { ...result });
  return result;
}

export const handler = middy(expire).use(injectLambdaContext(logger)).use(logMetrics(metrics));
