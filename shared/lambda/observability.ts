// Powertools logger and metrics shared by every function, configured from the POWERTOOLS_* environment.
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'egress-scout' });
export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'EgressScout',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'egress-scout',
});
