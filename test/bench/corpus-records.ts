// Every firewall log message in test/fixtures/third-party, as the benchmark and the scanner's tests feed them to the parsers.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readLogFile } from '../../shared/cli/log-files.ts';

/** The third-party sample logs kept in the repository. */
export const CORPUS_DIRECTORY = join(import.meta.dirname, '..', 'fixtures', 'third-party');

export interface CorpusMessage {
  /** File (relative to the corpus) and where in it the message came from. */
  origin: string;
  message: string;
}

/**
 * The messages of every corpus file, read the ways a record can reach the parser: the whole file (one
 * pretty-printed record), each line (JSON lines, NDJSON, truncated lines), and every message the CLI's
 * reader finds in it (`awslogs.data`, decoded payloads, Kinesis envelopes, JSON lines). Each distinct
 * message once. Missing corpus: an empty list.
 */
export async function corpusMessages(directory = CORPUS_DIRECTORY): Promise<CorpusMessage[]> {
  const seen = new Set<string>();
  const out: CorpusMessage[] = [];
  const add = (origin: string, message: string) => {
    if (seen.has(message)) return;
    seen.add(message);
    out.push({ origin, message });
  };
  for (const file of listFiles(directory)) {
    if (file.endsWith('.md')) continue;
    const text = readFileSync(join(directory, file), 'utf8');
    add(`${file} (whole file)`, text);
    text.split('\n').forEach((line, index) => {
      if (line.trim() !== '') add(`${file}:${index + 1}`, line);
    });
    let unitIndex = 0;
    for await (const unit of readLogFile(join(directory, file))) {
      unitIndex++;
      const messages =
        unit.kind === 'subscription'
          ? unit.batch.logEvents.map((event) => event?.message)
          : unit.kind === 'records'
            ? unit.messages
            : [];
      messages.forEach((message, index) => {
        if (message !== undefined) add(`${file} batch ${unitIndex} message ${index}`, message);
      });
    }
  }
  return out;
}

function listFiles(directory: string, prefix = ''): string[] {
  let names: string[];
  try {
    names = readdirSync(join(directory, prefix)).sort();
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const relative = prefix === '' ? name : `${prefix}/${name}`;
    return statSync(join(directory, relative)).isDirectory() ? listFiles(directory, relative) : [relative];
  });
}
