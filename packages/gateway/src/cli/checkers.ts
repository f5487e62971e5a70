/**
 * The developer.go.ke checkers: `ushuru pin check PIN`, `ushuru tcc check PIN TCC`, and every checker
 * by name with KRA's own field names: `ushuru checker <name> --FIELD value …` (`ushuru checker list`
 * shows them). Answers are KRA's, shown as indented fields or, with `--json`, as they came.
 */
import type { Command } from 'commander';
import type { Ushuru } from '@ushuru/sdk';
import { apiCommand, clientOf, type CommonFlags } from './command.js';
import { CliError, formatTable, formatTree, printJson, writeOut } from './output.js';

type CheckerMethod = keyof Ushuru['portal']['checkers'];

interface CheckerDef {
  /** The SDK method. */
  method: CheckerMethod;
  /** KRA's field names, required first. */
  fields: readonly string[];
  required: readonly string[];
  description: string;
}

/** Every checker, by its CLI name. */
export const CHECKERS: Readonly<Record<string, CheckerDef>> = {
  pin: { method: 'pin', fields: ['KRAPIN'], required: ['KRAPIN'], description: 'a KRA PIN: name, type, status' },
  'pin-by-id': {
    method: 'pinById',
    fields: ['TaxpayerID', 'TaxpayerType'],
    required: ['TaxpayerID'],
    description: 'the PIN of an ID number (TaxpayerType KE, NKE, NKENR or COM; default KE)',
  },
  'tax-obligations': { method: 'taxObligations', fields: ['taxPayerPin'], required: ['taxPayerPin'], description: "a PIN's tax obligations" },
  tcc: { method: 'tcc', fields: ['kraPIN', 'tccNumber'], required: ['kraPIN', 'tccNumber'], description: 'a tax compliance certificate' },
  invoice: {
    method: 'invoice',
    fields: ['invoiceNumber', 'invoiceDate'],
    required: ['invoiceNumber', 'invoiceDate'],
    description: 'an eTIMS invoice (CU invoice number, date YYYY-MM-DD)',
  },
  declaration: { method: 'declaration', fields: ['DeclarationNo'], required: ['DeclarationNo'], description: 'a customs declaration' },
  'it-exemption': { method: 'itExemption', fields: ['pin'], required: ['pin'], description: 'an income-tax exemption' },
  'vat-exemption': {
    method: 'vatExemption',
    fields: ['VatExemptionCertificateNo', 'PINNo'],
    required: ['VatExemptionCertificateNo'],
    description: 'a VAT exemption certificate',
  },
  'import-cert-number': {
    method: 'importCertNumber',
    fields: ['certificate_no'],
    required: ['certificate_no'],
    description: 'an import certificate by number',
  },
  'import-cert-pin': { method: 'importCertPin', fields: ['pin_no'], required: ['pin_no'], description: 'the import certificates of a PIN' },
  'excise-pin': { method: 'excisePin', fields: ['PINNo'], required: ['PINNo'], description: 'the excise licences of a PIN' },
  'excise-number': { method: 'exciseNumber', fields: ['ExciseLicenceNo'], required: ['ExciseLicenceNo'], description: 'an excise licence by number' },
  'tax-service-office': { method: 'taxServiceOffice', fields: ['kraPIN'], required: ['kraPIN'], description: "a PIN's tax service office (know your station)" },
  eslip: { method: 'eslip', fields: ['EslipNumber'], required: ['EslipNumber'], description: 'an e-slip (payment registration number)' },
  prn: { method: 'prn', fields: ['taxPayerPin', 'obligationId'], required: ['taxPayerPin'], description: "a PIN's payment registration numbers" },
};

/** Runs checker `name` with `body` and prints KRA's answer. */
async function runChecker(name: string, body: Record<string, unknown>, opts: CommonFlags): Promise<void> {
  const def = CHECKERS[name];
  if (!def) throw new CliError(`Unknown checker "${name}". Checkers: ${Object.keys(CHECKERS).join(', ')}.`);
  const missing = def.required.filter((f) => body[f] === undefined || body[f] === '');
  if (missing.length > 0) throw new CliError(`The ${name} checker needs ${missing.map((f) => `--${f}`).join(', ')}.`);
  const { sdk } = clientOf(opts);
  const check = sdk.portal.checkers[def.method] as (body: unknown) => Promise<unknown>;
  const answer = await check(body);
  if (opts.json) return printJson(answer);
  writeOut(formatTree(answer));
}

/** The CLI's own flags, which may come among the checker's fields (commander stops parsing at the first unknown option). */
const VALUE_FLAGS = new Set(['app', 'url', 'token', 'profile']);

/**
 * The arguments after a checker's name: `--Field value`, `--Field=value` or `Field=value` (KRA's field
 * names, mixed case and not known in advance, so they are read here rather than declared as commander
 * options), and the CLI's own `--json`, `--app`, `--url`, `--token`, `--profile` wherever they stand.
 */
export function parseFieldArgs(args: readonly string[]): { fields: Record<string, string>; flags: CommonFlags } {
  const fields: Record<string, string> = {};
  const flags: Record<string, string | boolean> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const m = /^(--)?([A-Za-z_][A-Za-z0-9_]*)(?:=(.*))?$/s.exec(arg);
    if (!m || (m[1] === undefined && m[3] === undefined)) throw new CliError(`Expected --FIELD value or FIELD=value, got "${arg}".`);
    const [, dashes, name, inline] = m as unknown as [string, string | undefined, string, string | undefined];
    if (dashes && name === 'json' && inline === undefined) {
      flags.json = true;
      continue;
    }
    let value = inline;
    if (value === undefined) {
      value = args[i + 1];
      if (value === undefined) throw new CliError(`--${name} needs a value.`);
      i++;
    }
    if (dashes && VALUE_FLAGS.has(name)) flags[name] = value;
    else fields[name] = value;
  }
  return { fields, flags: flags as CommonFlags };
}

export function registerCheckerCommands(program: Command): void {
  const pin = program.command('pin').description('KRA PIN checkers');
  apiCommand(pin, 'check <pin>', 'Check a KRA PIN: name, type, status', ['ushuru pin check A744610021G', 'ushuru pin check A744610021G --json']).action(
    (value: string, opts: CommonFlags) => runChecker('pin', { KRAPIN: value.trim().toUpperCase() }, opts),
  );
  apiCommand(pin, 'by-id <id>', 'Find the PIN of an ID number', ['ushuru pin by-id 12345678', 'ushuru pin by-id C.123456 --type COM'])
    .option('--type <type>', 'KE (Kenyan ID), NKE, NKENR or COM', 'KE')
    .action((id: string, opts: CommonFlags & { type: string }) => runChecker('pin-by-id', { TaxpayerID: id, TaxpayerType: opts.type }, opts));

  const tcc = program.command('tcc').description('Tax compliance certificates');
  apiCommand(tcc, 'check <pin> <tcc-number>', 'Check a tax compliance certificate', ['ushuru tcc check A744610021G KRAWRH1234567890']).action(
    (kraPin: string, number: string, opts: CommonFlags) => runChecker('tcc', { kraPIN: kraPin, tccNumber: number }, opts),
  );

  const checker = program.command('checker').description("Any developer.go.ke checker by name, with KRA's field names");
  apiCommand(checker, 'list', 'The checkers and their fields', ['ushuru checker list']).action((opts: CommonFlags) => {
    const rows = Object.entries(CHECKERS).map(([name, d]) => ({
      name,
      fields: d.fields.map((f) => (d.required.includes(f) ? `--${f}` : `[--${f}]`)).join(' '),
      description: d.description,
    }));
    if (opts.json) return printJson(rows);
    writeOut(
      formatTable(rows, [
        { header: 'CHECKER', value: (r) => r.name },
        { header: 'FIELDS', value: (r) => r.fields },
        { header: 'CHECKS', value: (r) => r.description },
      ]),
    );
  });
  apiCommand(checker, 'run <name> [fields...]', 'Run a checker: `ushuru checker run NAME --FIELD value …` or FIELD=value (see `ushuru checker list`)', [
    'ushuru checker run vat-exemption --VatExemptionCertificateNo KRAVEX1234 --PINNo P051234567Q',
    'ushuru checker run invoice --invoiceNumber KRACU0100000001/123 --invoiceDate 2026-01-31 --json',
    'ushuru checker run tax-obligations taxPayerPin=A744610021G',
  ])
    // The fields are KRA's names: pass every unknown --FIELD through to the action as arguments.
    .allowUnknownOption()
    .action((name: string, args: string[], opts: CommonFlags) => {
      const { fields, flags } = parseFieldArgs(args);
      return runChecker(name, fields, { ...opts, ...flags });
    });
}
