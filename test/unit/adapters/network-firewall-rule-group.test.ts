import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DescribeRuleGroupCommand,
  type DescribeRuleGroupResponse,
  InvalidRequestException,
  InvalidTokenException,
  type NetworkFirewallClient,
  ResourceNotFoundException,
  ThrottlingException,
  UpdateRuleGroupCommand,
  type UpdateRuleGroupRequest,
} from '@aws-sdk/client-network-firewall';
import { describe, expect, it, vi } from 'vitest';
import { NetworkFirewallRuleGroup } from '../../../shared/adapters/network-firewall/network-firewall-rule-group.ts';
import {
  RuleGroupConflictError,
  RuleGroupError,
  RuleGroupNotFoundError,
  RuleGroupRejectedError,
} from '../../../shared/domain/errors.ts';

const ARN = 'arn:aws:network-firewall:us-east-1:123456789012:stateful-rulegroup/egress-scout-allowlist';

function describeResponse(): DescribeRuleGroupResponse {
  const path = join(
    import.meta.dirname,
    '..',
    '..',
    '..',
    'events',
    'network-firewall',
    'describe-rule-group.json',
  );
  return JSON.parse(readFileSync(path, 'utf8')) as DescribeRuleGroupResponse;
}

/** A client whose `send` answers each command type with the given results, in order. */
function stubClient(answers: { describe?: unknown[]; update?: unknown[] }) {
  const describeAnswers = [...(answers.describe ?? [])];
  const updateAnswers = [...(answers.update ?? [])];
  const send = vi.fn(async (command: unknown) => {
    const answer =
      command instanceof DescribeRuleGroupCommand ? describeAnswers.shift() : updateAnswers.shift();
    if (answer instanceof Error) throw answer;
    if (answer === undefined) throw new Error('unexpected call');
    return answer;
  });
  const client = { send } as unknown as NetworkFirewallClient;
  const updateInputs = () =>
    send.mock.calls
      .map(([command]) => command)
      .filter((command) => command instanceof UpdateRuleGroupCommand)
      .map((command) => command.input as UpdateRuleGroupRequest);
  return { client, send, updateInputs };
}

const metadata = { $metadata: {} };

describe('NetworkFirewallRuleGroup.describe', () => {
  it('reads targets, types, capacity and token from DescribeRuleGroup', async () => {
    // Prepare
    const { client, send } = stubClient({ describe: [describeResponse()] });
    const group = new NetworkFirewallRuleGroup({ client, ruleGroupArn: ARN });

    // Act
    const snapshot = await group.describe();

    // Assess
    expect(snapshot).toEqual({
      ruleGroupArn: ARN,
      ruleGroupName: 'egress-scout-allowlist',
      targets: ['api.example.com', '.github.com'],
      targetTypes: ['TLS_SNI', 'HTTP_HOST'],
      generatedRulesType: 'ALLOWLIST',
      capacity: 1000,
      consumedCapacity: 6,
      updateToken: '6e5a3c1e-7b8f-4d2a-9c41-2f0d8b7e9a10',
    });
    const [command] = send.mock.calls[0] as unknown as [DescribeRuleGroupCommand];
    expect(command).toBeInstanceOf(DescribeRuleGroupCommand);
    expect(command.input).toEqual({ RuleGroupArn: ARN });
  });

  it('refuses a rule group that is not a domain list, naming why', async () => {
    const suricata = describeResponse();
    suricata.RuleGroup = { RulesSource: { RulesString: 'pass tls any any -> any any (sid:1;)' } };
    const { client } = stubClient({ describe: [suricata] });
    const group = new NetworkFirewallRuleGroup({ client, ruleGroupArn: ARN });

    const described = group.describe();

    await expect(described).rejects.toThrow(RuleGroupRejectedError);
    await expect(described).rejects.toThrow(/not a domain list \(it has no RulesSourceList\)/);
  });

  it.each([
    [
      'ResourceNotFoundException',
      new ResourceNotFoundException({ message: 'no such group', ...metadata }),
      RuleGroupNotFoundError,
    ],
    [
      'InvalidRequestException',
      new InvalidRequestException({ message: 'malformed ARN', ...metadata }),
      RuleGroupRejectedError,
    ],
    ['ThrottlingException', new ThrottlingException({ message: 'slow down', ...metadata }), RuleGroupError],
  ])('turns %s into %o, keeping the SDK error as the cause', async (_, sdkError, expected) => {
    const { client } = stubClient({ describe: [sdkError] });
    const group = new NetworkFirewallRuleGroup({ client, ruleGroupArn: ARN });

    const error = await group.describe().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(expected);
    expect((error as Error).cause).toBe(sdkError);
    expect((error as Error).message).toContain(sdkError.message);
  });
});

describe('NetworkFirewallRuleGroup.replaceTargets', () => {
  it('sends the described rule group back with only the targets changed', async () => {
    // Prepare
    const described = describeResponse();
    const { client, updateInputs } = stubClient({
      describe: [described],
      update: [{ UpdateToken: 'next-token', RuleGroupResponse: described.RuleGroupResponse }],
    });
    const group = new NetworkFirewallRuleGroup({ client, ruleGroupArn: ARN });
    const snapshot = await group.describe();

    // Act
    const token = await group.replaceTargets(snapshot, ['api.example.com', '.github.com', 'new.example.org']);

    // Assess
    expect(token).toBe('next-token');
    const expectedRuleGroup = structuredClone(described.RuleGroup);
    if (expectedRuleGroup?.RulesSource?.RulesSourceList === undefined) throw new Error('fixture has no list');
    expectedRuleGroup.RulesSource.RulesSourceList.Targets = [
      'api.example.com',
      '.github.com',
      'new.example.org',
    ];
    expect(updateInputs()).toEqual([
      {
        RuleGroupArn: ARN,
        UpdateToken: '6e5a3c1e-7b8f-4d2a-9c41-2f0d8b7e9a10',
        Type: 'STATEFUL',
        RuleGroup: expectedRuleGroup,
        Description: 'Managed by egress-scout: hostnames approved from observed traffic',
        EncryptionConfiguration: { Type: 'AWS_OWNED_KMS_KEY' },
        SummaryConfiguration: { RuleOptions: ['SID', 'MSG'] },
      },
    ]);
  });

  it('describes again when the snapshot is not the last one it described, and updates if the token still holds', async () => {
    const described = describeResponse();
    const { client, send, updateInputs } = stubClient({
      describe: [described, described],
      update: [{ UpdateToken: 'first' }, { UpdateToken: 'second' }],
    });
    const group = new NetworkFirewallRuleGroup({ client, ruleGroupArn: ARN });
    const snapshot = await group.describe();
    await group.replaceTargets(snapshot, ['a.example.com']);

    const token = await group.replaceTargets(snapshot, ['b.example.com']);

    expect(token).toBe('second');
    expect(send).toHaveBeenCalledTimes(4);
    expect(updateInputs()[1]?.RuleGroup?.RuleVariables).toEqual(described.RuleGroup?.RuleVariables);
  });

  it('raises a conflict without updating when a fresh describe shows another token', async () => {
    const before = describeResponse();
    const after = { ...describeResponse(), UpdateToken: 'changed-by-someone-else' };
    const { client, updateInputs } = stubClient({ describe: [after] });
    const group = new NetworkFirewallRuleGroup({ client, ruleGroupArn: ARN });
    const staleSnapshot = {
      ruleGroupArn: ARN,
      ruleGroupName: 'egress-scout-allowlist',
      targets: [],
      targetTypes: ['TLS_SNI' as const],
      generatedRulesType: 'ALLOWLIST' as const,
      capacity: 1000,
      consumedCapacity: undefined,
      updateToken: before.UpdateToken ?? '',
    };

    const replaced = group.replaceTargets(staleSnapshot, ['x.example.com']);

    await expect(replaced).rejects.toThrow(RuleGroupConflictError);
    expect(updateInputs()).toEqual([]);
  });

  it.each([
    [
      'InvalidTokenException',
      new InvalidTokenException({ message: 'token is stale', ...metadata }),
      RuleGroupConflictError,
    ],
    [
      'InvalidRequestException',
      new InvalidRequestException({ message: 'capacity exceeded', ...metadata }),
      RuleGroupRejectedError,
    ],
    [
      'ResourceNotFoundException',
      new ResourceNotFoundException({ message: 'deleted', ...metadata }),
      RuleGroupNotFoundError,
    ],
  ])('turns %s from UpdateRuleGroup into %o, keeping the cause', async (_, sdkError, expected) => {
    const { client } = stubClient({ describe: [describeResponse()], update: [sdkError] });
    const group = new NetworkFirewallRuleGroup({ client, ruleGroupArn: ARN });
    const snapshot = await group.describe();

    const error = await group.replaceTargets(snapshot, ['x.example.com']).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(expected);
    expect((error as Error).cause).toBe(sdkError);
  });

  it('refuses a snapshot of another rule group', async () => {
    const { client, send } = stubClient({ describe: [describeResponse()] });
    const group = new NetworkFirewallRuleGroup({ client, ruleGroupArn: ARN });
    const snapshot = await group.describe();

    const replaced = group.replaceTargets({ ...snapshot, ruleGroupArn: `${ARN}-other` }, []);

    await expect(replaced).rejects.toThrow(/cannot update/);
    expect(send).toHaveBeenCalledTimes(1);
  });
});
