import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCloudFormationYaml } from '../../support/cloudformation/cloudformation-yaml.ts';
import { validateTemplate } from '../../support/cloudformation/template-validator.ts';

const SUPPORT = join(import.meta.dirname, '..', '..', 'support', 'cloudformation');
const load = (file: string) => parseCloudFormationYaml(readFileSync(join(SUPPORT, file), 'utf8'));

describe('validateTemplate', () => {
  // Prepare / Act once: the broken template holds one defect of each kind.
  const problems = validateTemplate(load('broken-template.yml'));

  it.each([
    ['an unknown resource type', 'Resources.UnknownType.Type', 'unknown resource type AWS::DynamoDB::Tabel'],
    [
      'a missing required property',
      'Resources.MissingRequired.Properties.PolicyDocument',
      'missing required property PolicyDocument',
    ],
    [
      'an unknown property',
      'Resources.UnknownProperty.Properties.RetentionDays',
      'unknown property RetentionDays',
    ],
    [
      'an unknown property of a nested type',
      'Resources.NestedUnknownProperty.Properties.AttributeDefinitions[0].Nullable',
      'unknown property Nullable',
    ],
    [
      'text for an integer',
      'Resources.Queue.Properties.VisibilityTimeout',
      'expected an integer, got string "thirty"',
    ],
    [
      'a list for a string',
      'Resources.ListForString.Properties.LogGroupName',
      'expected a string, got a list',
    ],
    [
      'a mapping for a string of a nested type',
      'Resources.NestedWrongType.Properties.DestinationConfig.OnFailure.Destination',
      'expected a string, got a mapping',
    ],
    [
      'a list parameter where one value is expected',
      'Resources.ListWhereValue.Properties.LogGroupName',
      'Ref gives a list here, where a single value is expected',
    ],
    [
      'a dangling Ref',
      'Resources.DanglingRef.Properties.TopicName.Ref',
      'Ref names no parameter or resource: TopicNameParameter',
    ],
    [
      'a dangling Fn::Sub variable',
      'Resources.DanglingSub.Properties.TopicName.Fn::Sub',
      'Fn::Sub variable Stage names no parameter or resource',
    ],
    [
      'a GetAtt attribute the type does not have',
      'Resources.BadAttribute.Properties.Endpoint.Fn::GetAtt',
      'AWS::SQS::Queue has no attribute QueueArn (it has: Arn, QueueName, QueueUrl)',
    ],
    ['a GetAtt of no resource', 'Outputs.Missing.Value.Fn::GetAtt', 'Fn::GetAtt names no resource: Nowhere'],
    ['an unknown condition', 'Resources.UnknownCondition.Condition', 'no condition named "IsStaging"'],
  ])('reports %s', (_kind, path, message) => {
    expect(problems).toContainEqual({ path, message });
  });

  it('reports nothing else in the broken template', () => {
    expect(problems).toHaveLength(13);
  });

  it('accepts intrinsics wherever a value may be dynamic', () => {
    // Prepare
    const template = {
      Parameters: { Names: { Type: 'CommaDelimitedList' }, Days: { Type: 'Number' } },
      Conditions: {
        HasNames: { 'Fn::Not': [{ 'Fn::Equals': [{ 'Fn::Join': [',', { Ref: 'Names' }] }, ''] }] },
      },
      Resources: {
        Group: {
          Type: 'AWS::Logs::LogGroup',
          Properties: {
            LogGroupName: { 'Fn::Select': [0, { Ref: 'Names' }] },
            RetentionInDays: { 'Fn::If': ['HasNames', { Ref: 'Days' }, { Ref: 'AWS::NoValue' }] },
          },
        },
        Rules: {
          Type: 'AWS::NetworkFirewall::RuleGroup',
          Properties: {
            // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax
            RuleGroupName: { 'Fn::Sub': '${AWS::StackName}-rules' },
            Type: 'STATEFUL',
            Capacity: '100',
            RuleGroup: {
              RulesSource: {
                RulesSourceList: {
                  GeneratedRulesType: 'ALLOWLIST',
                  TargetTypes: ['TLS_SNI'],
                  Targets: { Ref: 'Names' },
                },
              },
            },
          },
        },
      },
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax
      Outputs: { Arn: { Value: { 'Fn::Sub': '${Rules.RuleGroupArn} ${Group.Arn}' } } },
    };

    // Act
    const result = validateTemplate(template);

    // Assess
    expect(result).toEqual([]);
  });

  it('refuses an intrinsic function CloudFormation does not have', () => {
    // Prepare
    const template = {
      Resources: {
        Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: { 'Fn::Concat': ['a', 'b'] } } },
      },
    };

    // Act
    const result = validateTemplate(template);

    // Assess
    expect(result).toEqual([
      {
        path: 'Resources.Topic.Properties.TopicName.Fn::Concat',
        message: 'unknown intrinsic function Fn::Concat',
      },
    ]);
  });
});
