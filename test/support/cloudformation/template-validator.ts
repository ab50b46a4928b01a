// Checks a CloudFormation template offline against AWS's resource schemas (npm @aws-cdk/aws-service-spec).
//
// What it checks: known resource types; required properties present; no unknown properties; value
// types (string, number, integer, boolean, list, map, nested property types) wherever the value is
// literal; intrinsic functions where values are dynamic, with a list-returning intrinsic refused where
// one value is expected and the other way round; Ref, Fn::Sub and DependsOn targets exist; Fn::GetAtt
// names an attribute the resource type has; conditions and mappings named exist.
// What it does not: allowed values and patterns (the spec's enums lag behind the services, e.g. new
// Lambda runtimes), cross-property rules, anything only the service knows at deploy time.
import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';
import type { PropertyType, Resource, ResourceProperties } from '@aws-cdk/service-spec-types';

export interface TemplateProblem {
  /** Where in the template, e.g. `Resources.Table.Properties.KeySchema[0]`. */
  path: string;
  message: string;
}

type SpecDatabase = ReturnType<typeof loadAwsServiceSpecSync>;
type Json = Record<string, unknown>;
type ValueKind = 'scalar' | 'list' | 'unknown';

const TOP_LEVEL_KEYS = new Set([
  'AWSTemplateFormatVersion',
  'Description',
  'Metadata',
  'Parameters',
  'Rules',
  'Mappings',
  'Conditions',
  'Transform',
  'Resources',
  'Outputs',
]);
const RESOURCE_KEYS = new Set([
  'Type',
  'Properties',
  'DependsOn',
  'Condition',
  'DeletionPolicy',
  'UpdateReplacePolicy',
  'Metadata',
  'CreationPolicy',
  'UpdatePolicy',
]);
const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);
const PARAMETER_TYPE =
  /^(String|Number|List<Number>|CommaDelimitedList|AWS::SSM::Parameter::(Name|Value<.+>)|(List<)?AWS::[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+>?)$/;
const LIST_PARAMETER_TYPE = /^(List<.+>|CommaDelimitedList|AWS::SSM::Parameter::Value<List<.+>>)$/;
const INTRINSIC_FUNCTIONS = new Set([
  'Fn::Base64',
  'Fn::Cidr',
  'Fn::FindInMap',
  'Fn::GetAtt',
  'Fn::GetAZs',
  'Fn::ImportValue',
  'Fn::Join',
  'Fn::Length',
  'Fn::Select',
  'Fn::Split',
  'Fn::Sub',
  'Fn::ToJsonString',
  'Fn::Transform',
  'Fn::If',
  'Fn::Equals',
  'Fn::And',
  'Fn::Or',
  'Fn::Not',
]);
const LIST_FUNCTIONS = new Set(['Fn::Split', 'Fn::GetAZs', 'Fn::Cidr']);
const SCALAR_FUNCTIONS = new Set(['Fn::Join', 'Fn::Sub', 'Fn::Base64', 'Fn::ImportValue', 'Fn::Length']);

let database: SpecDatabase | undefined;

/** The spec database, loaded once per process (about a second). */
function spec(): SpecDatabase {
  database ??= loadAwsServiceSpecSync();
  return database;
}

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `{ Ref: … }`, `{ 'Fn::…': … }` or, in conditions, `{ Condition: … }`: one key, nothing else. */
function intrinsicName(value: unknown): string | undefined {
  if (!isObject(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const key = keys[0] as string;
  return key === 'Ref' || key === 'Condition' || key.startsWith('Fn::') ? key : undefined;
}

/** Own keys only: a template's `constructor` or `toString` is not Object.prototype's. */
const has = (object: object, key: string): boolean => Object.hasOwn(object, key);

const isIntrinsic = (value: unknown): value is Json => intrinsicName(value) !== undefined;

const isNoValue = (value: unknown): boolean => isObject(value) && value.Ref === 'AWS::NoValue';

/**
 * Every problem found in a template; an empty list when it passes.
 *
 * @example
 * expect(validateTemplate(parseCloudFormationYaml(readFileSync('infra/firewall/alert-logging.yml', 'utf8')))).toEqual([]);
 */
export function validateTemplate(template: unknown): TemplateProblem[] {
  return new TemplateChecker(template).check();
}

class TemplateChecker {
  readonly #template: Json;
  readonly #problems: TemplateProblem[] = [];
  readonly #parameters: Json;
  readonly #resources: Json;
  readonly #conditions: Json;
  readonly #mappings: Json;

  constructor(template: unknown) {
    this.#template = isObject(template) ? template : {};
    if (!isObject(template)) this.#report('', 'a template is a mapping');
    this.#parameters = this.#section('Parameters');
    this.#resources = this.#section('Resources');
    this.#conditions = this.#section('Conditions');
    this.#mappings = this.#section('Mappings');
  }

  check(): TemplateProblem[] {
    for (const key of Object.keys(this.#template)) {
      if (!TOP_LEVEL_KEYS.has(key)) this.#report(key, `unknown top-level section ${key}`);
    }
    if (Object.keys(this.#resources).length === 0) this.#report('Resources', 'a template needs resources');
    for (const [name, parameter] of Object.entries(this.#parameters)) this.#checkParameter(name, parameter);
    for (const [name, condition] of Object.entries(this.#conditions)) {
      this.#walk(condition, `Conditions.${name}`);
    }
    for (const [logicalId, resource] of Object.entries(this.#resources)) {
      this.#checkResource(logicalId, resource);
    }
    for (const [name, output] of Object.entries(this.#section('Outputs'))) this.#checkOutput(name, output);
    return this.#problems;
  }

  #section(name: string): Json {
    const section = this.#template[name];
    if (section === undefined) return {};
    if (isObject(section)) return section;
    this.#report(name, `${name} must be a mapping`);
    return {};
  }

  #report(path: string, message: string): void {
    this.#problems.push({ path, message });
  }

  #checkParameter(name: string, parameter: unknown): void {
    const path = `Parameters.${name}`;
    if (!isObject(parameter) || typeof parameter.Type !== 'string') {
      this.#report(path, 'a parameter needs a Type');
    } else if (!PARAMETER_TYPE.test(parameter.Type)) {
      this.#report(`${path}.Type`, `unknown parameter type ${parameter.Type}`);
    }
  }

  #checkOutput(name: string, output: unknown): void {
    const path = `Outputs.${name}`;
    if (!isObject(output) || output.Value === undefined) {
      this.#report(path, 'an output needs a Value');
      return;
    }
    this.#checkConditionName(output.Condition, `${path}.Condition`);
    this.#walk(output.Value, `${path}.Value`);
    if (output.Export !== undefined) this.#walk(output.Export, `${path}.Export`);
  }

  #checkResource(logicalId: string, resource: unknown): void {
    const path = `Resources.${logicalId}`;
    if (!isObject(resource) || typeof resource.Type !== 'string') {
      this.#report(path, 'a resource needs a Type');
      return;
    }
    for (const key of Object.keys(resource)) {
      if (!RESOURCE_KEYS.has(key)) this.#report(`${path}.${key}`, `unknown resource attribute ${key}`);
    }
    this.#checkConditionName(resource.Condition, `${path}.Condition`);
    const dependsOn = typeof resource.DependsOn === 'string' ? [resource.DependsOn] : resource.DependsOn;
    if (Array.isArray(dependsOn)) {
      for (const target of dependsOn) {
        if (typeof target !== 'string' || !has(this.#resources, target)) {
          this.#report(`${path}.DependsOn`, `DependsOn names no resource: ${JSON.stringify(target)}`);
        }
      }
    }
    const properties = resource.Properties ?? {};
    if (resource.Type.startsWith('Custom::') || resource.Type === 'AWS::CloudFormation::CustomResource') {
      this.#walk(properties, `${path}.Properties`);
      return;
    }
    const definition = resourceDefinition(resource.Type);
    if (definition === undefined) {
      this.#report(`${path}.Type`, `unknown resource type ${resource.Type}`);
      this.#walk(properties, `${path}.Properties`);
      return;
    }
    this.#checkProperties(properties, definition.properties, `${path}.Properties`);
  }

  #checkConditionName(name: unknown, path: string): void {
    if (name === undefined) return;
    if (typeof name !== 'string' || !has(this.#conditions, name)) {
      this.#report(path, `no condition named ${JSON.stringify(name)}`);
    }
  }

  #checkProperties(value: unknown, properties: ResourceProperties, path: string): void {
    if (isIntrinsic(value)) {
      this.#checkDynamic(value, 'object', path);
      return;
    }
    if (!isObject(value)) {
      this.#report(path, `expected a mapping of properties, got ${describe(value)}`);
      return;
    }
    for (const [name, property] of Object.entries(properties)) {
      if (property.required && (value[name] === undefined || isNoValue(value[name]))) {
        this.#report(`${path}.${name}`, `missing required property ${name}`);
      }
    }
    for (const [name, child] of Object.entries(value)) {
      const property = has(properties, name) ? properties[name] : undefined;
      if (property === undefined) {
        this.#report(`${path}.${name}`, `unknown property ${name}`);
        this.#walk(child, `${path}.${name}`);
        continue;
      }
      const types = [property.type, ...(property.previousTypes ?? [])];
      this.#checkValue(
        child,
        types.length === 1 ? property.type : { type: 'union', types },
        `${path}.${name}`,
      );
    }
  }

  #checkValue(value: unknown, type: PropertyType, path: string): void {
    if (isIntrinsic(value)) {
      this.#checkDynamic(value, expectedShape(type), path, type);
      return;
    }
    switch (type.type) {
      case 'union': {
        const attempts = type.types.map((member) =>
          this.#attempt(() => this.#checkValue(value, member, path)),
        );
        if (attempts.some((problems) => problems.length === 0)) return;
        const closest = attempts.reduce((best, problems) =>
          problems.length < best.length ? problems : best,
        );
        this.#problems.push(...closest);
        return;
      }
      case 'string':
      case 'date-time':
        // CloudFormation turns numbers and booleans given for a string into their text.
        if (!['string', 'number', 'boolean'].includes(typeof value)) this.#wrongType(path, 'a string', value);
        return;
      case 'number':
        if (!isNumeric(value)) this.#wrongType(path, 'a number', value);
        return;
      case 'integer':
        if (!isNumeric(value) || !Number.isInteger(Number(value))) this.#wrongType(path, 'an integer', value);
        return;
      case 'boolean':
        if (typeof value !== 'boolean' && value !== 'true' && value !== 'false') {
          this.#wrongType(path, 'a boolean', value);
        }
        return;
      case 'json':
        this.#walk(value, path);
        return;
      case 'null':
        return;
      case 'tag':
        if (!isObject(value) || value.Key === undefined || value.Value === undefined) {
          this.#wrongType(path, 'a tag {Key, Value}', value);
        }
        this.#walk(value, path);
        return;
      case 'array':
        if (!Array.isArray(value)) {
          this.#wrongType(path, 'a list', value);
          return;
        }
        value.forEach((element, index) => {
          this.#checkValue(element, type.element, `${path}[${index}]`);
        });
        return;
      case 'map':
        if (!isObject(value)) {
          this.#wrongType(path, 'a mapping', value);
          return;
        }
        for (const [key, element] of Object.entries(value))
          this.#checkValue(element, type.element, `${path}.${key}`);
        return;
      case 'ref': {
        const definition = spec().get('typeDefinition', type.reference);
        this.#checkProperties(value, definition.properties, path);
        return;
      }
    }
  }

  /** Runs a check into a scratch list, for unions: only the best-matching member's problems are kept. */
  #attempt(check: () => void): TemplateProblem[] {
    const before = this.#problems.length;
    check();
    return this.#problems.splice(before);
  }

  #wrongType(path: string, expected: string, value: unknown): void {
    this.#report(path, `expected ${expected}, got ${describe(value)}`);
  }

  /** An intrinsic where a value of `shape` is expected: its references, and its shape where known. */
  #checkDynamic(
    value: Json,
    shape: 'scalar' | 'list' | 'object' | 'any',
    path: string,
    type?: PropertyType,
  ): void {
    const name = intrinsicName(value) as string;
    if (name === 'Fn::If' && type !== undefined && Array.isArray(value[name])) {
      const [condition, whenTrue, whenFalse] = value[name] as unknown[];
      this.#checkConditionName(condition, `${path}.Fn::If[0]`);
      for (const [index, branch] of [whenTrue, whenFalse].entries()) {
        if (!isNoValue(branch)) this.#checkValue(branch, type, `${path}.Fn::If[${index + 1}]`);
      }
      return;
    }
    this.#walk(value, path);
    const kind = this.#kindOf(value);
    if (shape === 'any' || kind === 'unknown') return;
    if (kind === 'list' && shape !== 'list') {
      this.#report(path, `${name} gives a list here, where a single value is expected`);
    } else if (kind === 'scalar' && shape !== 'scalar') {
      this.#report(
        path,
        `${name} gives a single value here, where a ${shape === 'list' ? 'list' : 'mapping'} is expected`,
      );
    }
  }

  /** Whether an intrinsic yields one value or a list, where that can be told without deploying. */
  #kindOf(value: Json): ValueKind {
    const name = intrinsicName(value);
    if (name === 'Ref') {
      const parameter = this.#parameters[String(value.Ref)];
      if (isObject(parameter) && typeof parameter.Type === 'string') {
        return LIST_PARAMETER_TYPE.test(parameter.Type) ? 'list' : 'scalar';
      }
      return value.Ref === 'AWS::NotificationARNs' ? 'list' : 'scalar';
    }
    if (name === 'Fn::GetAtt') {
      const target = getAttTarget(value['Fn::GetAtt']);
      if (target === undefined) return 'unknown';
      const resource = this.#resources[target.logicalId];
      const type = isObject(resource) ? resource.Type : undefined;
      const attributes = typeof type === 'string' ? resourceDefinition(type)?.attributes : undefined;
      const attribute =
        attributes && has(attributes, target.attribute) ? attributes[target.attribute] : undefined;
      if (attribute === undefined) return 'unknown';
      return attribute.type.type === 'array' ? 'list' : attribute.type.type === 'json' ? 'unknown' : 'scalar';
    }
    if (name !== undefined && LIST_FUNCTIONS.has(name)) return 'list';
    if (name !== undefined && SCALAR_FUNCTIONS.has(name)) return 'scalar';
    return 'unknown';
  }

  /** Visits every intrinsic inside a value and checks what it refers to. */
  #walk(value: unknown, path: string): void {
    if (Array.isArray(value)) {
      value.forEach((element, index) => {
        this.#walk(element, `${path}[${index}]`);
      });
      return;
    }
    if (!isObject(value)) return;
    const name = intrinsicName(value);
    if (name === undefined) {
      for (const [key, child] of Object.entries(value)) this.#walk(child, `${path}.${key}`);
      return;
    }
    const argument = value[name];
    const at = `${path}.${name}`;
    switch (name) {
      case 'Ref':
        this.#checkRef(argument, at);
        return;
      case 'Condition':
        this.#checkConditionName(argument, at);
        return;
      case 'Fn::GetAtt':
        this.#checkGetAtt(argument, at);
        return;
      case 'Fn::Sub':
        this.#checkSub(argument, at);
        return;
      case 'Fn::If':
        if (!Array.isArray(argument) || argument.length !== 3) {
          this.#report(at, 'Fn::If takes [condition, value if true, value if false]');
        } else {
          this.#checkConditionName(argument[0], `${at}[0]`);
          this.#walk(argument.slice(1), at);
        }
        return;
      case 'Fn::FindInMap':
        if (Array.isArray(argument) && typeof argument[0] === 'string' && !has(this.#mappings, argument[0])) {
          this.#report(`${at}[0]`, `no mapping named ${argument[0]}`);
        }
        this.#walk(argument, at);
        return;
      default:
        if (!INTRINSIC_FUNCTIONS.has(name)) this.#report(at, `unknown intrinsic function ${name}`);
        this.#walk(argument, at);
    }
  }

  #checkRef(target: unknown, path: string): void {
    if (typeof target !== 'string') {
      this.#report(path, `Ref takes a name, got ${describe(target)}`);
    } else if (
      !PSEUDO_PARAMETERS.has(target) &&
      !has(this.#parameters, target) &&
      !has(this.#resources, target)
    ) {
      this.#report(path, `Ref names no parameter or resource: ${target}`);
    }
  }

  #checkGetAtt(argument: unknown, path: string): void {
    const target = getAttTarget(argument);
    if (target === undefined) {
      this.#report(path, `Fn::GetAtt takes [resource, attribute], got ${describe(argument)}`);
      return;
    }
    const resource = this.#resources[target.logicalId];
    if (!isObject(resource)) {
      this.#report(path, `Fn::GetAtt names no resource: ${target.logicalId}`);
      return;
    }
    const type = String(resource.Type);
    if (type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource') return;
    const definition = resourceDefinition(type);
    if (definition !== undefined && !has(definition.attributes, target.attribute)) {
      const known = Object.keys(definition.attributes).join(', ') || 'none';
      this.#report(path, `${type} has no attribute ${target.attribute} (it has: ${known})`);
    }
  }

  #checkSub(argument: unknown, path: string): void {
    const [text, variables] = Array.isArray(argument) ? argument : [argument, {}];
    if (typeof text !== 'string' || !isObject(variables)) {
      this.#report(path, 'Fn::Sub takes a string or [string, {variables}]');
      return;
    }
    this.#walk(variables, path);
    for (const match of text.matchAll(/\$\{([^}]*)\}/g)) {
      const name = (match[1] as string).trim();
      if (name.startsWith('!') || has(variables, name)) continue;
      const dot = name.indexOf('.');
      if (dot > 0 && !PSEUDO_PARAMETERS.has(name)) this.#checkGetAtt(name, path);
      else if (!PSEUDO_PARAMETERS.has(name) && !has(this.#parameters, name) && !has(this.#resources, name)) {
        this.#report(path, `Fn::Sub variable ${name} names no parameter or resource`);
      }
    }
  }
}

function resourceDefinition(type: string): Resource | undefined {
  return spec().lookup('resource', 'cloudFormationType', 'equals', type)[0];
}

/** `['Res', 'Attr']` or `'Res.Attr'` (the attribute may itself contain dots, e.g. `Endpoint.Address`). */
function getAttTarget(argument: unknown): { logicalId: string; attribute: string } | undefined {
  if (typeof argument === 'string') {
    const dot = argument.indexOf('.');
    return dot > 0 ? { logicalId: argument.slice(0, dot), attribute: argument.slice(dot + 1) } : undefined;
  }
  if (Array.isArray(argument) && argument.length === 2 && typeof argument[0] === 'string') {
    return typeof argument[1] === 'string' ? { logicalId: argument[0], attribute: argument[1] } : undefined;
  }
  return undefined;
}

function expectedShape(type: PropertyType): 'scalar' | 'list' | 'object' | 'any' {
  switch (type.type) {
    case 'array':
      return 'list';
    case 'ref':
    case 'map':
    case 'tag':
      return 'object';
    case 'json':
    case 'union':
      return 'any';
    default:
      return 'scalar';
  }
}

const isNumeric = (value: unknown): boolean =>
  (typeof value === 'number' && Number.isFinite(value)) ||
  (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)));

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (isObject(value)) return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}
