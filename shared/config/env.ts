// Reads settings from an environment once, failing fast with the name of whatever is missing or wrong.
import { ValidationError } from '../domain/errors.ts';

export type Environment = Record<string, string | undefined>;

/** Thrown at start-up when a setting is missing or invalid; the message names the variable. */
export class ConfigError extends ValidationError {}

export function requiredString(env: Environment, name: string): string {
  const value = env[name]?.trim();
  if (value === undefined || value === '') throw new ConfigError(`${name} is required but not set`);
  return value;
}

export function optionalString(env: Environment, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

export function optionalInteger(
  env: Environment,
  name: string,
  fallback: number,
  range: { min: number; max: number },
): number {
  const raw = optionalString(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw new ConfigError(
      `${name} must be an integer from ${range.min} to ${range.max}, got ${JSON.stringify(raw)}`,
    );
  }
  return value;
}

export function optionalUrl(env: Environment, name: string): string | undefined {
  const raw = optionalString(env, name);
  if (raw === undefined) return undefined;
  try {
    return new URL(raw).toString();
  } catch {
    throw new ConfigError(`${name} must be a URL, got ${JSON.stringify(raw)}`);
  }
}
