// A real managed rule group for API tests: the local Network Firewall endpoint with a domain list of given targets.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalNetworkFirewall } from '../../shared/adapters/local/local-network-firewall.ts';
import { createAllowlistRuleGroup } from '../../shared/adapters/local/local-stack.ts';
import { createNetworkFirewallClient } from '../../shared/adapters/network-firewall/client.ts';
import { NetworkFirewallRuleGroup } from '../../shared/adapters/network-firewall/network-firewall-rule-group.ts';

export interface LocalRuleGroup {
  ruleGroup: NetworkFirewallRuleGroup;
  /** For code that builds its own client from configuration (the Lambda handlers). */
  endpoint: string;
  ruleGroupArn: string;
  stop(): Promise<void>;
}

/** Starts the endpoint in a temporary directory and creates an allowlist holding `targets`. */
export async function startLocalRuleGroup(targets: string[]): Promise<LocalRuleGroup> {
  const firewall = await startLocalNetworkFirewall({
    dataDir: mkdtempSync(join(tmpdir(), 'egress-scout-rule-group-')),
  });
  const client = createNetworkFirewallClient({ endpoint: firewall.endpoint });
  const ruleGroupArn = await createAllowlistRuleGroup(client, 'api-tests', 1000, targets);
  return {
    ruleGroup: new NetworkFirewallRuleGroup({ client, ruleGroupArn }),
    endpoint: firewall.endpoint,
    ruleGroupArn,
    stop: () => firewall.stop(),
  };
}
