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
