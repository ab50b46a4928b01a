// Reads query parameters strictly: unknown names, malformed numbers and unknown choices are 400s naming the parameter.
import { BadRequestError } from '../domain/errors.ts';

/**
 * Refuses any parameter not in `allowed`: a misspelt filter (`?stauts=`) would otherwise be ignored
 * silently and answer with more than was asked for.
 */
export function rejectUnknownParams(query: Record<string, string>, allowed: readonly string[]): void {
  const unknown = Object.keys(query)
    .filter((name) => !allowed.includes(name))
    .sort();
  const first = unknown[0];
  if (first !== undefined) {
    throw new BadRequestError(`${first} is not a parameter here; known: ${allowed.join(', ')}`, {
      parameter: first,
    });
  }
}

/**
 * A text parameter, or undefined when absent. An empty value counts as absent (what an HTML form sends
 * for a blank field); control characters and values over `maxLength` are refused.
 */
export function textParam(
  query: Record<string, string>,
  name: string,
  maxLength: number,
): string | undefined {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  if (value.length > maxLength) {
    throw new BadRequestError(`${name} must be at most ${maxLength} characters, got ${value.length}`, {
      parameter: name,
    });
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f-\u009f]/.test(value)) {
    throw new BadRequestError(`${name} must not contain control characters`, { parameter: name });
  }
  return value;
}

/** One of `choices`, or undefined when absent (or empty). */
export function choiceParam<T extends string>(
  query: Record<string, string>,
  name: string,
  choices: readonly T[],
): T | undefined {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  if (!(choices as readonly string[]).includes(value)) {
    throw new BadRequestError(`${name} must be one of ${choices.join(', ')}, got ${quoted(value)}`, {
      parameter: name,
    });
  }
  return value as T;
}

/** A decimal integer within `range`, or undefined when absent (or empty); `1e2`, `1.0`, `+1` are refused. */
export function integerParam(
  query: Record<string, string>,
  name: string,
  range: { min: number; max: number },
): number | undefined {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  const number = /^\d{1,15}$/.test(value) ? Number(value) : Number.NaN;
  if (!(number >= range.min && number <= range.max)) {
    throw new BadRequestError(
      `${name} must be an integer from ${range.min} to ${range.max}, got ${quoted(value)}`,
      { parameter: name },
    );
  }
  return number;
}

/** A value quoted for an error message, cut short: messages echo input, never at length. */
function quoted(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}
