/**
 * `ushuru item add|list|update`: the eTIMS items of the branch's PIN (saveItem). An item is given by
 * flags or as a JSON file of saveItem's fields (`--from FILE`); flags override the file's fields.
 */
import type { Command } from 'commander';
import type { Body } from '@ushuru/sdk';
import { apiCommand, clientOf, parseChoice, parseInteger, type CommonFlags } from './command.js';
import { parseNumber, readJsonObject } from './file-input.js';
import { CliError, formatFields, formatTable, printJson, writeOut } from './output.js';

const ITEM_TYPES = ['1', '2', '3'] as const;
const TAX_TYPES = ['A', 'B', 'C', 'D', 'E'] as const;

interface ItemView {
  itemCd: string;
  itemClsCd: string;
  itemTyCd: string;
  itemNm: string;
  orgnNatCd: string;
  pkgUnitCd: string;
  qtyUnitCd: string;
  taxTyCd: string;
  dftPrc: number;
  useYn?: string;
  source?: string;
  updated_at?: string;
}

interface ItemFlags extends CommonFlags {
  from?: string;
  code?: string;
  name?: string;
  class?: string;
  type?: string;
  taxType?: string;
  price?: string;
  origin?: string;
  packageUnit?: string;
  quantityUnit?: string;
  barcode?: string;
}

/** The flag → saveItem field of every item flag, for messages that name both. */
const FIELD_FLAGS: ReadonlyArray<readonly [keyof ItemFlags, string]> = [
  ['name', 'itemNm'],
  ['class', 'itemClsCd'],
  ['type', 'itemTyCd'],
  ['taxType', 'taxTyCd'],
  ['price', 'dftPrc'],
  ['origin', 'orgnNatCd'],
  ['packageUnit', 'pkgUnitCd'],
  ['quantityUnit', 'qtyUnitCd'],
];
const FLAG_NAMES: Record<string, string> = {
  name: '--name',
  class: '--class',
  type: '--type',
  taxType: '--tax-type',
  price: '--price',
  origin: '--origin',
  packageUnit: '--package-unit',
  quantityUnit: '--quantity-unit',
};

/** saveItem fields of the flags given (each checked, naming its flag), over the `--from` file's. */
export function itemFields(opts: ItemFlags): Record<string, unknown> {
  const body: Record<string, unknown> = opts.from ? readJsonObject('--from', opts.from) : {};
  if (opts.code !== undefined) body.itemCd = opts.code;
  if (opts.name !== undefined) body.itemNm = opts.name;
  if (opts.class !== undefined) {
    if (!/^\d{1,10}$/.test(opts.class)) throw new CliError(`--class must be an item class code of up to 10 digits (e.g. 5022170100), got "${opts.class}".`);
    body.itemClsCd = opts.class;
  }
  if (opts.type !== undefined) body.itemTyCd = parseChoice('--type', opts.type, ITEM_TYPES);
  if (opts.taxType !== undefined) body.taxTyCd = parseChoice('--tax-type', opts.taxType.toUpperCase(), TAX_TYPES);
  if (opts.price !== undefined) body.dftPrc = parseNumber('--price', opts.price);
  if (opts.origin !== undefined) body.orgnNatCd = opts.origin.toUpperCase();
  if (opts.packageUnit !== undefined) body.pkgUnitCd = opts.packageUnit.toUpperCase();
  if (opts.quantityUnit !== undefined) body.qtyUnitCd = opts.quantityUnit.toUpperCase();
  if (opts.barcode !== undefined) body.bcd = opts.barcode;
  return body;
}

function describeItem(item: ItemView): string {
  return formatFields([
    ['Code', item.itemCd],
    ['Name', item.itemNm],
    ['Class', item.itemClsCd],
    ['Type', item.itemTyCd],
    ['Tax type', item.taxTyCd],
    ['Price', item.dftPrc],
    ['Origin', item.orgnNatCd],
    ['Units', `${item.pkgUnitCd} / ${item.qtyUnitCd}`],
    ['Active', item.useYn === undefined ? undefined : item.useYn === 'Y' ? 'yes' : 'no'],
  ]);
}

function addItemFlags(command: Command, required: boolean): Command {
  const must = required ? ' (required unless in --from)' : '';
  return command
    .option('--from <file>', 'a JSON file of saveItem fields ("-" reads stdin); flags override its fields')
    .option('--name <name>', `the item's name (itemNm)${must}`)
    .option('--class <code>', `item class code (itemClsCd, see \`ushuru etims sync item-classes\`)${must}`)
    .option('--type <type>', `item type (itemTyCd): 1 raw material, 2 finished product, 3 service${must}`)
    .option('--tax-type <band>', `tax type (taxTyCd): A exempt, B 16 %, C 0 %, D non-VAT, E 8 %${must}`)
    .option('--price <amount>', `default unit price (dftPrc)${must}`)
    .option('--origin <country>', `country of origin (orgnNatCd)${required ? ', default KE' : ''}`)
    .option('--package-unit <code>', `packaging unit (pkgUnitCd, code list 17)${required ? ', default NT' : ''}`)
    .option('--quantity-unit <code>', `quantity unit (qtyUnitCd, code list 10)${required ? ', default U' : ''}`)
    .option('--barcode <code>', 'barcode (bcd)');
}

export function registerItemCommands(program: Command): void {
  const item = program.command('item').description('eTIMS items of the branch: register, list, update');

  addItemFlags(
    apiCommand(item, 'add', 'Register an item on KRA (saveItem); its code (KE2NTU0000001-style) is generated unless --code gives one', [
      'ushuru item add --name "Maize Flour 5kg" --class 5022170100 --type 2 --tax-type B --price 480',
      'ushuru item add --name Delivery --class 5022170100 --type 3 --tax-type E --price 200 --origin KE --package-unit NT --quantity-unit U',
      'ushuru item add --from item.json --app 2 --json',
    ]),
    true,
  )
    .option('--code <code>', 'your own item code (itemCd)')
    .action(async (opts: ItemFlags) => {
      const body = { orgnNatCd: 'KE', pkgUnitCd: 'NT', qtyUnitCd: 'U', ...itemFields(opts) };
      const missing = FIELD_FLAGS.filter(([, field]) => body[field as keyof typeof body] === undefined).map(
        ([flag, field]) => `${FLAG_NAMES[flag]} (${field})`,
      );
      if (missing.length > 0) throw new CliError(`Missing ${missing.join(', ')}: give each as a flag or in the --from file.`);
      const { sdk } = clientOf(opts);
      const created = (await sdk.etims.items.create(body as Body<'/api/etims/items', 'post'>)) as unknown as ItemView;
      if (opts.json) return printJson(created);
      writeOut(`Item registered on KRA.\n${describeItem(created)}`);
    });

  apiCommand(item, 'list', "Items of the branch's PIN (registered here or synced from KRA)", ['ushuru item list', 'ushuru item list --search maize --json'])
    .option('--search <text>', 'only items whose code or name contains TEXT')
    .option('--limit <n>', 'how many to show (1-1000)', '100')
    .action(async (opts: CommonFlags & { search?: string; limit: string }) => {
      const limit = parseInteger('--limit', opts.limit, 1, 1000);
      const { sdk } = clientOf(opts);
      const items = (await sdk.etims.items.list({ limit: String(limit), ...(opts.search ? { search: opts.search } : {}) } as never)) as unknown as ItemView[];
      if (opts.json) return printJson(items);
      if (items.length === 0) return writeOut('No items. Register one with `ushuru item add`.');
      writeOut(
        formatTable(items, [
          { header: 'CODE', value: (i) => i.itemCd },
          { header: 'NAME', value: (i) => i.itemNm },
          { header: 'CLASS', value: (i) => i.itemClsCd },
          { header: 'TYPE', value: (i) => i.itemTyCd },
          { header: 'TAX', value: (i) => i.taxTyCd },
          { header: 'PRICE', value: (i) => i.dftPrc, align: 'right' },
          { header: 'UNITS', value: (i) => `${i.pkgUnitCd}/${i.qtyUnitCd}` },
          { header: 'SOURCE', value: (i) => i.source },
        ]),
      );
    });

  addItemFlags(
    apiCommand(item, 'update <code>', 'Change an item on KRA (saveItem with the same code): only the fields given change', [
      'ushuru item update KE2NTU0000001 --price 500',
      'ushuru item update KE2NTU0000001 --name "Maize Flour 5 kg" --tax-type B --json',
      'ushuru item update KE2NTU0000001 --from changes.json',
    ]),
    false,
  ).action(async (code: string, opts: ItemFlags) => {
    const body = itemFields(opts);
    delete body.itemCd;
    if (Object.keys(body).length === 0)
      throw new CliError('Nothing to change: give at least one of --name, --class, --type, --tax-type, --price, … or --from FILE.');
    const { sdk } = clientOf(opts);
    const updated = (await sdk.etims.items.update(code, body as Body<'/api/etims/items/{id}', 'put'>)) as unknown as ItemView;
    if (opts.json) return printJson(updated);
    writeOut(`Item ${code} updated on KRA.\n${describeItem(updated)}`);
  });
}
