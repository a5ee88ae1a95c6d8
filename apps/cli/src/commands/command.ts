/** Where a command writes; injected so the dispatcher and help can be tested without a terminal. */
export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
}

export interface CliContext {
  commands: CommandTable;
  output: CliOutput;
}

/**
 * One `pdca` subcommand. Command modules stay light at import time (heavy dependencies such as
 * TypeORM or the Temporal client are imported inside `run`), so `pdca help` starts instantly.
 */
export interface CliCommand {
  /** One line for the command list in `pdca help`. */
  summary: string;
  /** Longer text for `pdca help <command>`: options, environment variables. */
  details?: string;
  /** Resolves to the process exit code. */
  run(args: string[], context: CliContext): Promise<number>;
}

export type CommandTable = Readonly<Record<string, CliCommand>>;
