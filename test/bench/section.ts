// The shape of one benchmark section: run it, get figures (one key of the JSON output), print them as a table.

export interface BenchOptions {
  /** Fewer rounds and events: a smoke run of the benchmark itself, not figures to quote. */
  quick: boolean;
}

export interface BenchSection<T> {
  /** Key of the section in `npm run bench -- --json`. */
  key: string;
  title: string;
  run(options: BenchOptions): Promise<T>;
  /** Lines of a readable table of the figures. */
  table(figures: T): string[];
}
