#!/usr/bin/env node
/**
 * `ushuru`: start the gateway, run migrations, manage tenants, run the KRA simulator.
 */
import { Command } from 'commander';
import { ConfigError } from '../config.js';
import { registerEtimsCommands } from './etims.js';
import { registerSimCommand } from './sim.js';
import { registerStartCommand } from './start.js';
import { registerMigrateCommand, registerTenantCommands } from './tenant.js';

const program = new Command()
  .name('ushuru')
  .description('Ushuru: a self-hostable gateway between your business software and KRA (eTIMS OSCU, developer.go.ke).')
  .showHelpAfterError();

registerStartCommand(program);
registerMigrateCommand(program);
registerTenantCommands(program);
registerSimCommand(program);
registerEtimsCommands(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
