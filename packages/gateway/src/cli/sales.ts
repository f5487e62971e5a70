/**
 * `ushuru sales submit FILE`, `ushuru sales show REF`, `ushuru sales list`: eTIMS sales through the
 * gateway. See sales-file.ts for the file formats and sales-submit.ts for how a batch is sent.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { apiCommand, clientOf, parseInteger, type CommonFlags } from './command.js';
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
import { progressBar } from './progress.js';
import { CSV_LINE_COLUMNS, CSV_SALE_COLUMNS, detectFormat, readSales } from './sales-file.js';
import { failureLines, submitSales, summarize } from './sales-submit.js';

interface SubmitFlags extends CommonFlags {
  format?: string;
  concurrency: string;
  failures?: string;
}

interface SalesListFlags extends DocumentListFlags {
  customerPin?: string;
  branch?: string;
}

/**
 * Where the failures of FILE go unless `--failures` says: `FILE.failed.jsonl` (stdin: `sales.failed.jsonl`).
 * A failures file being resubmitted is rewritten with what still fails, rather than growing
 * `x.failed.jsonl.failed.jsonl` chains.
 */
export function defaultFailuresPath(file: string): string {
  if (file.endsWith('.failed.jsonl')) return file;
  return `${file === '-' ? 'sales' : file}.failed.jsonl`;
}

const CSV_HELP = `
File formats:
  JSON lines  one sale per line, each the body of POST /api/etims/sales:
              {"trader_invoice_number":"INV-1","lines":[{"item_code":"KE2NTU0000001","quantity":2,"unit_price":"480.00"}]}
  CSV         a header row, then one row per sale line; rows with the same trader_invoice_number
              are the lines of one sale. Sale columns (give them on the first row of a sale, or on
              every row alike): ${CSV_SALE_COLUMNS.join(', ')}.
              Line columns: ${CSV_LINE_COLUMNS.join(', ')}.
              Only trader_invoice_number, quantity and unit_price (and item_code for a registered
              item) are needed; empty cells take the gateway's defaults. prices_include_vat: true/false.

  The format is --format, else the file's extension (.csv, .jsonl, .ndjson, .json), else its
  first character ({ for JSON lines).

Each sale is sent with an Idempotency-Key made from the branch and the sale, so running the same
file again (after a crash, a lost connection) replays the first answers instead of selling twice.
Failures go to FILE.failed.jsonl, one {"source","status","error","sale"} per line: fix the sales in
it and submit that file (which is then rewritten with what still fails).
Exit code 0 when every sale was signed or queued, 1 otherwise.
`;

export function registerSalesCommands(program: Command): void {
  const sales = program.command('sales').description('eTIMS sales: submit many from a file, show, list');

  apiCommand(
    sales,
    'submit <file>',
    'Submit the sales of a JSON-lines or CSV file ("-" reads stdin), a few at a time, with a summary and a file of the failures',
    [
      'ushuru sales submit today.csv --app 2',
      'ushuru sales submit sales.jsonl --concurrency 8',
      'ushuru sales submit sales.jsonl.failed.jsonl        # resubmit the fixed failures',
      'cat sales.jsonl | ushuru sales submit - --json',
    ],
  )
    .option('--format <format>', 'jsonl or csv (default: from the file name or its content)')
    .option('--concurrency <n>', 'sales in flight at once (1-16)', '4')
    .option('--failures <file>', 'where to write the failures (default FILE.failed.jsonl)')
    .addHelpText('after', CSV_HELP)
    .action(async (file: string, opts: SubmitFlags) => {
      const concurrency = parseInteger('--concurrency', opts.concurrency, 1, 16);
      if (file !== '-' && !existsSync(file)) throw new CliError(`No file ${file}.`);
      const text = readFileSync(file === '-' ? 0 : file, 'utf8');
      const entries = readSales(text, detectFormat(file, text, opts.format));
      if (entries.length === 0) throw new CliError(`${file} holds no sales.`);
      const { sdk, connection } = clientOf(opts);

      const bar = progressBar(' {bar} {value}/{total} | signed {signed} queued {queued} refused {refused}');
      const tally = { signed: 0, queued: 0, refused: 0 };
      bar.start(entries.length, tally);
      const results = await submitSales(sdk, entries, {
        concurrency,
        appId: connection.appId,
        onResult: (r) => {
          tally[r.status === 'error' ? 'refused' : r.status] += 1;
          bar.increment(tally);
        },
      });
      bar.stop();

      const summary = summarize(results);
      const failures = failureLines(results);
      const failuresPath = failures ? (opts.failures ?? defaultFailuresPath(file)) : null;
      if (failuresPath) writeFileSync(failuresPath, failures);
      if (summary.refused + summary.errors > 0) process.exitCode = 1;

      if (opts.json) return printJson({ summary, failures_file: failuresPath, results: results.map(({ sale: _sale, raw: _raw, ...rest }) => rest) });
      const lines = [
        `${summary.total} sale(s): ${summary.signed} signed, ${summary.queued} queued, ${summary.refused} refused${summary.errors ? `, ${summary.errors} not answered (network or server error)` : ''}.`,
      ];
      if (summary.already_submitted) lines.push(`${summary.already_submitted} had been submitted before (counted by their current status).`);
      if (summary.queued) lines.push('Queued sales are stored and will be signed when KRA answers: see `ushuru outbox status`.');
      for (const r of results.filter((x) => x.status === 'refused' || x.status === 'error')) {
        const message = r.error?.message ?? r.status;
        const fields = Object.entries(r.error?.fields ?? {})
          .map(([f, m]) => `${f}: ${m.join('; ')}`)
          .filter((f) => !message.includes(f));
        lines.push(
          `  ${r.source}${r.trader_invoice_number ? ` (${r.trader_invoice_number})` : ''}: ${message}${fields.length ? ` [${fields.join(' | ')}]` : ''}`,
        );
      }
      if (failuresPath) lines.push(`Failures written to ${failuresPath}: fix them and run \`ushuru sales submit ${failuresPath}\`.`);
      else if (file.endsWith('.failed.jsonl')) lines.push(`Every sale of ${file} went through: the file can be deleted.`);
      writeOut(lines.join('\n'));
    });

  apiCommand(sales, 'show <ref>', "One sale by Ushuru's id, the trader invoice number or KRA's invoice number", [
    'ushuru sales show INV-1001',
    'ushuru sales show 42 --json',
  ]).action(async (ref: string, opts: CommonFlags) => {
    const { sdk } = clientOf(opts);
    const doc = (await sdk.etims.sales.get(ref)) as unknown as DocumentView;
    if (opts.json) return printJson(doc);
    writeOut(describeDocument(doc));
  });

  const salesList = apiCommand(sales, 'list', 'Sales, newest first (of --app, else of every branch)', [
    'ushuru sales list',
    'ushuru sales list --status queued --limit 100',
    'ushuru sales list --from 2026-01-01 --to 2026-01-31 --json',
  ])
    .option('--customer-pin <pin>', "only this buyer's sales")
    .option('--branch <id>', 'only this branch (bhfId) when listing across branches');
  withDocumentFilters(salesList, 'sales').action(async (opts: SalesListFlags) => {
    const query = {
      ...documentListQuery(opts),
      ...(opts.customerPin ? { customer_pin: opts.customerPin } : {}),
      ...(opts.branch ? { branch: opts.branch } : {}),
    };
    const docs = await firstItems<DocumentView>(clientOf(opts).sdk.etims.sales.list(query), limitOf(opts));
    if (opts.json) return printJson(docs);
    writeOut(docs.length === 0 ? 'No sales.' : documentTable(docs));
  });
}
