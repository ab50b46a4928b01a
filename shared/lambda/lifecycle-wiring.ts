// Builds the lifecycle's deps on AWS services (or their local stand-ins) from the validated configuration.

import { createDocumentClient } from '../adapters/dynamodb/document-client.ts';
import { DynamoEntryStore } from '../adapters/dynamodb/dynamo-entry-store.ts';
import { DynamoInventoryStore } from '../adapters/dynamodb/dynamo-inventory-store.ts';
import { createNetworkFirewallClient } from '../adapters/network-firewall/client.ts';
import { NetworkFirewallRuleGroup } from '../adapters/network-firewall/network-firewall-rule-group.ts';
import { loadApprovalSecret } from '../adapters/secrets/approval-secret.ts';
import { createSnsClient } from '../adapters/sns/client.ts';
import { SnsNotifier } from '../adapters/sns/sns-notifier.ts';
import type { LifecycleDeps } from '../app/lifecycle/lifecycle-deps.ts';
import type { LifecycleConfig } from '../config/lifecycle-config.ts';

/** Deps for one cold start: clients and the signing key are made once and reused by every invocation. */
export async function lifecycleDeps(config: LifecycleConfig): Promise<LifecycleDeps> {
  const documentClient = createDocumentClient({ endpoint: config.dynamoDbEndpoint });
  return {
    inventory: new DynamoInventoryStore({ client: documentClient, tableName: config.tableName }),
    entries: new DynamoEntryStore({ client: documentClient, tableName: config.tableName }),
    ruleGroup: new NetworkFirewallRuleGroup({
      client: createNetworkFirewallClient({ endpoint: config.networkFirewallEndpoint }),
      ruleGroupArn: config.ruleGroupArn,
    }),
    notifier: new SnsNotifier({
      client: createSnsClient({ endpoint: config.snsEndpoint }),
      topicArn: config.topicArn,
    }),
    now: Date.now,
    settings: {
      policy: config.policy,
      approvalSecret: await loadApprovalSecret(config.approvalSecret),
      approvalBaseUrl: config.approvalBaseUrl,
      approvalLinkHours: config.approvalLinkHours,
      expireAfterDays: config.expireAfterDays,
    },
  };
}
