// Parses CloudFormation YAML, turning the short-form intrinsics (!Ref, !GetAtt, !Sub, ...) into their long form.
import { type CollectionTag, parseDocument, type ScalarTag } from 'yaml';

/** Short-form tags and the long-form key each becomes (`!Ref x` -> `{ Ref: x }`). */
const INTRINSICS: Record<string, string> = {
  Ref: 'Ref',
  Condition: 'Condition',
  GetAtt: 'Fn::GetAtt',
  Sub: 'Fn::Sub',
  Join: 'Fn::Join',
  Select: 'Fn::Select',
  Split: 'Fn::Split',
  If: 'Fn::If',
  Equals: 'Fn::Equals',
  And: 'Fn::And',
  Or: 'Fn::Or',
  Not: 'Fn::Not',
  FindInMap: 'Fn::FindInMap',
  Base64: 'Fn::Base64',
  Cidr: 'Fn::Cidr',
  GetAZs: 'Fn::GetAZs',
  ImportValue: 'Fn::ImportValue',
  Transform: 'Fn::Transform',
  Length: 'Fn::Length',
  ToJsonString: 'Fn::ToJsonString',
};

/** `!GetAtt Resource.Attribute` is the one short form whose scalar becomes a list. */
function longForm(key: string, value: unknown): Record<string, unknown> {
  if (key === 'Fn::GetAtt' && typeof value === 'string') {
    const dot = value.indexOf('.');
    return { [key]: dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [key]: value };
}

const CLOUDFORMATION_TAGS = Object.entries(INTRINSICS).flatMap(
  ([short, key]): (ScalarTag | CollectionTag)[] => [
    { tag: `!${short}`, resolve: (value) => longForm(key, value) },
    { tag: `!${short}`, collection: 'seq', resolve: (seq) => longForm(key, seq.toJSON()) },
    { tag: `!${short}`, collection: 'map', resolve: (map) => longForm(key, map.toJSON()) },
  ],
);

/**
 * Parses a CloudFormation template (or a serverless `resources` fragment) written in YAML.
 * Throws on YAML errors and on tags CloudFormation does not know.
 *
 * @example
 * parseCloudFormationYaml('Value: !GetAtt Table.Arn'); // { Value: { 'Fn::GetAtt': ['Table', 'Arn'] } }
 */
export function parseCloudFormationYaml(text: string): unknown {
  const document = parseDocument(text, { customTags: CLOUDFORMATION_TAGS, prettyErrors: true });
  // An unknown tag is only a warning to the yaml library; to CloudFormation it is an error.
  const problems = [...document.errors, ...document.warnings];
  if (problems.length > 0) throw new Error(problems.map((problem) => problem.message).join('\n'));
  return document.toJS();
}
