import type { CliOutput, CommandTable } from './commands/command';

export const EXIT_USAGE = 2;

export interface CommandLine {
  command: string;
  args: string[];
}

/** `pdca`, `pdca -h` and `pdca <cmd> --help` all mean help; everything else is `<command> [args…]`. */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help') return { command: 'help', args: rest };
  if (rest.includes('-h') || rest.includes('--help')) return { command: 'help', args: [first] };
  return { command: first, args: rest };
}

export function renderUsage(commands: CommandTable): string {
  const names = Object.keys(commands);
  const width = Math.max(...names.map((n) => n.length));
  return [
    'Usage: pdca <command> [options]',
    '',
    'Commands:',
    ...names.map((name) => `  ${name.padEnd(width)}  ${commands[name].summary}`),
    '',
    'Run `pdca help <command>` for the options and environment variables of one command.',
    'From the repository: `npm start`, `npm run migrate`, or `npm run pdca -- <command>`.',
  ].join('\n');
}

/** Runs one subcommand and resolves to the exit code: 2 for a command line we do not understand. */
export async function runCli(
  argv: readonly string[],
  commands: CommandTable,
  output: CliOutput,
): Promise<number> {
  const { command, args } = parseCommandLine(argv);
  const selected = Object.hasOwn(commands, command) ? commands[command] : undefined;
  if (!selected) {
    output.err(`pdca: unknown command "${command}"\n\n${renderUsage(commands)}\n`);
    return EXIT_USAGE;
  }
  return selected.run(args, { commands, output });
}
