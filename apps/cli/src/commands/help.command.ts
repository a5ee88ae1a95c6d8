import { EXIT_USAGE, renderUsage } from '../cli';
import type { CliCommand } from './command';

export const helpCommand: CliCommand = {
  summary: 'show this help, or the details of one command (`pdca help start`)',
  async run(args, { commands, output }) {
    const [topic] = args;
    if (topic === undefined) {
      output.out(`${renderUsage(commands)}\n`);
      return 0;
    }
    const command = Object.hasOwn(commands, topic) ? commands[topic] : undefined;
    if (!command) {
      output.err(`pdca: no help for unknown command "${topic}"\n\n${renderUsage(commands)}\n`);
      return EXIT_USAGE;
    }
    output.out(`pdca ${topic} — ${command.summary}\n${command.details ? `\n${command.details}\n` : ''}`);
    return 0;
  },
};
