// A local AWS Network Firewall endpoint for stateful rule groups: the service's JSON 1.0 protocol, tokens, capacity and errors.
//
// The real SDK client talks to it unchanged (endpoint + any credentials). It models what egress-scout
// relies on: CreateRuleGroup, DescribeRuleGroup (by ARN, or by name and type), UpdateRuleGroup (with
// DryRun) and ListRuleGroups; a new random UpdateToken after every change and InvalidTokenException for
// a stale one; capacity fixed at creation and an update needing more refused with the group unchanged;
// targets checked as host names or `.domain` wildcards. Capacity is counted as in
// shared/domain/rule-group-capacity.ts (domain lists) or one unit per rule (Suricata rules).
// Not modelled: stateless groups, firewalls and policies, tags beyond storing them, signatures.
//
// Error bodies carry `__type` and the `x-amzn-errortype` header; the SDK's JSON-RPC protocol reads
// either to raise the matching exception class (InvalidTokenException, ResourceNotFoundException…).
// State lives in <dataDir>/network-firewall/state.json, rewritten atomically after every change and
// read back on start, so a restarted endpoint has the same groups and tokens. Run one endpoint per
// data directory.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { domainListCapacity, MAX_STATEFUL_RULE_GROUP_CAPACITY } from '../../domain/rule-group-capacity.ts';
import {
  LOCAL_ACCOUNT_ID,
  LOCAL_REGION,
  type LocalEndpoint,
  LocalEndpointError,
  type LocalRequest,
  type LocalResponse,
  listenOnLoopback,
  readJsonFile,
  ServiceFaultError,
  writeJsonFileAtomic,
} from './local-endpoint-server.ts';

export interface LocalNetworkFirewallOptions {
  /** The directory the endpoint keeps its state under (`<dataDir>/network-firewall/state.json`). */
  dataDir: string;
  /** A fixed port; a free one is chosen when omitted. */
  port?: number | undefined;
}

const ARN_PREFIX = `arn:aws:network-firewall:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:stateful-rulegroup/`;
const TARGET_PREFIX = 'NetworkFirewall_20201112.';
const JSON_CONTENT_TYPE = 'application/x-amz-json-1.0';
/** A Suricata rules string may be 2,000,000 bytes (quotas.html); leave room for the rest of a request. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;
const MAX_DESCRIPTION_LENGTH = 512;

type Json = Record<string, unknown>;

interface StoredRuleGroup {
  name: string;
  arn: string;
  id: string;
  type: 'STATEFUL';
  capacity: number;
  ruleGroup: Json;
  updateToken: string;
  /** Epoch milliseconds. */
  lastModifiedTime: number;
  description?: string | undefined;
  encryptionConfiguration: Json;
  sourceMetadata?: Json | undefined;
  summaryConfiguration?: Json | undefined;
  tags?: unknown[] | undefined;
}

interface PersistedState {
  version: 1;
  ruleGroups: StoredRuleGroup[];
}

/**
 * Starts the endpoint on 127.0.0.1 with the state found in `dataDir`.
 *
 * @example
 * const firewall = await startLocalNetworkFirewall({ dataDir: '.egress-scout' });
 * const client = createNetworkFirewallClient({ endpoint: firewall.endpoint });
 * // … CreateRuleGroup, DescribeRuleGroup, UpdateRuleGroup
 * await firewall.stop();
 */
export async function startLocalNetworkFirewall(
  options: LocalNetworkFirewallOptions,
): Promise<LocalEndpoint> {
  const service = new RuleGroupService(join(options.dataDir, 'network-firewall', 'state.json'));
  return listenOnLoopback((request) => service.handle(request), {
    port: options.port,
    maxBodyBytes: MAX_BODY_BYTES,
    tooLarge: () =>
      errorResponse(new ServiceFaultError('InvalidRequestException', 'Request body too large', 413)),
    refused: (reason) => errorResponse(new ServiceFaultError('AccessDeniedException', reason, 403)),
    internalError: (error) =>
      errorResponse(
        new ServiceFaultError('InternalServerError', `local endpoint failure: ${String(error)}`, 500),
      ),
  });
}

class RuleGroupService {
  readonly #statePath: string;
  #groups: StoredRuleGroup[];

  constructor(statePath: string) {
    this.#statePath = statePath;
    this.#groups = loadState(statePath);
  }

  handle(request: LocalRequest): LocalResponse {
    try {
      const operation = operationOf(request);
      const input = parseInput(request.body);
      const output = this.#dispatch(operation, input);
      return { status: 200, headers: jsonHeaders(), body: JSON.stringify(output) };
    } catch (error) {
      if (error instanceof ServiceFaultError) return errorResponse(error);
      throw error;
    }
  }

  #dispatch(operation: string, input: Json): Json {
    switch (operation) {
      case 'CreateRuleGroup':
        return this.#create(input);
      case 'DescribeRuleGroup':
        return this.#describe(input);
      case 'UpdateRuleGroup':
        return this.#update(input);
      case 'ListRuleGroups':
        return this.#list(input);
      default:
        throw new ServiceFaultError(
          'UnknownOperationException',
          `The local endpoint does not model ${operation}`,
        );
    }
  }

  #create(input: Json): Json {
    const name = ruleGroupName(input.RuleGroupName);
    const type = ruleGroupType(input.Type, true);
    const capacity = integerIn(input.Capacity, 'Capacity', 1, MAX_STATEFUL_RULE_GROUP_CAPACITY);
    const ruleGroup = ruleGroupOf(input) ?? invalid('Either RuleGroup or Rules is required');
    const now = Date.now();
    const group: StoredRuleGroup = {
      name,
      arn: `${ARN_PREFIX}${name}`,
      id: randomUUID(),
      type,
      capacity,
      ruleGroup,
      updateToken: randomUUID(),
      lastModifiedTime: now,
      description: description(input.Description),
      encryptionConfiguration: optionalObject(input.EncryptionConfiguration, 'EncryptionConfiguration') ?? {
        Type: 'AWS_OWNED_KMS_KEY',
      },
      sourceMetadata: optionalObject(input.SourceMetadata, 'SourceMetadata'),
      summaryConfiguration: optionalObject(input.SummaryConfiguration, 'SummaryConfiguration'),
      tags: optionalArray(input.Tags, 'Tags'),
    };
    const consumed = consumedCapacity(ruleGroup);
    // A dry run is how a caller learns the capacity a rule group needs, so it does not enforce it.
    if (optionalBoolean(input.DryRun, 'DryRun')) {
      return { UpdateToken: group.updateToken, RuleGroupResponse: describeGroup(group, consumed) };
    }
    if (this.#groups.some((other) => other.name === name && other.type === type)) {
      invalid(`A resource with the name ${name} and type ${type} already exists`);
    }
    requireCapacity(consumed, capacity);
    this.#save([...this.#groups, group]);
    return { UpdateToken: group.updateToken, RuleGroupResponse: describeGroup(group, consumed) };
  }

  #describe(input: Json): Json {
    const group = this.#find(input);
    return {
      UpdateToken: group.updateToken,
      RuleGroup: structuredClone(group.ruleGroup),
      RuleGroupResponse: describeGroup(group, consumedCapacity(group.ruleGroup)),
    };
  }

  #update(input: Json): Json {
    const group = this.#find(input);
    const token = requiredString(input.UpdateToken, 'UpdateToken');
    const ruleGroup = ruleGroupOf(input) ?? group.ruleGroup;
    const updated: StoredRuleGroup = {
      ...group,
      ruleGroup,
      description: input.Description === undefined ? group.description : description(input.Description),
      encryptionConfiguration:
        optionalObject(input.EncryptionConfiguration, 'EncryptionConfiguration') ??
        group.encryptionConfiguration,
      sourceMetadata: optionalObject(input.SourceMetadata, 'SourceMetadata') ?? group.sourceMetadata,
      summaryConfiguration:
        optionalObject(input.SummaryConfiguration, 'SummaryConfiguration') ?? group.summaryConfiguration,
    };
    const dryRun = optionalBoolean(input.DryRun, 'DryRun');
    if (token !== group.updateToken) {
      throw new ServiceFaultError(
        'InvalidTokenException',
        'Update token is stale: the rule group changed since it was described. Describe it again and retry.',
      );
    }
    const consumed = consumedCapacity(ruleGroup);
    requireCapacity(consumed, group.capacity);
    if (dryRun)
      return { UpdateToken: group.updateToken, RuleGroupResponse: describeGroup(updated, consumed) };
    updated.updateToken = randomUUID();
    updated.lastModifiedTime = Date.now();
    this.#save(this.#groups.map((other) => (other === group ? updated : other)));
    return { UpdateToken: updated.updateToken, RuleGroupResponse: describeGroup(updated, consumed) };
  }

  #list(input: Json): Json {
    const maxResults =
      input.MaxResults === undefined ? 100 : integerIn(input.MaxResults, 'MaxResults', 1, 100);
    const start = input.NextToken === undefined ? 0 : pageStart(input.NextToken);
    const type = ruleGroupType(input.Type, false);
    const scope = input.Scope;
    if (scope !== undefined && scope !== 'ACCOUNT' && scope !== 'MANAGED')
      invalid(`Invalid Scope: ${String(scope)}`);
    const groups =
      scope === 'MANAGED'
        ? []
        : this.#groups
            .filter((group) => input.Type === undefined || group.type === type)
            .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const page = groups.slice(start, start + maxResults);
    const next =
      start + maxResults < groups.length
        ? Buffer.from(String(start + maxResults)).toString('base64')
        : undefined;
    return {
      RuleGroups: page.map((group) => ({ Name: group.name, Arn: group.arn })),
      ...(next === undefined ? {} : { NextToken: next }),
    };
  }

  /** The group an ARN, or a name with a type, designates. */
  #find(input: Json): StoredRuleGroup {
    const arn = optionalString(input.RuleGroupArn, 'RuleGroupArn');
    const name = optionalString(input.RuleGroupName, 'RuleGroupName');
    if (arn !== undefined) {
      if (!/^arn:aws[a-z-]*:network-firewall:[a-z0-9-]+:\d{12}:stateful-rulegroup\/.+$/.test(arn)) {
        invalid(`RuleGroupArn is malformed or not a stateful rule group: ${arn}`);
      }
      const group = this.#groups.find((candidate) => candidate.arn === arn) ?? notFound(arn);
      if (name !== undefined && name !== group.name) invalid('RuleGroupName does not match RuleGroupArn');
      if (input.Type !== undefined && ruleGroupType(input.Type, false) !== group.type) {
        invalid('Type does not match the rule group');
      }
      return group;
    }
    if (name === undefined) invalid('RuleGroupArn or RuleGroupName is required');
    if (input.Type === undefined) invalid('Type is required when the rule group is named without its ARN');
    const type = ruleGroupType(input.Type, false);
    return this.#groups.find((group) => group.name === name && group.type === type) ?? notFound(name);
  }

  /** Writes the new state first, so a failed write leaves both the file and the endpoint as they were. */
  #save(groups: StoredRuleGroup[]): void {
    const state: PersistedState = { version: 1, ruleGroups: groups };
    writeJsonFileAtomic(this.#statePath, state);
    this.#groups = groups;
  }
}

function loadState(path: string): StoredRuleGroup[] {
  const state = readJsonFile(path);
  if (state === undefined) return [];
  if (!isObject(state) || state.version !== 1 || !Array.isArray(state.ruleGroups)) {
    throw new LocalEndpointError(`${path} is not a local Network Firewall state file (version 1)`);
  }
  return state.ruleGroups as StoredRuleGroup[];
}

function describeGroup(group: StoredRuleGroup, consumedCapacity: number): Json {
  return {
    RuleGroupArn: group.arn,
    RuleGroupName: group.name,
    RuleGroupId: group.id,
    ...(group.description === undefined ? {} : { Description: group.description }),
    Type: group.type,
    Capacity: group.capacity,
    RuleGroupStatus: 'ACTIVE',
    ...(group.tags === undefined ? {} : { Tags: group.tags }),
    ConsumedCapacity: consumedCapacity,
    NumberOfAssociations: 0,
    EncryptionConfiguration: group.encryptionConfiguration,
    ...(group.sourceMetadata === undefined ? {} : { SourceMetadata: group.sourceMetadata }),
    ...(group.summaryConfiguration === undefined ? {} : { SummaryConfiguration: group.summaryConfiguration }),
    // JSON 1.0 sends timestamps as epoch seconds.
    LastModifiedTime: group.lastModifiedTime / 1000,
  };
}

/** The RuleGroup of a create or update request (from `RuleGroup` or a Suricata `Rules` string), checked. */
function ruleGroupOf(input: Json): Json | undefined {
  if (input.RuleGroup !== undefined && input.Rules !== undefined)
    invalid('Provide RuleGroup or Rules, not both');
  if (input.Rules !== undefined) {
    return checkRuleGroup({ RulesSource: { RulesString: requiredString(input.Rules, 'Rules') } });
  }
  return input.RuleGroup === undefined ? undefined : checkRuleGroup(input.RuleGroup);
}

function checkRuleGroup(value: unknown): Json {
  if (!isObject(value) || !isObject(value.RulesSource)) invalid('RuleGroup.RulesSource is required');
  const source = value.RulesSource;
  if (source.StatelessRulesAndCustomActions !== undefined) {
    invalid('A stateful rule group cannot hold StatelessRulesAndCustomActions');
  }
  const kinds = ['RulesString', 'RulesSourceList', 'StatefulRules'].filter(
    (kind) => source[kind] !== undefined,
  );
  if (kinds.length !== 1)
    invalid('RulesSource must hold exactly one of RulesString, RulesSourceList, StatefulRules');
  if (source.RulesSourceList !== undefined) checkRulesSourceList(source.RulesSourceList);
  if (source.RulesString !== undefined) {
    const rules = requiredString(source.RulesString, 'RulesString');
    if (Buffer.byteLength(rules) > 2_000_000) invalid('RulesString exceeds 2,000,000 bytes');
  }
  if (source.StatefulRules !== undefined && !Array.isArray(source.StatefulRules))
    invalid('StatefulRules must be a list');
  for (const field of ['RuleVariables', 'ReferenceSets', 'StatefulRuleOptions'])
    optionalObject(value[field], field);
  const order = isObject(value.StatefulRuleOptions) ? value.StatefulRuleOptions.RuleOrder : undefined;
  if (order !== undefined && order !== 'DEFAULT_ACTION_ORDER' && order !== 'STRICT_ORDER') {
    invalid(`Invalid StatefulRuleOptions.RuleOrder: ${String(order)}`);
  }
  return structuredClone(value);
}

function checkRulesSourceList(list: unknown): void {
  if (!isObject(list)) invalid('RulesSourceList must be an object');
  if (!['ALLOWLIST', 'DENYLIST', 'ALERTLIST', 'REJECTLIST'].includes(String(list.GeneratedRulesType))) {
    invalid(`Invalid GeneratedRulesType: ${String(list.GeneratedRulesType)}`);
  }
  const types = list.TargetTypes;
  if (
    !Array.isArray(types) ||
    types.length === 0 ||
    new Set(types).size !== types.length ||
    !types.every((type) => type === 'TLS_SNI' || type === 'HTTP_HOST')
  ) {
    invalid('TargetTypes must list TLS_SNI and/or HTTP_HOST, each at most once');
  }
  if (!Array.isArray(list.Targets)) invalid('RulesSourceList.Targets is required');
  for (const target of list.Targets) {
    const problem = domainListTargetProblem(target);
    if (problem !== undefined) invalid(`Invalid target ${JSON.stringify(target)}: ${problem}`);
  }
}

const TARGET_LABEL = /^[A-Za-z0-9_-]{1,63}$/;

/**
 * Why Network Firewall would refuse a domain-list target, or undefined: a target is a host name
 * (`api.example.com`, matching that name only) or a `.domain` wildcard (`.example.com`, matching the
 * domain and every subdomain), in ASCII (IDNs as punycode), labels of 1–63 characters, at most 253 in all.
 */
export function domainListTargetProblem(target: unknown): string | undefined {
  if (typeof target !== 'string' || target.length === 0) return 'a target must be a non-empty string';
  const name = target.startsWith('.') ? target.slice(1) : target;
  if (name.length === 0 || name.length > 253) return 'a domain name has 1 to 253 characters';
  if (target.includes('*')) return "wildcards are written with a leading '.', not '*'";
  if (!name.split('.').every((label) => TARGET_LABEL.test(label))) {
    return 'labels are 1-63 letters, digits, hyphens or underscores, separated by single dots';
  }
  return undefined;
}

/** Capacity the rules use: the domain-list formula, or one unit per Suricata rule. */
function consumedCapacity(ruleGroup: Json): number {
  const source = ruleGroup.RulesSource as Json;
  if (isObject(source.RulesSourceList)) {
    const list = source.RulesSourceList;
    return domainListCapacity({
      targetCount: (list.Targets as unknown[]).length,
      targetTypeCount: (list.TargetTypes as unknown[]).length,
      generatedRulesType: list.GeneratedRulesType as 'ALLOWLIST',
    });
  }
  if (Array.isArray(source.StatefulRules)) return source.StatefulRules.length;
  return String(source.RulesString)
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.trim().startsWith('#')).length;
}

function requireCapacity(consumed: number, capacity: number): void {
  if (consumed > capacity) {
    invalid(`The rules need capacity ${consumed}, more than the rule group's capacity of ${capacity}`);
  }
}

function operationOf(request: LocalRequest): string {
  const target = request.headers['x-amz-target'];
  if (request.method !== 'POST' || typeof target !== 'string' || !target.startsWith(TARGET_PREFIX)) {
    throw new ServiceFaultError(
      'UnknownOperationException',
      'Expected a POST with X-Amz-Target NetworkFirewall_20201112.*',
    );
  }
  return target.slice(TARGET_PREFIX.length);
}

function parseInput(body: Buffer): Json {
  let input: unknown;
  try {
    input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
  } catch {
    throw new ServiceFaultError('SerializationException', 'The request body is not JSON');
  }
  if (!isObject(input))
    throw new ServiceFaultError('SerializationException', 'The request body is not a JSON object');
  return input;
}

function jsonHeaders(): Record<string, string> {
  return { 'content-type': JSON_CONTENT_TYPE, 'x-amzn-requestid': randomUUID() };
}

function errorResponse(fault: ServiceFaultError): LocalResponse {
  return {
    status: fault.status,
    headers: { ...jsonHeaders(), 'x-amzn-errortype': fault.code },
    body: JSON.stringify({ __type: fault.code, Message: fault.message }),
  };
}

function invalid(message: string): never {
  throw new ServiceFaultError('InvalidRequestException', message);
}

function notFound(what: string): never {
  throw new ServiceFaultError('ResourceNotFoundException', `Unable to locate rule group ${what}`);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function ruleGroupName(value: unknown): string {
  const name = requiredString(value, 'RuleGroupName');
  if (!/^[a-zA-Z0-9-]{1,128}$/.test(name)) invalid('RuleGroupName must be 1-128 letters, digits or hyphens');
  return name;
}

function ruleGroupType(value: unknown, required: boolean): 'STATEFUL' {
  if (value === 'STATEFUL' || (!required && value === undefined)) return 'STATEFUL';
  if (value === 'STATELESS' || value === 'STATEFUL_DOMAIN') {
    invalid(`The local endpoint models STATEFUL rule groups only, not ${value}`);
  }
  return invalid(`Invalid Type: ${String(value)}`);
}

function description(value: unknown): string | undefined {
  const text = optionalString(value, 'Description');
  if (text !== undefined && text.length > MAX_DESCRIPTION_LENGTH)
    invalid('Description exceeds 512 characters');
  return text;
}

function pageStart(token: unknown): number {
  const start = Number(Buffer.from(requiredString(token, 'NextToken'), 'base64').toString('utf8'));
  if (!Number.isSafeInteger(start) || start < 0) invalid('Invalid NextToken');
  return start;
}

function integerIn(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    invalid(`${field} must be an integer from ${min} to ${max}`);
  }
  return value;
}

function requiredString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0) invalid(`${field} is required`);
  return value;
}

function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') invalid(`${field} must be a string`);
  return value;
}

function optionalBoolean(value: unknown, field: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') invalid(`${field} must be a boolean`);
  return value;
}

function optionalObject(value: unknown, field: string): Json | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value)) invalid(`${field} must be an object`);
  return value;
}

function optionalArray(value: unknown, field: string): unknown[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) invalid(`${field} must be a list`);
  return value;
}
