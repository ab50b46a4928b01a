// Builds the SNS client the notifier uses, on AWS or against the local endpoint.
import { SNSClient } from '@aws-sdk/client-sns';

export interface SnsClientOptions {
  /** The local endpoint's URL; on AWS leave unset and the SDK resolves the regional endpoint. */
  endpoint?: string | undefined;
  region?: string | undefined;
}

/** Credentials for the local endpoint, which does not check signatures. */
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * An SNS client with SDK retries.
 *
 * @example
 * const client = createSnsClient({ endpoint: local.endpoint });
 */
export function createSnsClient(options: SnsClientOptions = {}): SNSClient {
  const local = options.endpoint !== undefined;
  return new SNSClient({
    ...(local ? { endpoint: options.endpoint, credentials: LOCAL_CREDENTIALS } : {}),
    region: options.region ?? process.env.AWS_REGION ?? 'us-east-1',
    maxAttempts: 5,
  });
}
