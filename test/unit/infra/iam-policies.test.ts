import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCloudFormationYaml } from '../../support/cloudformation/cloudformation-yaml.ts';
import { findPolicyStatements, findWildcards } from '../../support/cloudformation/iam-policies.ts';

const template = parseCloudFormationYaml(
  readFileSync(
    join(import.meta.dirname, '..', '..', 'support', 'cloudformation', 'wildcard-policies.yml'),
    'utf8',
  ),
);

describe('findPolicyStatements', () => {
  it('finds trust, inline and standalone policy statements', () => {
    // Act
    const statements = findPolicyStatements(template);

    // Assess
    expect(statements.map(({ path }) => path)).toEqual([
      'Resources.Role.Properties.AssumeRolePolicyDocument.Statement[0]',
      ...[0, 1, 2, 3, 4].map(
        (index) => `Resources.Role.Properties.Policies[0].PolicyDocument.Statement[${index}]`,
      ),
      'Resources.Policy.Properties.PolicyDocument.Statement[0]',
      'Resources.Policy.Properties.PolicyDocument.Statement[1]',
    ]);
  });
});

describe('findWildcards', () => {
  const found = findWildcards(template).map(({ logicalId, kind, value }) => ({ logicalId, kind, value }));

  it.each([
    ['the * action', { logicalId: 'Role', kind: 'action', value: '*' }],
    ['a service-wide action', { logicalId: 'Role', kind: 'action', value: 's3:*' }],
    ['a wildcard in an action name', { logicalId: 'Role', kind: 'action', value: 'sqs:Get*' }],
    ['a ? in an action name', { logicalId: 'Role', kind: 'action', value: 'sqs:?endMessage' }],
    ['the * resource', { logicalId: 'Role', kind: 'resource', value: '*' }],
    ['a * inside Fn::Sub', { logicalId: 'Role', kind: 'resource', value: '<ref>/index/*' }],
    [
      'a * inside Fn::Join',
      { logicalId: 'Policy', kind: 'resource', value: 'arn:<ref>:logs:*:*:log-group:x' },
    ],
    ['NotAction', { logicalId: 'Role', kind: 'not-action', value: '"iam:*"' }],
    ['NotResource', { logicalId: 'Policy', kind: 'not-resource', value: '{"Ref":"Topic"}' }],
    [
      'an attached managed policy',
      { logicalId: 'Role', kind: 'managed-policy', value: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
    ],
  ])('finds %s', (_kind, wildcard) => {
    expect(found).toContainEqual(wildcard);
  });

  it('leaves exact actions and resources given by Ref or GetAtt alone', () => {
    expect(found).toHaveLength(10);
  });
});
