// AllowlistRuleGroup on AWS Network Firewall: describe the managed domain list, replace its targets under the update token.
//
// UpdateRuleGroup replaces the whole RuleGroup object, so a field left out is a setting lost. The
// update therefore sends back exactly what DescribeRuleGroup returned at the snapshot's token —
// RuleVariables, ReferenceSets, StatefulRuleOptions, TargetTypes, GeneratedRulesType, and the
// group's description, encryption, source metadata and summary settings — with only Targets changed.
// That object is kept from the last describe; when the caller's snapshot came from elsewhere (another
// instance, a test), the group is described again and a different token there is already a conflict.
import {
  DescribeRuleGroupCommand,
  type DescribeRuleGroupResponse,
  type NetworkFirewallClient,
  type RuleGroup,
  type RulesSourceList,
  UpdateRuleGroupCommand,
  type UpdateRuleGroupRequest,
} from '@aws-sdk/client-network-firewall';
import type { AllowlistRuleGroup, RuleGroupSnapshot } from '../../app/ports/allowlist-rule-group.ts';
import {
  RuleGroupConflictError,
  RuleGroupError,
  RuleGroupNotFoundError,
  RuleGroupRejectedError,
} from '../../domain/errors.ts';

export interface NetworkFirewallRuleGroupOptions {
  client: NetworkFirewallClient;
  /** The managed domain-list rule group (`arn:aws:network-firewall:…:stateful-rulegroup/<name>`). */
  ruleGroupArn: string;
}

/** A DescribeRuleGroup result, checked to be a domain list, with what an update must send back. */
interface DescribedGroup {
  snapshot: RuleGroupSnapshot;
  ruleGroup: RuleGroup & { RulesSource: { RulesSourceList: RulesSourceList } };
  /** Group-level settings UpdateRuleGroup accepts, as described. */
  settings: Pick<
    UpdateRuleGroupRequest,
    'Type' | 'Description' | 'EncryptionConfiguration' | 'SourceMetadata' | 'SummaryConfiguration'
  >;
}

const TARGET_TYPES: readonly string[] = ['TLS_SNI', 'HTTP_HOST'];
const GENERATED_RULES_TYPES: readonly string[] = ['ALLOWLIST', 'DENYLIST', 'ALERTLIST', 'REJECTLIST'];

export class NetworkFirewallRuleGroup implements AllowlistRuleGroup {
  readonly #client: NetworkFirewallClient;
  readonly #ruleGroupArn: string;
  #lastDescribed: DescribedGroup | undefined;

  constructor(options: NetworkFirewallRuleGroupOptions) {
    this.#client = options.client;
    this.#ruleGroupArn = options.ruleGroupArn;
  }

  async describe(): Promise<RuleGroupSnapshot> {
    const described = await this.#describe();
    return structuredClone(described.snapshot);
  }

  async replaceTargets(snapshot: RuleGroupSnapshot, targets: string[]): Promise<string> {
    if (snapshot.ruleGroupArn !== this.#ruleGroupArn) {
      throw new RuleGroupError(
        `snapshot of ${snapshot.ruleGroupArn} cannot update ${this.#ruleGroupArn}: describe this group first`,
      );
    }
    const base =
      this.#lastDescribed?.snapshot.updateToken === snapshot.updateToken
        ? this.#lastDescribed
        : await this.#describe();
    if (base.snapshot.updateToken !== snapshot.updateToken) {
      throw new RuleGroupConflictError(
        `rule group ${this.#ruleGroupArn} changed since the snapshot was taken (its update token is stale)`,
      );
    }
    const ruleGroup: RuleGroup = {
      ...base.ruleGroup,
      RulesSource: {
        ...base.ruleGroup.RulesSource,
        RulesSourceList: { ...base.ruleGroup.RulesSource.RulesSourceList, Targets: [...targets] },
      },
    };
    const response = await this.#send('UpdateRuleGroup', () =>
      this.#client.send(
        new UpdateRuleGroupCommand({
          ...base.settings,
          RuleGroupArn: this.#ruleGroupArn,
          UpdateToken: snapshot.updateToken,
          RuleGroup: ruleGroup,
        }),
      ),
    );
    this.#lastDescribed = undefined;
    if (!response.UpdateToken) {
      throw new RuleGroupError(`UpdateRuleGroup on ${this.#ruleGroupArn} returned no update token`);
    }
    return response.UpdateToken;
  }

  async #describe(): Promise<DescribedGroup> {
    const response = await this.#send('DescribeRuleGroup', () =>
      this.#client.send(new DescribeRuleGroupCommand({ RuleGroupArn: this.#ruleGroupArn })),
    );
    const described = readDescribedGroup(this.#ruleGroupArn, response);
    this.#lastDescribed = described;
    return described;
  }

  async #send<T>(operation: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw toRuleGroupError(error, operation, this.#ruleGroupArn);
    }
  }
}

function readDescribedGroup(arn: string, response: DescribeRuleGroupResponse): DescribedGroup {
  const group = response.RuleGroupResponse;
  const ruleGroup = response.RuleGroup;
  const list = ruleGroup?.RulesSource?.RulesSourceList;
  if (ruleGroup?.RulesSource === undefined || list === undefined) {
    throw new RuleGroupRejectedError(
      `rule group ${arn} is not a domain list (it has no RulesSourceList); egress-scout manages only a domain-list rule group`,
    );
  }
  if (!response.UpdateToken || group === undefined || group.Capacity === undefined) {
    throw new RuleGroupError(`DescribeRuleGroup on ${arn} returned no update token or capacity`);
  }
  const targetTypes = list.TargetTypes ?? [];
  const unknownType = targetTypes.find((type) => !TARGET_TYPES.includes(type));
  if (unknownType !== undefined || !GENERATED_RULES_TYPES.includes(list.GeneratedRulesType ?? '')) {
    throw new RuleGroupRejectedError(
      `rule group ${arn} has target types [${targetTypes.join(', ')}] and rules type ${list.GeneratedRulesType}, which egress-scout does not know`,
    );
  }
  return {
    snapshot: {
      ruleGroupArn: group.RuleGroupArn ?? arn,
      ruleGroupName: group.RuleGroupName ?? '',
      targets: [...(list.Targets ?? [])],
      targetTypes: targetTypes as RuleGroupSnapshot['targetTypes'],
      generatedRulesType: list.GeneratedRulesType as RuleGroupSnapshot['generatedRulesType'],
      capacity: group.Capacity,
      consumedCapacity: group.ConsumedCapacity,
      updateToken: response.UpdateToken,
    },
    ruleGroup: { ...ruleGroup, RulesSource: { ...ruleGroup.RulesSource, RulesSourceList: list } },
    settings: withoutUndefined({
      Type: group.Type ?? 'STATEFUL',
      Description: group.Description,
      EncryptionConfiguration: group.EncryptionConfiguration,
      SourceMetadata: group.SourceMetadata,
      SummaryConfiguration: group.SummaryConfiguration,
    }),
  };
}

/** Turns what the SDK threw into the port's errors, keeping the SDK error as the cause. */
function toRuleGroupError(error: unknown, operation: string, arn: string): RuleGroupError {
  const name = error instanceof Error ? error.name : 'Error';
  const detail = error instanceof Error ? error.message : String(error);
  switch (name) {
    case 'InvalidTokenException':
      return new RuleGroupConflictError(
        `${operation} on ${arn}: the update token is stale, the group changed since it was described (${detail})`,
        { cause: error },
      );
    case 'ResourceNotFoundException':
      return new RuleGroupNotFoundError(`${operation}: rule group ${arn} does not exist (${detail})`, {
        cause: error,
      });
    case 'InvalidRequestException':
      return new RuleGroupRejectedError(`${operation} on ${arn} was refused: ${detail}`, { cause: error });
    default:
      return new RuleGroupError(`${operation} on ${arn} failed: ${name}: ${detail}`, { cause: error });
  }
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
