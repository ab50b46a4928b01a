// Settings of the lifecycle functions (promote, expire, the API's decisions), validated once per cold start.
import type { ApprovalSecretSource } from '../adapters/secrets/approval-secret.ts';
import { DEFAULT_APPROVAL_LINK_HOURS, DEFAULT_EXPIRE_AFTER_DAYS } from '../app/lifecycle/lifecycle-deps.ts';
import { DEFAULT_POLICY, type RecommendationPolicy } from '../domain/recommendation.ts';
import {
  ConfigError,
  type Environment,
  optionalInteger,
  optionalString,
  optionalUrl,
  requiredString,
} from './env.ts';

export interface LifecycleConfig {
  tableName: string;
  dynamoDbEndpoint: string | undefined;
  ruleGroupArn: string;
  networkFirewallEndpoint: string | undefined;
  topicArn: string;
  snsEndpoint: string | undefined;
  approvalSecret: ApprovalSecretSource;
  /** Public URL of the HTTP API, where approval links point. */
  approvalBaseUrl: string;
  approvalLinkHours: number;
  expireAfterDays: number;
  policy: RecommendationPolicy;
}

const RULE_GROUP_ARN =
  /^arn:aws[a-z-]*:network-firewall:[a-z0-9-]+:\d{12}:stateful-rulegroup\/[A-Za-z0-9-]{1,128}$/;

export function loadLifecycleConfig(env: Environment): LifecycleConfig {
  const ruleGroupArn = requiredString(env, 'RULE_GROUP_ARN');
  if (!RULE_GROUP_ARN.test(ruleGroupArn)) {
    throw new ConfigError(
      `RULE_GROUP_ARN must be a stateful rule group ARN, got ${JSON.stringify(ruleGroupArn)}`,
    );
  }
  const secretArn = optionalString(env, 'APPROVAL_SECRET_ARN');
  const secretFile = optionalString(env, 'APPROVAL_SECRET_FILE');
  if ((secretArn === undefined) === (secretFile === undefined)) {
    throw new ConfigError(
      'exactly one of APPROVAL_SECRET_ARN (AWS) and APPROVAL_SECRET_FILE (local) must be set',
    );
  }
  const baseUrl = optionalUrl(env, 'APPROVAL_BASE_URL');
  if (baseUrl === undefined) throw new ConfigError('APPROVAL_BASE_URL is required but not set');
  const days = { min: 1, max: 3650 };
  return {
    tableName: requiredString(env, 'TABLE_NAME'),
    dynamoDbEndpoint: optionalUrl(env, 'DYNAMODB_ENDPOINT'),
    ruleGroupArn,
    networkFirewallEndpoint: optionalUrl(env, 'NETWORK_FIREWALL_ENDPOINT'),
    topicArn: requiredString(env, 'TOPIC_ARN'),
    snsEndpoint: optionalUrl(env, 'SNS_ENDPOINT'),
    approvalSecret:
      secretArn !== undefined
        ? { secretArn, endpoint: optionalUrl(env, 'SECRETS_MANAGER_ENDPOINT') }
        : { file: secretFile as string },
    approvalBaseUrl: baseUrl.replace(/\/+$/, ''),
    approvalLinkHours: optionalInteger(env, 'APPROVAL_LINK_HOURS', DEFAULT_APPROVAL_LINK_HOURS, {
      min: 1,
      max: 24 * 30,
    }),
    expireAfterDays: optionalInteger(env, 'EXPIRE_AFTER_DAYS', DEFAULT_EXPIRE_AFTER_DAYS, days),
    policy: {
      ...DEFAULT_POLICY,
      lookBackDays: optionalInteger(env, 'LOOKBACK_DAYS', DEFAULT_POLICY.lookBackDays, { min: 1, max: 60 }),
      minHits: optionalInteger(env, 'MIN_HITS', DEFAULT_POLICY.minHits, { min: 1, max: 1e9 }),
      minDaysSeen: optionalInteger(env, 'MIN_DAYS_SEEN', DEFAULT_POLICY.minDaysSeen, { min: 1, max: 60 }),
      minSources: optionalInteger(env, 'MIN_SOURCES', DEFAULT_POLICY.minSources, { min: 1, max: 1e6 }),
      wildcardMinHostnames: optionalInteger(
        env,
        'WILDCARD_MIN_HOSTNAMES',
        DEFAULT_POLICY.wildcardMinHostnames,
        {
          min: 2,
          max: 1000,
        },
      ),
      trustedSuffixes: (optionalString(env, 'TRUSTED_SUFFIXES') ?? '')
        .split(',')
        .map((suffix) => suffix.trim().toLowerCase().replace(/^\./, ''))
        .filter((suffix) => suffix !== ''),
    },
  };
}
