// Turns template values with Ref and Fn::Join into the strings CloudFormation would make, from given names.

/**
 * The value CloudFormation would produce for `value`, with every `Ref` looked up in `refs` (logical
 * IDs and pseudo parameters such as `AWS::Region`). Only Ref and Fn::Join are known: anything else
 * throws, so that a template using more is noticed rather than half-resolved.
 *
 * @example
 * resolveIntrinsics({ 'Fn::Join': ['', ['https://', { Ref: 'HttpApi' }]] }, { HttpApi: 'abc123' });
 * // 'https://abc123'
 */
export function resolveIntrinsics(value: unknown, refs: Readonly<Record<string, string>>): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const entries = Object.entries(value);
    const [name, argument] = entries[0] ?? [];
    if (entries.length === 1 && name === 'Ref' && typeof argument === 'string') {
      const resolved = refs[argument];
      if (resolved === undefined) throw new Error(`no value given for Ref ${argument}`);
      return resolved;
    }
    if (entries.length === 1 && name === 'Fn::Join' && Array.isArray(argument)) {
      const [separator, parts] = argument as [unknown, unknown];
      if (typeof separator === 'string' && Array.isArray(parts)) {
        return parts.map((part) => resolveIntrinsics(part, refs)).join(separator);
      }
    }
  }
  throw new Error(`cannot resolve ${JSON.stringify(value)}`);
}

/** Every variable of a Lambda function's `Environment.Variables`, resolved as {@link resolveIntrinsics} does. */
export function resolveEnvironment(
  variables: Readonly<Record<string, unknown>>,
  refs: Readonly<Record<string, string>>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(variables).map(([name, value]) => [name, resolveIntrinsics(value, refs)]),
  );
}
