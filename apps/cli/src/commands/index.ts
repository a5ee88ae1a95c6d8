import type { CommandTable } from './command';
import { helpCommand } from './help.command';
import { importCommand } from './import.command';
import { migrateCommand } from './migrate.command';
import { startCommand } from './start.command';
import { tenantCommand } from './tenant.command';

/** The `pdca` subcommands. To add one: create `<name>.command.ts` exporting a `CliCommand`, list it here. */
export const COMMANDS: CommandTable = {
  start: startCommand,
  migrate: migrateCommand,
  import: importCommand,
  tenant: tenantCommand,
  help: helpCommand,
};
