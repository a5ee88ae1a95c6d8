import { EXIT_USAGE, parseCommandLine, renderUsage, runCli } from './cli';
import { COMMANDS } from './commands';
import type { CliCommand, CommandTable } from './commands/command';

function recordingOutput() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, output: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } };
}

function fakeCommand(summary: string, exitCode = 0): CliCommand & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    summary,
    calls,
    run: async (args) => {
      calls.push(args);
      return exitCode;
    },
  };
}

describe('parseCommandLine', () => {
  it.each([
    [[], { command: 'help', args: [] }],
    [['-h'], { command: 'help', args: [] }],
    [['--help'], { command: 'help', args: [] }],
    [['start'], { command: 'start', args: [] }],
    [['start', '--help'], { command: 'help', args: ['start'] }],
    [['migrate', '-h'], { command: 'help', args: ['migrate'] }],
    [['import', 'plan.xlsx', '--tenant', 'x'], { command: 'import', args: ['plan.xlsx', '--tenant', 'x'] }],
  ])('reads %j as %j', (argv, expected) => {
    expect(parseCommandLine(argv)).toEqual(expected);
  });
});

describe('runCli', () => {
  it('runs the named command with the remaining arguments and returns its exit code', async () => {
    const start = fakeCommand('start things', 7);
    const sut = runCli(['start', 'a', 'b'], { start }, recordingOutput().output);
    await expect(sut).resolves.toBe(7);
    expect(start.calls).toEqual([['a', 'b']]);
  });

  it('answers an unknown command with the usage on stderr and exit code 2', async () => {
    const rec = recordingOutput();
    const start = fakeCommand('start things');
    await expect(runCli(['bogus'], { start }, rec.output)).resolves.toBe(EXIT_USAGE);
    expect(rec.err.join('')).toContain('unknown command "bogus"');
    expect(rec.err.join('')).toContain('start  start things');
    expect(start.calls).toEqual([]);
  });

  it('does not treat inherited object properties as commands', async () => {
    const rec = recordingOutput();
    await expect(runCli(['toString'], {}, rec.output)).resolves.toBe(EXIT_USAGE);
  });

  it('prints the usage for `help` and for no arguments at all', async () => {
    for (const argv of [['help'], []]) {
      const rec = recordingOutput();
      await expect(runCli(argv, COMMANDS, rec.output)).resolves.toBe(0);
      expect(rec.out.join('')).toBe(`${renderUsage(COMMANDS)}\n`);
    }
  });

  it('prints the details of one command for `help <command>` and `<command> --help`', async () => {
    for (const argv of [
      ['help', 'start'],
      ['start', '--help'],
    ]) {
      const rec = recordingOutput();
      await expect(runCli(argv, COMMANDS, rec.output)).resolves.toBe(0);
      const text = rec.out.join('');
      expect(text).toContain('pdca start');
      expect(text).toContain('PDCA_API_ENTRY');
      expect(text).toContain('TEMPORAL_PORT');
    }
  });

  it('rejects help for an unknown command with exit code 2', async () => {
    const rec = recordingOutput();
    await expect(runCli(['help', 'nope'], COMMANDS, rec.output)).resolves.toBe(EXIT_USAGE);
    expect(rec.err.join('')).toContain('unknown command "nope"');
  });

  it('rejects arguments that start and migrate do not take', async () => {
    for (const command of ['start', 'migrate']) {
      const rec = recordingOutput();
      await expect(runCli([command, '--fast'], COMMANDS, rec.output)).resolves.toBe(EXIT_USAGE);
      expect(rec.err.join('')).toContain('--fast');
    }
  });
});

describe('renderUsage', () => {
  it('lists every command of the table with its summary, aligned', () => {
    const table: CommandTable = { start: fakeCommand('one'), migrate: fakeCommand('two') };
    const sut = renderUsage(table);
    expect(sut).toContain('  start    one\n');
    expect(sut).toContain('  migrate  two\n');
  });

  it('covers start, migrate and help in the real table', () => {
    expect(Object.keys(COMMANDS)).toEqual(expect.arrayContaining(['start', 'migrate', 'help']));
  });
});
