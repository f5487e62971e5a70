/**
 * `ushuru purchase list|show|incoming|confirm|reject|record`: purchases of the branch. `incoming`
 * lists the sales suppliers signed to your PIN (synced from KRA), each with the key to confirm or
 * reject it by; `record` books a purchase KRA does not hold, from a JSON file.
 */
import type { Command } from 'commander';
import type { Body } from '@ushuru/sdk';
import { apiCommand, clientOf, parseDateFlag, parseInteger, type CommonFlags } from './command.js';
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
import { readJsonObject } from './file-input.js';
import { formatTable, printJson, writeOut } from './output.js';

interface IncomingView {
  purchase_key: string;
  spplrTin?: string;
  spplrNm?: string;
  spplrBhfId?: string;
  spplrInvcNo?: number;
  salesDt?: string;
  cfmDt?: string;
  totAmt?: number;
  totTaxAmt?: number;
  decision: { purchase_id: number; answer: 'confirmed' | 'rejected'; status: string } | null;
}

interface AnswerFlags extends CommonFlags {
  date?: string;
  remark?: string;
}

const RECORD_HELP = `
The file holds the body of POST /api/etims/purchases:
  {"reference":"PO-1001","supplier_name":"Local Miller","supplier_pin":"P051234567Q",
   "lines":[{"item_code":"KE2NTU0000001","quantity":10,"unit_price":"150.00"}]}
`;

function answerBody(opts: AnswerFlags): Record<string, unknown> {
  return {
    ...(opts.date ? { purchase_date: parseDateFlag('--date', opts.date) } : {}),
    ...(opts.remark ? { remark: opts.remark } : {}),
  };
}

function printPurchase(doc: DocumentView, json: boolean | undefined, headline?: string): void {
  if (json) return printJson(doc);
  writeOut(`${headline ? `${headline}\n` : ''}${describeDocument(doc)}`);
}

export function registerPurchaseCommands(program: Command): void {
  const purchase = program.command('purchase').description("eTIMS purchases: suppliers' sales to confirm or reject, and purchases you record");

  const purchaseList = apiCommand(purchase, 'list', 'Purchases of the branch (confirmed, rejected and recorded), newest first', [
    'ushuru purchase list',
    'ushuru purchase list --status signed --from 2026-01-01 --json',
  ]);
  withDocumentFilters(purchaseList, 'purchases').action(async (opts: DocumentListFlags) => {
    const query = documentListQuery(opts);
    const docs = await firstItems<DocumentView>(clientOf(opts).sdk.etims.purchases.list(query), limitOf(opts));
    if (opts.json) return printJson(docs);
    writeOut(docs.length === 0 ? 'No purchases.' : documentTable(docs));
  });

  apiCommand(purchase, 'show <ref>', "One purchase by Ushuru's id or its reference", ['ushuru purchase show 12', 'ushuru purchase show PO-1001 --json']).action(
    async (ref: string, opts: CommonFlags) => {
      const { sdk } = clientOf(opts);
      printPurchase((await sdk.etims.purchases.get(ref)) as unknown as DocumentView, opts.json);
    },
  );

  apiCommand(purchase, 'incoming', 'Sales your suppliers signed to your PIN (synced from KRA: `ushuru etims sync purchases`), with the key to answer each', [
    'ushuru purchase incoming',
    'ushuru purchase incoming --search miller --json',
  ])
    .option('--search <text>', 'only suppliers whose name or PIN contains TEXT')
    .option('--limit <n>', 'how many to show (1-1000)', '100')
    .action(async (opts: CommonFlags & { search?: string; limit: string }) => {
      const limit = parseInteger('--limit', opts.limit, 1, 1000);
      const { sdk } = clientOf(opts);
      const rows = (await sdk.etims.purchases.incoming.list({
        limit: String(limit),
        ...(opts.search ? { search: opts.search } : {}),
      })) as unknown as IncomingView[];
      if (opts.json) return printJson(rows);
      if (rows.length === 0) return writeOut('No incoming purchases. Sync them from KRA with `ushuru etims sync purchases`.');
      writeOut(
        formatTable(rows, [
          { header: 'KEY', value: (r) => r.purchase_key },
          { header: 'SUPPLIER PIN', value: (r) => r.spplrTin },
          { header: 'SUPPLIER', value: (r) => r.spplrNm },
          { header: 'INVOICE', value: (r) => r.spplrInvcNo, align: 'right' },
          { header: 'DATE', value: (r) => r.salesDt },
          { header: 'TOTAL', value: (r) => r.totAmt, align: 'right' },
          { header: 'ANSWER', value: (r) => (r.decision ? `${r.decision.answer} (${r.decision.status})` : 'waiting') },
        ]),
      );
    });

  for (const [verb, action] of [
    ['confirm', 'Confirm'],
    ['reject', 'Reject'],
  ] as const) {
    apiCommand(purchase, `${verb} <key>`, `${action} a supplier's sale to your PIN (its purchase_key from \`ushuru purchase incoming\`)`, [
      `ushuru purchase ${verb} P051234567Q_17`,
      `ushuru purchase ${verb} KRACU0100000001_42 --remark "${verb === 'confirm' ? 'received in full' : 'never delivered'}" --json`,
    ])
      .option('--date <date>', 'purchase date, YYYY-MM-DD (default today)')
      .option('--remark <text>', 'a remark')
      .action(async (key: string, opts: AnswerFlags) => {
        const { sdk } = clientOf(opts);
        const body = answerBody(opts) as Body<'/api/etims/purchases/incoming/{key}/confirm', 'post'>;
        const doc = (await sdk.etims.purchases.incoming[verb](key, body)) as unknown as DocumentView;
        printPurchase(doc, opts.json, `Purchase ${key} ${verb === 'confirm' ? 'confirmed' : 'rejected'}: ${doc.status}.`);
      });
  }

  apiCommand(purchase, 'record', 'Record a purchase KRA does not hold (from a supplier without eTIMS), from a JSON file', [
    'ushuru purchase record --from purchase.json',
    'cat purchase.json | ushuru purchase record --from - --app 2 --json',
  ])
    .requiredOption('--from <file>', 'a JSON file of the purchase ("-" reads stdin)')
    .addHelpText('after', RECORD_HELP)
    .action(async (opts: CommonFlags & { from: string }) => {
      const body = readJsonObject('--from', opts.from);
      const { sdk } = clientOf(opts);
      const doc = (await sdk.etims.purchases.create(body as Body<'/api/etims/purchases', 'post'>)) as unknown as DocumentView;
      printPurchase(doc, opts.json, `Purchase recorded: ${doc.status}.`);
    });
}
