// The shape of one benchmark section: run it, get figures (one key of the JSON output), print them as a table.

export interface BenchOptions {
  /** Fewer rounds and events: a smoke run of the benchmark itself, not figures to quote. */
  quick: boolean;
  /**
   * The endpoint of a DynamoDB Local the sections share (each makes its own tables): started on first
   * use and stopped after the run, or one given with `--dynamodb-endpoint=`.
   */
  dynamoDbEndpoint(): Promise<string>;
}

export interface BenchSection<T> {
  /** Key of the section in `npm run bench -- --json`. */
  key: string;
  title: string;
  run(options: BenchOptions): Promise<T>;
  /** Lines of a readable table of the figures. */
  table(figures: T): string[];
}

/**
 * A table as the bench prints it: `a | b | c` under a `---|---` rule, every column as wide as its
 * widest cell, the first column left-aligned and the others (figures) right-aligned.
 *
 * @example
 * benchTable(['events', 'ms'], [['1000', '2,921']]); // ['events | ms', '-------|------', '1000   | 2,921']
 */
export function benchTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join(' | ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('-|-'), ...rows.map(line)];
}
