// What a CLI command may touch of the outside world, so tests can run commands in-process.
import type { Writable } from 'node:stream';
import { ValidationError } from '../domain/errors.ts';

export interface CliIo {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
}

/** A command line that cannot be run as given; exits with status 2 and the message. */
export class UsageError extends ValidationError {}

/** C0 and C1 control characters. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's job
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g;

/** Makes any text safe to print on a terminal: control characters (escape sequences) become visible. */
export function terminalSafe(text: string): string {
  return text.replace(CONTROL_CHARACTERS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

/** Lays rows out in aligned columns (numbers right-aligned). */
export function formatTable(header: string[], rows: (string | number)[][]): string {
  const cells = [
    header,
    ...rows.map((row) => row.map((cell) => (typeof cell === 'number' ? formatCount(cell) : cell))),
  ];
  const numeric = header.map(
    (_, column) => rows.length > 0 && rows.every((row) => typeof row[column] === 'number'),
  );
  const widths = header.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  return cells
    .map((row) =>
      row
        .map((cell, column) =>
          numeric[column] ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
