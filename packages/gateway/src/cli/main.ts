#!/usr/bin/env node
/**
 * `ushuru`: run the gateway (`start`, `migrate`, `tenant`, `sim`, which use the database or run
 * servers) and talk to a running one through the SDK (every other command).
 */
import { Command } from 'commander';
import { registerAppCommands } from './apps.js';
import { registerCheckerCommands } from './checkers.js';
import { registerCompletionCommand } from './completion.js';
import { registerCreditNoteCommands } from './credit-notes.js';
import { registerCustomerCommands } from './customers.js';
import { registerEtimsCommands } from './etims.js';
import { registerItemCommands } from './items.js';
import { registerLoginCommands } from './login.js';
import { registerLogCommands } from './logs.js';
import { registerOscuCommands } from './oscu.js';
import { registerOutboxCommands } from './outbox.js';
import { reportError } from './output.js';
import { registerProformaCommands } from './proformas.js';
import { registerPurchaseCommands } from './purchases.js';
import { registerReceiptCommand } from './receipt.js';
import { registerReportCommands } from './reports.js';
import { registerSalesCommands } from './sales.js';
import { registerSimCommand } from './sim.js';
import { registerStartCommand } from './start.js';
import { registerStockCommands } from './stock.js';
import { registerMigrateCommand, registerTenantCommands } from './tenant.js';
import { registerTokenCommands } from './tokens.js';
import { registerUserCommands } from './user.js';
import { registerWebhookCommands } from './webhooks.js';

const program = new Command()
  .name('ushuru')
  .description('Ushuru: a self-hostable gateway between your business software and KRA (eTIMS OSCU, developer.go.ke).')
  .showHelpAfterError()
  .addHelpText(
    'after',
    `
Commands other than start, migrate, tenant and sim talk to a running gateway: log in once with
\`ushuru login\`, or pass --url and --token, or set USHURU_URL and USHURU_TOKEN.

Examples:
  $ ushuru start                                  # run the gateway; prints an admin token on first start
  $ ushuru login                                  # save its URL and token
  $ ushuru app add etims --name Shop --environment simulator --tin P052345678R --branch 00 --serial ushuru-sim-dvc-03
  $ ushuru etims init --app 2 && ushuru etims sync --app 2
  $ ushuru item add --name "Maize Flour 5kg" --class 5022170100 --type 2 --tax-type B --price 480
  $ ushuru stock move --type 06 --reference OPENING --line KE2NTU0000001:100
  $ ushuru sales submit today.csv --app 2
  $ ushuru receipt INV-1001 --pdf receipt.pdf
  $ ushuru pin check A744610021G
`,
  );

// Running the gateway (these use the database directly).
registerStartCommand(program);
registerMigrateCommand(program);
registerTenantCommands(program);
registerUserCommands(program);
registerSimCommand(program);
// Talking to a running gateway.
registerLoginCommands(program);
registerAppCommands(program);
registerTokenCommands(program);
registerEtimsCommands(program);
registerItemCommands(program);
registerCustomerCommands(program);
registerStockCommands(program);
registerSalesCommands(program);
registerCreditNoteCommands(program);
registerPurchaseCommands(program);
registerProformaCommands(program);
registerReceiptCommand(program);
registerOutboxCommands(program);
registerWebhookCommands(program);
registerOscuCommands(program);
registerReportCommands(program);
registerLogCommands(program);
registerCheckerCommands(program);
registerCompletionCommand(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  reportError(err);
  // A failed start may leave servers or pools open: end here rather than wait for them.
  process.exit(process.exitCode ?? 1);
});
