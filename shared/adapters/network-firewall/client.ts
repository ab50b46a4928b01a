// Builds the Network Firewall client the rule-group adapter uses, on AWS or against the local endpoint.
import { NetworkFirewallClient } from '@aws-sdk/client-network-firewall';

export interface NetworkFirewallClientOptions {
  /** The local endpoint's URL; on AWS leave unset and the SDK resolves the regional endpoint. */
  endpoint?: string | undefined;
  region?: string | undefined;
}

/** Credentials for the local endpoint, which does not check signatures. */
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * A Network Firewall client with SDK retries (throttling and 5xx are retried; a stale update token is not).
 *
 * @example
 * const client = createNetworkFirewallClient({ endpoint: local.endpoint });
 */
export function createNetworkFirewallClient(
  options: NetworkFirewallClientOptions = {},
): NetworkFirewallClient {
  const local = options.endpoint !== undefined;
  return new NetworkFirewallClient({
    ...(local ? { endpoint: options.endpoint, credentials: LOCAL_CREDENTIALS } : {}),
    region: options.region ?? process.env.AWS_REGION ?? 'us-east-1',
    maxAttempts: 5,
  });
}
