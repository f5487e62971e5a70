/**
 * `ushuru customer add|list|lookup`: the branch's customers (saveBhfCustomer), and a PIN looked up
 * on KRA (selectCustomer).
 */
import type { Command } from 'commander';
import type { Body } from '@ushuru/sdk';
import { apiCommand, clientOf, type CommonFlags } from './command.js';
import { readJsonObject } from './file-input.js';
import { CliError, formatFields, formatTable, formatTree, printJson, writeOut } from './output.js';

interface CustomerView {
  custNo?: string;
  custTin?: string;
  custNm?: string;
  adrs?: string | null;
  telNo?: string | null;
  email?: string | null;
  remark?: string | null;
  useYn?: string;
}

interface AddFlags extends CommonFlags {
  from?: string;
  pin?: string;
  name?: string;
  number?: string;
  address?: string;
  phone?: string;
  email?: string;
  remark?: string;
}

const PIN = /^[A-Z]\d{9}[A-Z]$/;

function describeCustomer(c: CustomerView): string {
  return formatFields([
    ['Number', c.custNo],
    ['PIN', c.custTin],
    ['Name', c.custNm],
    ['Address', c.adrs ?? undefined],
    ['Phone', c.telNo ?? undefined],
    ['Email', c.email ?? undefined],
    ['Remark', c.remark ?? undefined],
    ['Active', c.useYn === undefined ? undefined : c.useYn === 'Y' ? 'yes' : 'no'],
  ]);
}

export function registerCustomerCommands(program: Command): void {
  const customer = program.command('customer').description('eTIMS customers of the branch: save on KRA, list, look a PIN up');

  apiCommand(customer, 'add', 'Save a customer of the branch on KRA (saveBhfCustomer); its number is generated unless --number gives one', [
    'ushuru customer add --pin P051234567Q --name "USHURU SIM TRADERS LIMITED" --phone 0711000002',
    'ushuru customer add --from customer.json --app 2 --json',
  ])
    .option('--from <file>', 'a JSON file of the customer (KRA\'s or snake_case field names; "-" reads stdin); flags override its fields')
    .option('--pin <pin>', "the customer's KRA PIN (custTin; required unless in --from)")
    .option('--name <name>', "the customer's name (custNm; required unless in --from)")
    .option('--number <n>', 'your customer number (custNo, default: the next free one)')
    .option('--address <text>', 'address (adrs)')
    .option('--phone <number>', 'phone (telNo)')
    .option('--email <address>', 'email')
    .option('--remark <text>', 'a remark')
    .action(async (opts: AddFlags) => {
      const body: Record<string, unknown> = opts.from ? readJsonObject('--from', opts.from) : {};
      if (opts.pin !== undefined) {
        const pin = opts.pin.toUpperCase();
        if (!PIN.test(pin)) throw new CliError(`--pin must be a KRA PIN such as P051234567Q, got "${opts.pin}".`);
        body.custTin = pin;
      }
      if (opts.name !== undefined) body.custNm = opts.name;
      if (opts.number !== undefined) body.custNo = opts.number;
      if (opts.address !== undefined) body.adrs = opts.address;
      if (opts.phone !== undefined) body.telNo = opts.phone;
      if (opts.email !== undefined) body.email = opts.email;
      if (opts.remark !== undefined) body.remark = opts.remark;
      const has = (...keys: string[]) => keys.some((k) => body[k] !== undefined);
      if (!has('custTin', 'customer_pin', 'cust_tin', 'pin')) throw new CliError("Missing --pin: give the customer's KRA PIN as a flag or in the --from file.");
      if (!has('custNm', 'customer_name', 'cust_nm', 'name')) throw new CliError("Missing --name: give the customer's name as a flag or in the --from file.");
      const { sdk } = clientOf(opts);
      const saved = (await sdk.etims.customers.create(body as Body<'/api/etims/customers', 'post'>)) as CustomerView;
      if (opts.json) return printJson(saved);
      writeOut(`Customer saved on KRA.\n${describeCustomer(saved)}`);
    });

  apiCommand(customer, 'list', 'Customers saved for the branch', ['ushuru customer list', 'ushuru customer list --search traders --json'])
    .option('--search <text>', 'only customers whose name contains TEXT')
    .action(async (opts: CommonFlags & { search?: string }) => {
      const { sdk } = clientOf(opts);
      const customers = (await sdk.etims.customers.list(opts.search ? { search: opts.search } : undefined)) as CustomerView[];
      if (opts.json) return printJson(customers);
      if (customers.length === 0) return writeOut('No customers. Save one with `ushuru customer add`.');
      writeOut(
        formatTable(customers, [
          { header: 'NO', value: (c) => c.custNo, align: 'right' },
          { header: 'PIN', value: (c) => c.custTin },
          { header: 'NAME', value: (c) => c.custNm },
          { header: 'PHONE', value: (c) => c.telNo },
          { header: 'EMAIL', value: (c) => c.email },
          { header: 'ACTIVE', value: (c) => (c.useYn === 'N' ? 'no' : 'yes') },
        ]),
      );
    });

  apiCommand(customer, 'lookup <pin>', 'Look a PIN up on KRA now (selectCustomer)', [
    'ushuru customer lookup P051234567Q',
    'ushuru customer lookup P051234567Q --json',
  ]).action(async (pin: string, opts: CommonFlags) => {
    if (!PIN.test(pin.toUpperCase())) throw new CliError(`PIN must be a KRA PIN such as P051234567Q, got "${pin}".`);
    const { sdk } = clientOf(opts);
    const found = await sdk.etims.customers.lookup(pin.toUpperCase());
    if (opts.json) return printJson(found);
    writeOut(formatTree(found));
  });
}
