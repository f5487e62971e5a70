/**
 * `ushuru stock move|levels|movements`: stock movements of the branch (code list 12, sent to KRA in
 * order with insertStockIO and saveStockMaster) and the levels a sale is checked against.
 */
import type { Command } from 'commander';
import type { Body } from '@ushuru/sdk';
import { apiCommand, clientOf, collect, parseChoice, parseDateFlag, type CommonFlags } from './command.js';
import {
  describeDocument,
  documentListQuery,
  documentTable,
  firstItems,
  limitOf,
  withDocumentFilters,
  type DocumentListFlags,
  type DocumentView,
} from './documents.js';
import { parseQuantityLines, readJsonObject } from './file-input.js';
import { CliError, formatTable, printJson, writeOut } from './output.js';

/** Code list 12 (stock I/O type): 01-06 move stock in, 11-16 out. In order (an object would put 11-16 first). */
export const STOCK_TYPES = [
  ['01', 'import (in)'],
  ['02', 'purchase (in)'],
  ['03', 'return (in)'],
  ['04', 'stock movement (in)'],
  ['05', 'processing (in)'],
  ['06', 'adjustment (in)'],
  ['11', 'sale (out)'],
  ['12', 'return (out)'],
  ['13', 'stock movement (out)'],
  ['14', 'processing (out)'],
  ['15', 'discarding (out)'],
  ['16', 'adjustment (out)'],
] as const;
type StockType = (typeof STOCK_TYPES)[number][0];
const TYPE_CODES: StockType[] = STOCK_TYPES.map(([code]) => code);
const typeName = (code: unknown): string | undefined => STOCK_TYPES.find(([c]) => c === code)?.[1];

interface MoveFlags extends CommonFlags {
  from?: string;
  type?: string;
  line: string[];
  reference?: string;
  date?: string;
  remark?: string;
}

interface StockLevel {
  item_code: string;
  item_name: string | null;
  item_type: string | null;
  quantity: string;
  kra_quantity: string | null;
  updated_at: string;
}

const TYPE_HELP = `
Stock I/O types (KRA code list 12):
${STOCK_TYPES.map(([c, name]) => `  ${c}  ${name}`).join('\n')}

The --from file holds the body of POST /api/etims/stock/movements:
  {"type":"06","reference":"OPENING","lines":[{"item_code":"KE2NTU0000001","quantity":100,"unit_price":480}]}
`;

export function registerStockCommands(program: Command): void {
  const stock = program.command('stock').description('eTIMS stock of the branch: record movements, show levels and movements');

  apiCommand(stock, 'move', 'Record a stock movement (sent to KRA in order); lines as --line CODE:QTY, or a JSON file with --from', [
    'ushuru stock move --type 06 --reference OPENING --line KE2NTU0000001:100',
    'ushuru stock move --type 02 --line KE2NTU0000001:10:150 --line KE1NTU0000002:5 --json',
    'ushuru stock move --from opening.json --app 2',
  ])
    .option('--from <file>', 'a JSON file of the movement ("-" reads stdin); flags override its fields')
    .option('--type <code>', 'the stock I/O type, code list 12 (below; required unless in --from)')
    .option('--line <code:qty>', 'a line, ITEM_CODE:QUANTITY or ITEM_CODE:QUANTITY:UNIT_PRICE (repeatable)', collect, [])
    .option('--reference <text>', 'your reference for the movement')
    .option('--date <date>', 'date of the movement, YYYY-MM-DD (default today)')
    .option('--remark <text>', 'a remark')
    .addHelpText('after', TYPE_HELP)
    .action(async (opts: MoveFlags) => {
      const body: Record<string, unknown> = opts.from ? readJsonObject('--from', opts.from) : {};
      if (opts.type !== undefined) body.type = parseChoice('--type', opts.type, TYPE_CODES);
      if (opts.line.length > 0) body.lines = parseQuantityLines('--line', opts.line);
      if (opts.reference !== undefined) body.reference = opts.reference;
      if (opts.date !== undefined) body.date = parseDateFlag('--date', opts.date);
      if (opts.remark !== undefined) body.remark = opts.remark;
      if (body.type === undefined) throw new CliError(`Missing --type: one of ${TYPE_CODES.join(', ')} (code list 12; see --help).`);
      if (!Array.isArray(body.lines) || body.lines.length === 0)
        throw new CliError('Missing --line ITEM_CODE:QUANTITY (repeatable), or "lines" in the --from file.');
      const { sdk } = clientOf(opts);
      const doc = (await sdk.etims.stock.move(body as Body<'/api/etims/stock/movements', 'post'>)) as unknown as DocumentView;
      if (opts.json) return printJson(doc);
      const type = typeName(body.type);
      writeOut(`Stock movement ${type ? `(${body.type} ${type}) ` : ''}recorded: ${doc.status}.\n${describeDocument(doc)}`);
    });

  apiCommand(stock, 'levels', 'Stock levels of the branch: the quantity here and what KRA was last told', [
    'ushuru stock levels',
    'ushuru stock levels --app 2 --json',
  ]).action(async (opts: CommonFlags) => {
    const { sdk } = clientOf(opts);
    const levels = (await sdk.etims.stock.current()) as StockLevel[];
    if (opts.json) return printJson(levels);
    if (levels.length === 0) return writeOut('No stock. Record some with `ushuru stock move --type 06 --line CODE:QTY`.');
    writeOut(
      formatTable(levels, [
        { header: 'ITEM', value: (l) => l.item_code },
        { header: 'NAME', value: (l) => l.item_name },
        { header: 'TYPE', value: (l) => l.item_type },
        { header: 'QUANTITY', value: (l) => l.quantity, align: 'right' },
        { header: 'AT KRA', value: (l) => l.kra_quantity, align: 'right' },
        { header: 'UPDATED', value: (l) => l.updated_at },
      ]),
    );
  });

  const movementList = apiCommand(stock, 'movements', 'Stock movements of the branch, newest first', [
    'ushuru stock movements',
    'ushuru stock movements --status queued --from 2026-01-01 --limit 100 --json',
  ]);
  withDocumentFilters(movementList, 'movements').action(async (opts: DocumentListFlags) => {
    const query = documentListQuery(opts);
    const docs = await firstItems<DocumentView>(clientOf(opts).sdk.etims.stock.movements(query), limitOf(opts));
    if (opts.json) return printJson(docs);
    writeOut(docs.length === 0 ? 'No stock movements.' : documentTable(docs));
  });
}
