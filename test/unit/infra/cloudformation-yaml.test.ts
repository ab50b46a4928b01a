import { describe, expect, it } from 'vitest';
import { parseCloudFormationYaml } from '../../support/cloudformation/cloudformation-yaml.ts';

describe('parseCloudFormationYaml', () => {
  it('turns scalar, sequence and nested short forms into long forms', () => {
    // Prepare
    const text = [
      'A: !Ref Table',
      'B: !GetAtt Table.StreamSpecification.StreamViewType',
      'C: !GetAtt [Table, Arn]',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax
      "D: !Sub ['${Name}-x', { Name: !Select [0, !Split [',', !Ref List]] }]",
      'E: !If [IsProd, !Not [!Equals [a, b]], !Ref AWS::NoValue]',
    ].join('\n');

    // Act
    const parsed = parseCloudFormationYaml(text);

    // Assess
    expect(parsed).toEqual({
      A: { Ref: 'Table' },
      B: { 'Fn::GetAtt': ['Table', 'StreamSpecification.StreamViewType'] },
      C: { 'Fn::GetAtt': ['Table', 'Arn'] },
      D: {
        // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax
        'Fn::Sub': ['${Name}-x', { Name: { 'Fn::Select': [0, { 'Fn::Split': [',', { Ref: 'List' }] }] } }],
      },
      E: { 'Fn::If': ['IsProd', { 'Fn::Not': [{ 'Fn::Equals': ['a', 'b'] }] }, { Ref: 'AWS::NoValue' }] },
    });
  });

  it('refuses a tag CloudFormation does not know', () => {
    expect(() => parseCloudFormationYaml('A: !Concat [a, b]')).toThrow(/!Concat/);
  });
});
