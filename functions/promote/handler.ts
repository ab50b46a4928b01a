// Lambda entry (schedule): recommend candidates, ask for approval, promote approved entries, report drift.

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { runPromote } from '../../shared/app/lifecycle/run-promote.ts';
import { loadLifecycleConfig } from '../../shared/config/lifecycle-config.ts';
import { lifecycleDeps } from '../../shared/lambda/lifecycle-wiring.ts';
import { logger, metrics } from '../../shared/lambda/observability.ts';

const deps = await lifecycleDeps(loadLifecycleConfig(process.env));

async function promote(event: { dryRun?: boolean } | undefined) {
  const run = await runPromote(deps, { dryRun: event?.dryRun === true });
  metrics.addMetric('EntriesPending', MetricUnit.Count, run.pending.length);
  metrics.addMetric('EntriesPromoted', MetricUnit.Count, run.promoted.length);
  metrics.addMetric('DriftUnmanaged', MetricUnit.Count, run.drift.unmanaged.length);
  metrics.addMetric('DriftMissing', MetricUnit.Count, run.drift.missing.length);
  metrics.addMetric('CapacityPercentUsed', MetricUnit.Percent, run.capacity.percentUsed);
  logger.info('promote run', { ...run, pending: run.pending.map((p) => p.target) });
  return { ...run, pending: run.pending.map(({ target, hostnames }) => ({ target, hostnames })) };
}

export const handler = middy(promote).use(injectLambdaContext(logger)).use(logMetrics(metrics));
