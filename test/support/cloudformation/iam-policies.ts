// Finds every IAM policy statement in a template and the wildcards in them (actions, resources, Not*, managed policies).

type Json = Record<string, unknown>;

/** Properties that hold a policy document, on whichever resource type. */
const POLICY_DOCUMENT_KEYS = new Set(['PolicyDocument', 'AssumeRolePolicyDocument', 'KeyPolicy']);

export interface PolicyStatement {
  /** The logical ID of the resource holding the policy (a role, a policy, a bucket policy, ...). */
  logicalId: string;
  path: string;
  statement: Json;
}

export interface Wildcard {
  logicalId: string;
  path: string;
  /** What is too broad: an action with * or ?, a resource with *, NotAction/NotResource, an attached managed policy. */
  kind: 'action' | 'resource' | 'not-action' | 'not-resource' | 'managed-policy';
  /** The action, the resource (intrinsics shown as <ref>) or the managed policy. */
  value: string;
}

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const asList = (value: unknown): unknown[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/**
 * Every statement of every policy document in the template's resources, wherever it sits (inline
 * role policies, AWS::IAM::Policy, resource policies, trust policies, key policies).
 */
export function findPolicyStatements(template: unknown): PolicyStatement[] {
  const statements: PolicyStatement[] = [];
  const resources = isObject(template) && isObject(template.Resources) ? template.Resources : {};
  const visit = (logicalId: string, value: unknown, path: string): void => {
    if (Array.isArray(value)) {
      value.forEach((element, index) => {
        visit(logicalId, element, `${path}[${index}]`);
      });
      return;
    }
    if (!isObject(value)) return;
    for (const [key, child] of Object.entries(value)) {
      if (POLICY_DOCUMENT_KEYS.has(key) && isObject(child)) {
        asList(child.Statement).forEach((statement, index) => {
          if (isObject(statement)) {
            statements.push({ logicalId, path: `${path}.${key}.Statement[${index}]`, statement });
          }
        });
      } else {
        visit(logicalId, child, `${path}.${key}`);
      }
    }
  };
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (isObject(resource)) visit(logicalId, resource.Properties, `Resources.${logicalId}.Properties`);
  }
  return statements;
}

/**
 * Every wildcard in the template's policies: `*` or `?` in an action (`*`, `s3:*`, `s3:Get*`), `*` in
 * the literal text of a resource (`*`, `arn:…:table/*`; intrinsics count as exact), any NotAction or
 * NotResource, and any attached managed policy (whose statements cannot be seen here).
 *
 * @example
 * expect(findWildcards(template).filter((w) => !allowed(w))).toEqual([]);
 */
export function findWildcards(template: unknown): Wildcard[] {
  const found: Wildcard[] = [];
  for (const { logicalId, path, statement } of findPolicyStatements(template)) {
    for (const action of asList(statement.Action)) {
      const text = literalText(action);
      if (/[*?]/.test(text)) found.push({ logicalId, path: `${path}.Action`, kind: 'action', value: text });
    }
    for (const resource of asList(statement.Resource)) {
      const text = literalText(resource);
      if (text.includes('*'))
        found.push({ logicalId, path: `${path}.Resource`, kind: 'resource', value: text });
    }
    if (statement.NotAction !== undefined) {
      found.push({
        logicalId,
        path: `${path}.NotAction`,
        kind: 'not-action',
        value: JSON.stringify(statement.NotAction),
      });
    }
    if (statement.NotResource !== undefined) {
      found.push({
        logicalId,
        path: `${path}.NotResource`,
        kind: 'not-resource',
        value: JSON.stringify(statement.NotResource),
      });
    }
  }
  const resources = isObject(template) && isObject(template.Resources) ? template.Resources : {};
  for (const [logicalId, resource] of Object.entries(resources)) {
    const properties = isObject(resource) && isObject(resource.Properties) ? resource.Properties : {};
    asList(properties.ManagedPolicyArns).forEach((arn, index) => {
      found.push({
        logicalId,
        path: `Resources.${logicalId}.Properties.ManagedPolicyArns[${index}]`,
        kind: 'managed-policy',
        value: literalText(arn),
      });
    });
  }
  return found;
}

/**
 * The text of a policy value with its intrinsic parts shown as `<ref>`: what is literally written is
 * what can hold a wildcard; a Ref or GetAtt stands for one exact name or ARN.
 */
export function literalText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (!isObject(value)) return String(value);
  if ('Fn::Join' in value && Array.isArray(value['Fn::Join'])) {
    const [separator, parts] = value['Fn::Join'] as [unknown, unknown];
    return asList(parts).map(literalText).join(String(separator));
  }
  if ('Fn::Sub' in value) {
    const template = Array.isArray(value['Fn::Sub']) ? value['Fn::Sub'][0] : value['Fn::Sub'];
    return String(template).replace(/\$\{[^}]*\}/g, '<ref>');
  }
  if ('Fn::If' in value && Array.isArray(value['Fn::If'])) {
    return (value['Fn::If'] as unknown[]).slice(1).map(literalText).join(' | ');
  }
  return '<ref>';
}
