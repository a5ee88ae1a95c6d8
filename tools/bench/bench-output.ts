/** Where a benchmark prints its progress and table (stdout/stderr in `npm run bench`). */
export interface BenchOutput {
  out(text: string): void;
  err(text: string): void;
}

export const consoleOutput: BenchOutput = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};
