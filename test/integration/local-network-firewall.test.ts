import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateRuleGroupCommand,
  type CreateRuleGroupRequest,
  DescribeRuleGroupCommand,
  InvalidRequestException,
  ListRuleGroupsCommand,
  type NetworkFirewallClient,
  type RuleGroup,
  UpdateRuleGroupCommand,
} from '@aws-sdk/client-network-firewall';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LocalEndpoint } from '../../shared/adapters/local/local-endpoint-server.ts';
import { startLocalNetworkFirewall } from '../../shared/adapters/local/local-network-firewall.ts';
import { createNetworkFirewallClient } from '../../shared/adapters/network-firewall/client.ts';
import { NetworkFirewallRuleGroup } from '../../shared/adapters/network-firewall/network-firewall-rule-group.ts';
import {
  RuleGroupConflictError,
  RuleGroupNotFoundError,
  RuleGroupRejectedError,
} from '../../shared/domain/errors.ts';
import { rawRequest } from '../support/raw-http.ts';

const NAME = 'egress-scout-allowlist';
const ARN = `arn:aws:network-firewall:us-east-1:123456789012:stateful-rulegroup/${NAME}`;

/** A domain list with the settings a describe→update round trip must keep. */
function ruleGroupWith(targets: string[]): RuleGroup {
  return {
    RuleVariables: { IPSets: { HOME_NET: { Definition: ['10.0.0.0/16', '10.1.0.0/16'] } } },
    ReferenceSets: {
      IPSetReferences: {
        CORP: { ReferenceArn: 'arn:aws:ec2:us-east-1:123456789012:prefix-list/pl-0123456789abcdef0' },
      },
    },
    RulesSource: {
      RulesSourceList: {
        Targets: targets,
        TargetTypes: ['TLS_SNI', 'HTTP_HOST'],
        GeneratedRulesType: 'ALLOWLIST',
      },
    },
    StatefulRuleOptions: { RuleOrder: 'STRICT_ORDER' },
  };
}

/** 20 units hold 9 targets over 2 types (9 × 2 + 2). */
const CREATE: CreateRuleGroupRequest = {
  RuleGroupName: NAME,
  Type: 'STATEFUL',
  Capacity: 20,
  RuleGroup: ruleGroupWith(['api.example.com', '.github.com']),
  Description: 'Managed by egress-scout',
  SummaryConfiguration: { RuleOptions: ['SID'] },
};

let dataDir: string;
let firewall: LocalEndpoint | undefined;
let client: NetworkFirewallClient | undefined;

async function start(): Promise<{ client: NetworkFirewallClient; ruleGroup: NetworkFirewallRuleGroup }> {
  await stop();
  firewall = await startLocalNetworkFirewall({ dataDir });
  client = createNetworkFirewallClient({ endpoint: firewall.endpoint });
  return { client, ruleGroup: new NetworkFirewallRuleGroup({ client, ruleGroupArn: ARN }) };
}

async function stop(): Promise<void> {
  client?.destroy();
  client = undefined;
  await firewall?.stop();
  firewall = undefined;
}

function targetsOf(group: { RuleGroup?: RuleGroup | undefined }): string[] | undefined {
  return group.RuleGroup?.RulesSource?.RulesSourceList?.Targets;
}

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'egress-scout-nfw-'));
});

afterEach(async () => {
  await stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the local Network Firewall endpoint with the real SDK client', () => {
  it('creates, describes and updates a domain list, with a new token after the change', async () => {
    // Prepare
    const { client, ruleGroup } = await start();
    const created = await client.send(new CreateRuleGroupCommand(CREATE));

    // Act
    const before = await ruleGroup.describe();
    const token = await ruleGroup.replaceTargets(before, [...before.targets, 'new.example.org']);
    const after = await ruleGroup.describe();

    // Assess
    expect(created.RuleGroupResponse).toMatchObject({ RuleGroupArn: ARN, Capacity: 20, ConsumedCapacity: 6 });
    expect(before).toMatchObject({
      targets: ['api.example.com', '.github.com'],
      capacity: 20,
      consumedCapacity: 6,
      updateToken: created.UpdateToken,
    });
    expect(token).not.toBe(before.updateToken);
    expect(after).toMatchObject({
      targets: ['api.example.com', '.github.com', 'new.example.org'],
      consumedCapacity: 8,
      updateToken: token,
    });
  });

  it('refuses a web page (rebound Host, or an Origin) unread, and the same request from an SDK goes through', async () => {
    // Prepare
    const { client, ruleGroup } = await start();
    await client.send(new CreateRuleGroupCommand(CREATE));
    const snapshot = await ruleGroup.describe();
    const port = (firewall as LocalEndpoint).port;
    const update = (headers: Record<string, string>) =>
      rawRequest({
        port,
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'NetworkFirewall_20201112.UpdateRuleGroup',
          ...headers,
        },
        body: JSON.stringify({
          RuleGroupArn: ARN,
          UpdateToken: snapshot.updateToken,
          RuleGroup: ruleGroupWith(['evil.example']),
        }),
      });

    // Act
    const rebound = await update({ host: `attacker.example:${port}` });
    const crossSite = await update({ host: `127.0.0.1:${port}`, origin: 'https://attacker.example' });
    const unchanged = await ruleGroup.describe();
    const fromSdk = await update({ host: `127.0.0.1:${port}` });

    // Assess
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body)).toEqual({
      __type: 'AccessDeniedException',
      Message: 'this endpoint answers only requests addressed to localhost, 127.0.0.1, [::1]',
    });
    expect(crossSite.status).toBe(403);
    expect(JSON.parse(crossSite.body).Message).toMatch(/not web pages \(Origin header\)/);
    expect(unchanged).toEqual(snapshot);
    expect(fromSdk.status).toBe(200);
    expect((await ruleGroup.describe()).targets).toEqual(['evil.example']);
  });

  it('keeps every other setting of the rule group through a describe→update round trip', async () => {
    const { client, ruleGroup } = await start();
    await client.send(new CreateRuleGroupCommand(CREATE));

    await ruleGroup.replaceTargets(await ruleGroup.describe(), ['only.example.com']);

    const raw = await client.send(new DescribeRuleGroupCommand({ RuleGroupArn: ARN }));
    expect(raw.RuleGroup).toEqual(ruleGroupWith(['only.example.com']));
    expect(raw.RuleGroupResponse).toMatchObject({
      Description: 'Managed by egress-scout',
      SummaryConfiguration: { RuleOptions: ['SID'] },
      EncryptionConfiguration: { Type: 'AWS_OWNED_KMS_KEY' },
    });
  });

  it('refuses an update with a stale token as a conflict and keeps the other change', async () => {
    // Prepare
    const { client, ruleGroup } = await start();
    await client.send(new CreateRuleGroupCommand(CREATE));
    const snapshot = await ruleGroup.describe();
    const raw = await client.send(new DescribeRuleGroupCommand({ RuleGroupArn: ARN }));
    const other = await client.send(
      new UpdateRuleGroupCommand({
        RuleGroupArn: ARN,
        UpdateToken: raw.UpdateToken,
        RuleGroup: ruleGroupWith(['console.example.com']),
      }),
    );

    // Act
    const replaced = ruleGroup.replaceTargets(snapshot, ['mine.example.com']);

    // Assess
    await expect(replaced).rejects.toThrow(RuleGroupConflictError);
    const after = await ruleGroup.describe();
    expect(after.targets).toEqual(['console.example.com']);
    expect(after.updateToken).toBe(other.UpdateToken);
  });

  it('refuses an update over capacity and changes nothing', async () => {
    const { client, ruleGroup } = await start();
    await client.send(new CreateRuleGroupCommand(CREATE));
    const snapshot = await ruleGroup.describe();
    const ten = Array.from({ length: 10 }, (_, index) => `host-${index}.example.com`);

    const error = await ruleGroup.replaceTargets(snapshot, ten).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(RuleGroupRejectedError);
    expect((error as Error).cause).toBeInstanceOf(InvalidRequestException);
    expect((error as Error).message).toContain('need capacity 22');
    expect(await ruleGroup.describe()).toEqual(snapshot);
    await expect(ruleGroup.replaceTargets(snapshot, ten.slice(0, 9))).resolves.toBeTypeOf('string');
  });

  it.each([
    ['a star wildcard', '*.example.com'],
    ['a space', 'bad host.example.com'],
    ['an empty label', 'a..example.com'],
    ['a trailing dot', 'example.com.'],
    ['a non-ASCII name', 'bücher.de'],
    ['a 64-character label', `${'a'.repeat(64)}.example.com`],
  ])('refuses a target with %s and changes nothing', async (_, target) => {
    const { client, ruleGroup } = await start();
    await client.send(new CreateRuleGroupCommand(CREATE));
    const snapshot = await ruleGroup.describe();

    await expect(ruleGroup.replaceTargets(snapshot, ['ok.example.com', target])).rejects.toThrow(
      RuleGroupRejectedError,
    );
    expect(await ruleGroup.describe()).toEqual(snapshot);
  });

  it('answers a dry run with the capacity it would use, changing nothing', async () => {
    const { client, ruleGroup } = await start();
    await client.send(new CreateRuleGroupCommand(CREATE));
    const snapshot = await ruleGroup.describe();

    const dryRun = await client.send(
      new UpdateRuleGroupCommand({
        RuleGroupArn: ARN,
        UpdateToken: snapshot.updateToken,
        RuleGroup: ruleGroupWith(['a.example.com', 'b.example.com', 'c.example.com']),
        DryRun: true,
      }),
    );

    expect(dryRun.RuleGroupResponse?.ConsumedCapacity).toBe(8);
    expect(dryRun.UpdateToken).toBe(snapshot.updateToken);
    expect(await ruleGroup.describe()).toEqual(snapshot);
  });

  it('reports an unknown rule group as not found', async () => {
    const { client } = await start();
    const missing = new NetworkFirewallRuleGroup({ client, ruleGroupArn: `${ARN}-missing` });

    await expect(missing.describe()).rejects.toThrow(RuleGroupNotFoundError);
  });

  it('refuses to manage a rule group that is not a domain list', async () => {
    const { client } = await start();
    await client.send(
      new CreateRuleGroupCommand({
        RuleGroupName: 'suricata-rules',
        Type: 'STATEFUL',
        Capacity: 10,
        Rules: 'pass tls $HOME_NET any -> $EXTERNAL_NET any (tls.sni; content:"example.com"; sid:1;)\n',
      }),
    );
    const suricata = new NetworkFirewallRuleGroup({
      client,
      ruleGroupArn: ARN.replace(NAME, 'suricata-rules'),
    });

    await expect(suricata.describe()).rejects.toThrow(/not a domain list/);
  });

  it('keeps groups and tokens across a restart on the same data directory', async () => {
    // Prepare
    const first = await start();
    await first.client.send(new CreateRuleGroupCommand(CREATE));
    const token = await first.ruleGroup.replaceTargets(await first.ruleGroup.describe(), [
      'kept.example.com',
    ]);

    // Act
    const second = await start();
    const after = await second.ruleGroup.describe();

    // Assess
    expect(existsSync(join(dataDir, 'network-firewall', 'state.json'))).toBe(true);
    expect(after).toMatchObject({ targets: ['kept.example.com'], updateToken: token, capacity: 20 });
    await expect(second.ruleGroup.replaceTargets(after, ['next.example.com'])).resolves.toBeTypeOf('string');
  });

  it('describes by name and type, and needs the type when there is no ARN', async () => {
    const { client } = await start();
    await client.send(new CreateRuleGroupCommand(CREATE));

    const byName = await client.send(new DescribeRuleGroupCommand({ RuleGroupName: NAME, Type: 'STATEFUL' }));
    const withoutType = client.send(new DescribeRuleGroupCommand({ RuleGroupName: NAME }));

    expect(targetsOf(byName)).toEqual(['api.example.com', '.github.com']);
    await expect(withoutType).rejects.toThrow(InvalidRequestException);
  });

  it('refuses a second group of the same name and a group whose rules exceed its capacity', async () => {
    const { client } = await start();
    await client.send(new CreateRuleGroupCommand(CREATE));

    const duplicate = client.send(new CreateRuleGroupCommand(CREATE));
    const tooSmall = client.send(
      new CreateRuleGroupCommand({ ...CREATE, RuleGroupName: 'too-small', Capacity: 5 }),
    );

    await expect(duplicate).rejects.toThrow(/already exists/);
    await expect(tooSmall).rejects.toThrow(InvalidRequestException);
    const listed = await client.send(new ListRuleGroupsCommand({}));
    expect(listed.RuleGroups).toEqual([{ Name: NAME, Arn: ARN }]);
  });

  it('lists rule groups page by page', async () => {
    const { client } = await start();
    for (const name of ['c-group', 'a-group', 'b-group']) {
      await client.send(new CreateRuleGroupCommand({ ...CREATE, RuleGroupName: name }));
    }

    const first = await client.send(new ListRuleGroupsCommand({ MaxResults: 2 }));
    const second = await client.send(
      new ListRuleGroupsCommand({ MaxResults: 2, NextToken: first.NextToken }),
    );

    expect(first.RuleGroups?.map((group) => group.Name)).toEqual(['a-group', 'b-group']);
    expect(second.RuleGroups?.map((group) => group.Name)).toEqual(['c-group']);
    expect(second.NextToken).toBeUndefined();
  });
});
