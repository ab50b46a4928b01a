// Loads fixtures: the project's own samples in events/ and third-party logs in test/fixtures/third-party/.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const EVENTS_DIR = join(import.meta.dirname, '..', '..', 'events');
/** Third-party sample logs, byte for byte (see its PROVENANCE.md). */
export const CORPUS_DIR = join(import.meta.dirname, '..', 'fixtures', 'third-party');

/** The text of a file under events/, with the trailing newline removed. */
export function eventText(path: string): string {
  return readFileSync(join(EVENTS_DIR, path), 'utf8').replace(/\n$/, '');
}

export function eventJson<T = Record<string, unknown>>(path: string): T {
  return JSON.parse(eventText(path)) as T;
}

export function corpusPath(path: string): string {
  return join(CORPUS_DIR, path);
}
