/**
 * `ushuru reports x|z|reconcile`: the day so far (X), closing a day (Z, numbered and immutable), and
 * the reconciliation with KRA (reconcile.ts).
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { apiCommand, clientOf, parseChoice, parseDateFlag, parseInteger, type CommonFlags } from './command.js';
import { formatFields, formatTable, printJson, writeErr, writeOut } from './output.js';
import { registerReconcileCommand } from './reconcile.js';

const LAYOUTS = ['80mm', 'a4'] as const;

interface Totals {
  count: number;
  taxable: string;
  tax: string;
  total: string;
  bands: Record<string, { rate: string; taxable: string; tax: string; total: string }>;
}

/** An X or Z report as the gateway answers it (the fields shown). */
interface DayReport {
  report: 'X' | 'Z';
  number?: number;
  date: string;
  taken_at?: string;
  app_id: number;
  tin: string;
  bhf_id: string;
  sales: Totals;
  credit_notes: Totals;
  net: { taxable: string; tax: string; total: string };
}

export function formatDayReport(r: DayReport): string {
  const title = r.report === 'Z' ? `Z report no. ${r.number ?? '?'} of ${r.date} (taken ${r.taken_at ?? '?'})` : `X report of ${r.date} (the day so far)`;
  const bands = Object.entries(r.sales.bands).map(([band, s]) => ({ band, sale: s, credit: r.credit_notes.bands[band] }));
  return [
    `${title}, app ${r.app_id} (${r.tin}/${r.bhf_id})`,
    '',
    formatFields([
      ['Sales', `${r.sales.count}, total ${r.sales.total} (tax ${r.sales.tax})`],
      ['Credit notes', `${r.credit_notes.count}, total ${r.credit_notes.total} (tax ${r.credit_notes.tax})`],
      ['Net', `total ${r.net.total}, taxable ${r.net.taxable}, tax ${r.net.tax}`],
    ]),
    '',
    formatTable(bands, [
      { header: 'BAND', value: (b) => b.band },
      { header: 'RATE %', value: (b) => b.sale.rate, align: 'right' },
      { header: 'SALES TAXABLE', value: (b) => b.sale.taxable, align: 'right' },
      { header: 'SALES TAX', value: (b) => b.sale.tax, align: 'right' },
      { header: 'CREDITED TAXABLE', value: (b) => b.credit?.taxable, align: 'right' },
      { header: 'CREDITED TAX', value: (b) => b.credit?.tax, align: 'right' },
    ]),
  ].join('\n');
}

interface PrintFlags {
  pdf?: string;
  html?: string;
  layout: string;
}

/** Writes the printed report when `--pdf` or `--html` asks; true when it did. */
async function writePrinted(
  opts: PrintFlags,
  print: (format: 'pdf' | 'html', layout: (typeof LAYOUTS)[number]) => Promise<Uint8Array | string>,
): Promise<boolean> {
  const layout = parseChoice('--layout', opts.layout, LAYOUTS);
  if (opts.pdf) writeFileSync(opts.pdf, await print('pdf', layout));
  if (opts.html) writeFileSync(opts.html, await print('html', layout));
  // On stderr: stdout may be JSON.
  if (opts.pdf || opts.html) writeErr(`Written: ${[opts.pdf, opts.html].filter(Boolean).join(', ')}.`);
  return Boolean(opts.pdf || opts.html);
}

function withPrintOptions(command: Command): Command {
  return command
    .option('--pdf <file>', 'also write the printed report as PDF')
    .option('--html <file>', 'also write the printed report as HTML')
    .option('--layout <layout>', `paper for --pdf/--html: ${LAYOUTS.join(', ')}`, 'a4');
}

export function registerReportCommands(program: Command): void {
  const reports = program.command('reports').description('eTIMS reports: X (the day so far), Z (close a day), reconciliation with KRA');

  withPrintOptions(
    apiCommand(reports, 'x', 'The X report: sales and credit notes of a day so far, per tax band (nothing is closed)', [
      'ushuru reports x --app 2',
      'ushuru reports x --date 2026-01-31 --pdf x.pdf',
    ]).option('--date <date>', 'the day, YYYY-MM-DD (default today)'),
  ).action(async (opts: CommonFlags & PrintFlags & { date?: string }) => {
    const query = opts.date ? { date: parseDateFlag('--date', opts.date) } : {};
    const { sdk } = clientOf(opts);
    const report = (await sdk.etims.reports.x(query)) as unknown as DayReport;
    if (opts.json) printJson(report);
    else writeOut(formatDayReport(report));
    await writePrinted(opts, (format, layout) =>
      format === 'pdf' ? sdk.etims.reports.printX('pdf', { ...query, layout }) : sdk.etims.reports.printX('html', { ...query, layout }),
    );
  });

  const z = reports.command('z').description('Z reports: close a day (numbered, immutable, once per day), list and show them');

  withPrintOptions(
    apiCommand(z, 'take', 'Close a day with a Z report (default today): it cannot be taken twice', [
      'ushuru reports z take --app 2',
      'ushuru reports z take --date 2026-01-31 --pdf z.pdf',
    ]).option('--date <date>', 'the day, YYYY-MM-DD (default today)'),
  ).action(async (opts: CommonFlags & PrintFlags & { date?: string }) => {
    const { sdk } = clientOf(opts);
    const report = (await sdk.etims.reports.z.take(opts.date ? { date: parseDateFlag('--date', opts.date) } : {})) as unknown as DayReport;
    if (opts.json) printJson(report);
    else writeOut(formatDayReport(report));
    const n = report.number!;
    await writePrinted(opts, (format, layout) =>
      format === 'pdf' ? sdk.etims.reports.z.print(n, 'pdf', { layout }) : sdk.etims.reports.z.print(n, 'html', { layout }),
    );
  });

  apiCommand(z, 'list', 'The Z reports taken', ['ushuru reports z list']).action(async (opts: CommonFlags) => {
    const { sdk } = clientOf(opts);
    const list = (await sdk.etims.reports.z.list()) as unknown as DayReport[];
    if (opts.json) return printJson(list);
    writeOut(
      list.length === 0
        ? 'No Z report yet: close a day with `ushuru reports z take`.'
        : formatTable(list, [
            { header: 'NO', value: (r) => r.number, align: 'right' },
            { header: 'DATE', value: (r) => r.date },
            { header: 'TAKEN', value: (r) => r.taken_at },
            { header: 'SALES', value: (r) => r.sales?.count, align: 'right' },
            { header: 'NET TOTAL', value: (r) => r.net?.total, align: 'right' },
          ]),
    );
  });

  withPrintOptions(apiCommand(z, 'show <number>', 'One Z report by its number', ['ushuru reports z show 3', 'ushuru reports z show 3 --pdf z3.pdf'])).action(
    async (number: string, opts: CommonFlags & PrintFlags) => {
      const n = parseInteger('NUMBER', number, 1, 2_147_483_647);
      const { sdk } = clientOf(opts);
      const report = (await sdk.etims.reports.z.get(n)) as unknown as DayReport;
      if (opts.json) printJson(report);
      else writeOut(formatDayReport(report));
      await writePrinted(opts, (format, layout) =>
        format === 'pdf' ? sdk.etims.reports.z.print(n, 'pdf', { layout }) : sdk.etims.reports.z.print(n, 'html', { layout }),
      );
    },
  );

  registerReconcileCommand(reports);
}
