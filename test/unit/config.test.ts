import { describe, expect, it } from 'vitest';
import { DEFAULT_COVERAGE_MAX_AGE_SECONDS, loadApiConfig } from '../../shared/config/api-config.ts';
import { ConfigError } from '../../shared/config/env.ts';
import { loadIngestConfig } from '../../shared/config/ingest-config.ts';
import { loadLifecycleConfig } from '../../shared/config/lifecycle-config.ts';

const LIFECYCLE = {
  TABLE_NAME: 'inventory',
  RULE_GROUP_ARN: 'arn:aws:network-firewall:us-east-1:123456789012:stateful-rulegroup/egress-scout-allowlist',
  TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:egress-scout',
  APPROVAL_SECRET_ARN:
    'arn:aws:secretsmanager:us-east-1:123456789012:secret:egress-scout/dev/approval-signing-key-abc',
  APPROVAL_BASE_URL: 'https://abc123.execute-api.us-east-1.amazonaws.com/',
};

describe('configuration', () => {
  it('reads the lifecycle settings with documented defaults', () => {
    const config = loadLifecycleConfig({
      ...LIFECYCLE,
      TRUSTED_SUFFIXES: ' .Corp.Example.com, internal.example ',
      MIN_HITS: '25',
    });

    expect(config.approvalBaseUrl).toBe('https://abc123.execute-api.us-east-1.amazonaws.com');
    expect(config.policy).toMatchObject({
      minHits: 25,
      minDaysSeen: 2,
      lookBackDays: 14,
      trustedSuffixes: ['corp.example.com', 'internal.example'],
    });
    expect(config).toMatchObject({ approvalLinkHours: 72, expireAfterDays: 30 });
  });

  it.each([
    [{ ...LIFECYCLE, TABLE_NAME: '' }, 'TABLE_NAME is required'],
    [
      { ...LIFECYCLE, RULE_GROUP_ARN: 'arn:aws:s3:::bucket' },
      'RULE_GROUP_ARN must be a stateful rule group ARN',
    ],
    [{ ...LIFECYCLE, APPROVAL_SECRET_FILE: '/tmp/key' }, 'exactly one of APPROVAL_SECRET_ARN'],
    [{ ...LIFECYCLE, APPROVAL_BASE_URL: 'not a url' }, 'APPROVAL_BASE_URL must be a URL'],
    [{ ...LIFECYCLE, MIN_HITS: 'ten' }, 'MIN_HITS must be an integer from 1'],
    [{ ...LIFECYCLE, EXPIRE_AFTER_DAYS: '0' }, 'EXPIRE_AFTER_DAYS must be an integer from 1 to 3650'],
  ])('fails at start with a message naming the setting (%#)', (env, message) => {
    expect(() => loadLifecycleConfig(env)).toThrow(ConfigError);
    expect(() => loadLifecycleConfig(env)).toThrow(message);
  });

  it('reads how long the inventory reuses a description of the rule group, 0 to 300 s', () => {
    expect(loadApiConfig({ TABLE_NAME: 't' }).coverageMaxAgeMs).toBe(DEFAULT_COVERAGE_MAX_AGE_SECONDS * 1000);
    expect(loadApiConfig({ TABLE_NAME: 't', API_COVERAGE_MAX_AGE_SECONDS: '0' }).coverageMaxAgeMs).toBe(0);
    expect(loadApiConfig({ TABLE_NAME: 't', API_COVERAGE_MAX_AGE_SECONDS: '60' }).coverageMaxAgeMs).toBe(
      60_000,
    );
    expect(() => loadApiConfig({ TABLE_NAME: 't', API_COVERAGE_MAX_AGE_SECONDS: '301' })).toThrow(
      'API_COVERAGE_MAX_AGE_SECONDS must be an integer from 0 to 300',
    );
  });

  it('names the missing ingest setting', () => {
    expect(() => loadIngestConfig({})).toThrow('TABLE_NAME is required but not set');
    expect(() => loadIngestConfig({ TABLE_NAME: 't', MAX_DECOMPRESSED_BYTES: '5' })).toThrow(
      'MAX_DECOMPRESSED_BYTES must be an integer',
    );
  });
});
