import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCloudFormationYaml } from '../../support/cloudformation/cloudformation-yaml.ts';
import { findWildcards } from '../../support/cloudformation/iam-policies.ts';
import { validateTemplate } from '../../support/cloudformation/template-validator.ts';

const FIREWALL = join(import.meta.dirname, '..', '..', '..', 'infra', 'firewall');
interface Resource<P> {
  Type: string;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  Properties: P;
}
interface RuleGroupProperties {
  Type: string;
  RuleGroup: {
    StatefulRuleOptions?: unknown;
    RulesSource: { RulesSourceList?: unknown; RulesString?: string };
  };
}
interface LoggingProperties {
  LoggingConfiguration: { LogDestinationConfigs: unknown[] };
}

const load = (file: string) =>
  parseCloudFormationYaml(readFileSync(join(FIREWALL, file), 'utf8')) as {
    Resources: Record<string, Resource<unknown>>;
  };
const resource = <P>(file: string, logicalId: string) => load(file).Resources[logicalId] as Resource<P>;

describe('the firewall-side templates', () => {
  const files = readdirSync(FIREWALL).filter((file) => file.endsWith('.yml'));

  it('include the logging, observe and allowlist templates that docs/deploy.md walks through', () => {
    expect(files).toEqual(
      expect.arrayContaining(['alert-logging.yml', 'allowlist-rule-group.yml', 'observe-rule-group.yml']),
    );
  });

  it.each(files)('%s passes the resource schema checks', (file) => {
    expect(validateTemplate(load(file))).toEqual([]);
  });

  it.each(files)('%s grants no wildcard permission', (file) => {
    expect(findWildcards(load(file))).toEqual([]);
  });
});

describe('the allowlist rule group', () => {
  const group = resource<RuleGroupProperties>('allowlist-rule-group.yml', 'AllowlistRuleGroup');

  it('is a stateful domain list that allows TLS SNI and HTTP Host names, in strict order', () => {
    expect(group.Properties.Type).toBe('STATEFUL');
    expect(group.Properties.RuleGroup.StatefulRuleOptions).toEqual({ RuleOrder: 'STRICT_ORDER' });
    expect(group.Properties.RuleGroup.RulesSource.RulesSourceList).toEqual({
      GeneratedRulesType: 'ALLOWLIST',
      TargetTypes: ['TLS_SNI', 'HTTP_HOST'],
      Targets: { Ref: 'InitialTargets' },
    });
  });

  it('outlives its stack, since egress-scout owns its targets after the first promotion', () => {
    expect(group).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });
});

describe('the observe rule group', () => {
  const group = resource<RuleGroupProperties>('observe-rule-group.yml', 'ObserveRuleGroup');
  const rules = String(group.Properties.RuleGroup.RulesSource.RulesString)
    .split('\n')
    .filter((line) => line.trim() !== '');

  it('is evaluated in strict order, where an alert rule still sees traffic that a pass rule allows', () => {
    expect(group.Properties.RuleGroup.StatefulRuleOptions).toEqual({ RuleOrder: 'STRICT_ORDER' });
  });

  it('only alerts, so that it never changes what the firewall lets through', () => {
    expect(rules).toHaveLength(2);
    for (const rule of rules) expect(rule).toMatch(/^alert /);
  });

  it('alerts on every TLS client hello with a server name and every HTTP Host', () => {
    expect(rules[0]).toMatch(
      /^alert tls \$HOME_NET any -> \$EXTERNAL_NET any \(ssl_state:client_hello; tls\.sni; content:"\.";/,
    );
    expect(rules[1]).toMatch(/^alert http \$HOME_NET any -> \$EXTERNAL_NET any \(http\.host; content:"\.";/);
  });

  it('marks its records so that they can be told from the verdicts of other rule groups', () => {
    const sids = rules.map((rule) => /sid:(\d+);/.exec(rule)?.[1]);
    expect(new Set(sids).size).toBe(2);
    for (const rule of rules) expect(rule).toMatch(/msg:"egress-scout observe [a-z.]+";/);
  });
});

describe('the alert logging configuration', () => {
  const logging = resource<LoggingProperties>('alert-logging.yml', 'AlertLogging');
  const logGroup = resource<{ RetentionInDays: unknown }>('alert-logging.yml', 'AlertLogGroup');

  it('sends ALERT logs, and only those, to the log group it creates with a retention', () => {
    expect(logging.Properties.LoggingConfiguration.LogDestinationConfigs).toEqual([
      {
        LogType: 'ALERT',
        LogDestinationType: 'CloudWatchLogs',
        LogDestination: { logGroup: { Ref: 'AlertLogGroup' } },
      },
    ]);
    expect(logGroup.Properties.RetentionInDays).toEqual({ Ref: 'LogRetentionInDays' });
  });
});
