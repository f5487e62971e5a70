/**
 * `ushuru proforma create|list|show|receipt`: proformas (quotes, printed as PS, never sent to KRA)
 * with a sale's lines.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Body } from '@ushuru/sdk';
import { apiCommand, clientOf, parseChoice, type CommonFlags } from './command.js';
import { firstItems, limitOf, pageSize, withLimit, type ListFlags } from './documents.js';
import { parseId, readJsonObject } from './file-input.js';
import { CliError, formatFields, formatTable, printJson, writeOut } from './output.js';

const LAYOUTS = ['80mm', 'a4'] as const;

interface ProformaView {
  id: number;
  reference: string;
  customer_name: string | null;
  customer_pin: string | null;
  valid_until: string | null;
  taxable: string;
  tax: string;
  total: string;
  print_count: number;
  created_at: string;
  lines: Array<{ item_code: string; name: string; quantity: number; unit_price: string; discount: string; tax_type: string; total: string }>;
}

const CREATE_HELP = `
The file holds the body of POST /api/etims/proformas: a sale's lines, with a reference and validity:
  {"reference":"Q-2026-001","customer_name":"Wanjiru","valid_until":"2026-12-31",
   "lines":[{"item_code":"KE2NTU0000001","quantity":2,"unit_price":"480.00"}]}
`;

function describeProforma(p: ProformaView): string {
  const head = formatFields([
    ['ID', p.id],
    ['Reference', p.reference],
    ['Customer', p.customer_name ?? undefined],
    ['Customer PIN', p.customer_pin ?? undefined],
    ['Valid until', p.valid_until ?? undefined],
    ['Taxable', p.taxable],
    ['Tax', p.tax],
    ['Total', p.total],
    ['Printed', `${p.print_count} time(s)`],
    ['Created', p.created_at],
  ]);
  const lines = formatTable(p.lines ?? [], [
    { header: 'ITEM', value: (l) => l.item_code },
    { header: 'NAME', value: (l) => l.name },
    { header: 'QTY', value: (l) => l.quantity, align: 'right' },
    { header: 'PRICE', value: (l) => l.unit_price, align: 'right' },
    { header: 'DISCOUNT', value: (l) => l.discount, align: 'right' },
    { header: 'TAX', value: (l) => l.tax_type },
    { header: 'TOTAL', value: (l) => l.total, align: 'right' },
  ]);
  return `${head}\n\n${lines}`;
}

export function registerProformaCommands(program: Command): void {
  const proforma = program.command('proforma').description('Proformas (quotes): create from a file, list, show, print');

  apiCommand(proforma, 'create', 'Create a proforma (a quote, never sent to KRA) from a JSON file of its lines', [
    'ushuru proforma create --from quote.json',
    'cat quote.json | ushuru proforma create --from - --app 2 --json',
  ])
    .requiredOption('--from <file>', 'a JSON file of the proforma ("-" reads stdin)')
    .addHelpText('after', CREATE_HELP)
    .action(async (opts: CommonFlags & { from: string }) => {
      const body = readJsonObject('--from', opts.from);
      const { sdk } = clientOf(opts);
      const created = (await sdk.etims.proformas.create(body as Body<'/api/etims/proformas', 'post'>)) as unknown as ProformaView;
      if (opts.json) return printJson(created);
      writeOut(`Proforma ${created.id} created: print it with \`ushuru proforma receipt ${created.id} --pdf quote.pdf\`.\n${describeProforma(created)}`);
    });

  const proformaList = apiCommand(proforma, 'list', 'Proformas of the branch, newest first', [
    'ushuru proforma list',
    'ushuru proforma list --limit 50 --json',
  ]);
  withLimit(proformaList).action(async (opts: ListFlags) => {
    const limit = limitOf(opts);
    const rows = await firstItems<ProformaView>(clientOf(opts).sdk.etims.proformas.list({ limit: pageSize(limit) } as never), limit);
    if (opts.json) return printJson(rows);
    if (rows.length === 0) return writeOut('No proformas.');
    writeOut(
      formatTable(rows, [
        { header: 'ID', value: (p) => p.id, align: 'right' },
        { header: 'REFERENCE', value: (p) => p.reference },
        { header: 'CUSTOMER', value: (p) => p.customer_name ?? p.customer_pin },
        { header: 'VALID UNTIL', value: (p) => p.valid_until },
        { header: 'TOTAL', value: (p) => p.total, align: 'right' },
        { header: 'CREATED', value: (p) => p.created_at },
      ]),
    );
  });

  apiCommand(proforma, 'show <id>', 'One proforma with its lines', ['ushuru proforma show 3', 'ushuru proforma show 3 --json']).action(
    async (id: string, opts: CommonFlags) => {
      const { sdk } = clientOf(opts);
      const p = (await sdk.etims.proformas.get(parseId('ID', id))) as unknown as ProformaView;
      if (opts.json) return printJson(p);
      writeOut(describeProforma(p));
    },
  );

  apiCommand(proforma, 'receipt <id>', 'Print a proforma: HTML to stdout or --out FILE, or a PDF with --pdf FILE', [
    'ushuru proforma receipt 3 --pdf quote.pdf',
    'ushuru proforma receipt 3 --layout a4 --out quote.html',
  ])
    .option('--pdf <file>', 'write a PDF to FILE')
    .option('--out <file>', 'write the HTML to FILE instead of stdout')
    .option('--layout <layout>', `paper: ${LAYOUTS.join(' (thermal roll) or ')}`, '80mm')
    .action(async (idArg: string, opts: CommonFlags & { pdf?: string; out?: string; layout: string }) => {
      const id = parseId('ID', idArg);
      const layout = parseChoice('--layout', opts.layout, LAYOUTS);
      if (opts.pdf && opts.out) throw new CliError('Give --pdf FILE or --out FILE, not both.');
      const { sdk } = clientOf(opts);
      if (opts.pdf) {
        const pdf = await sdk.etims.proformas.receipt(id, 'pdf', { layout });
        writeFileSync(opts.pdf, pdf);
        if (opts.json) return printJson({ id, format: 'pdf', layout, file: opts.pdf, bytes: pdf.byteLength });
        return writeOut(`Proforma ${id} written to ${opts.pdf} (PDF, ${layout}, ${pdf.byteLength} bytes).`);
      }
      const html = await sdk.etims.proformas.receipt(id, 'html', { layout });
      if (opts.out) {
        writeFileSync(opts.out, html);
        if (opts.json) return printJson({ id, format: 'html', layout, file: opts.out, bytes: Buffer.byteLength(html) });
        return writeOut(`Proforma ${id} written to ${opts.out} (HTML, ${layout}).`);
      }
      if (opts.json) return printJson({ id, format: 'html', layout, html });
      process.stdout.write(html);
    });
}
