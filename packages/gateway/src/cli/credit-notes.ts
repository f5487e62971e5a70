/**
 * `ushuru credit-note create|express|show|list`: credit notes against signed sales. `create` credits
 * some lines; `express` credits whatever is left of the sale in one call.
 */
import type { Command } from 'commander';
import type { Body } from '@ushuru/sdk';
import { apiCommand, clientOf, collect, parseDateFlag, type CommonFlags } from './command.js';
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
import { CliError, printJson, writeOut } from './output.js';

interface CreditFlags extends CommonFlags {
  number: string;
  reason: string;
  date?: string;
  remark?: string;
}

/** `ITEM_CODE=QUANTITY` flags as credited lines. */
export function parseCreditLines(values: readonly string[]): Array<{ item_code: string; quantity: string }> {
  return values.map((value) => {
    const m = /^([^=\s]+)=(\d+(?:\.\d+)?)$/.exec(value.trim());
    if (!m) throw new CliError(`--line takes ITEM_CODE=QUANTITY (e.g. KE2NTU0000001=1), got "${value}".`);
    return { item_code: m[1]!, quantity: m[2]! };
  });
}

function creditBody(sale: string, opts: CreditFlags): Record<string, unknown> {
  return {
    sale: /^[1-9]\d{0,9}$/.test(sale) ? Number(sale) : sale,
    trader_invoice_number: opts.number,
    reason_code: opts.reason,
    ...(opts.date ? { credit_date: parseDateFlag('--date', opts.date) } : {}),
    ...(opts.remark ? { remark: opts.remark } : {}),
  };
}

function printCreditNote(doc: DocumentView, json: boolean | undefined): void {
  if (json) return printJson(doc);
  writeOut(describeDocument(doc));
}

const REASON_HELP = 'the reason (code list 32, e.g. 06 for a return of goods)';

export function registerCreditNoteCommands(program: Command): void {
  const credit = program.command('credit-note').description('eTIMS credit notes: credit part or all of a signed sale');

  apiCommand(credit, 'create <sale>', "Credit some lines of a sale (the sale by Ushuru's id, trader invoice number or KRA invoice number)", [
    'ushuru credit-note create INV-1001 --number CN-1001 --reason 06 --line KE2NTU0000001=1',
    'ushuru credit-note create 42 --number CN-7 --reason 01 --line KE2NTU0000001=2 --line KE3NTU0000002=1 --json',
  ])
    .requiredOption('--number <trader-number>', "the credit note's own trader invoice number")
    .requiredOption('--reason <code>', REASON_HELP)
    .option('--line <item=quantity>', 'a credited line, ITEM_CODE=QUANTITY (repeatable)', collect, [])
    .option('--date <date>', 'credit date, YYYY-MM-DD (default today)')
    .option('--remark <text>', 'a remark')
    .action(async (sale: string, opts: CreditFlags & { line: string[] }) => {
      if (opts.line.length === 0)
        throw new CliError('Give the credited lines with --line ITEM_CODE=QUANTITY, or credit the whole rest with `ushuru credit-note express`.');
      const body = { ...creditBody(sale, opts), lines: parseCreditLines(opts.line) };
      const { sdk } = clientOf(opts);
      printCreditNote((await sdk.etims.creditNotes.create(body as Body<'/api/etims/credit-notes', 'post'>)) as unknown as DocumentView, opts.json);
    });

  apiCommand(credit, 'express <sale>', 'Credit whatever is left of a sale, in one call', ['ushuru credit-note express INV-1001 --number CN-1001 --reason 06'])
    .requiredOption('--number <trader-number>', "the credit note's own trader invoice number")
    .requiredOption('--reason <code>', REASON_HELP)
    .option('--date <date>', 'credit date, YYYY-MM-DD (default today)')
    .option('--remark <text>', 'a remark')
    .action(async (sale: string, opts: CreditFlags) => {
      const { sdk } = clientOf(opts);
      const body = creditBody(sale, opts) as Body<'/api/etims/credit-notes/express', 'post'>;
      printCreditNote((await sdk.etims.creditNotes.express(body)) as unknown as DocumentView, opts.json);
    });

  apiCommand(credit, 'show <ref>', "One credit note by Ushuru's id, its trader invoice number or KRA's invoice number", [
    'ushuru credit-note show CN-1001',
  ]).action(async (ref: string, opts: CommonFlags) => {
    const { sdk } = clientOf(opts);
    printCreditNote((await sdk.etims.creditNotes.get(ref)) as unknown as DocumentView, opts.json);
  });

  const creditList = apiCommand(credit, 'list', 'Credit notes, newest first', ['ushuru credit-note list --limit 50']);
  withDocumentFilters(creditList, 'credit notes').action(async (opts: DocumentListFlags) => {
    const docs = await firstItems<DocumentView>(clientOf(opts).sdk.etims.creditNotes.list(documentListQuery(opts)), limitOf(opts));
    if (opts.json) return printJson(docs);
    writeOut(docs.length === 0 ? 'No credit notes.' : documentTable(docs));
  });
}
