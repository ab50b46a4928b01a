// Middy middleware: a batch that cannot be decoded is logged with its reason and counted, then rethrown.
import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';
import { BatchDecodeError } from '../domain/errors.ts';

/**
 * Rethrowing keeps the batch: Lambda's bounded retries (at most two) then hand it to the function's
 * on-failure destination, where it can be inspected, instead of it vanishing from a success return.
 */
export function reportBatchFailure(logger: Logger, metrics: Metrics): MiddlewareObj {
  return {
    onError: async function logBatchFailure(request) {
      const error = request.error;
      if (error instanceof BatchDecodeError) {
        logger.error('batch rejected', { reason: error.reason, error });
        metrics.addMetric('BatchesRejected', MetricUnit.Count, 1);
      } else {
        logger.error('batch failed', { error: error ?? undefined });
        metrics.addMetric('BatchesFailed', MetricUnit.Count, 1);
      }
    },
  };
}
