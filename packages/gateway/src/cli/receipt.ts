/**
 * `ushuru receipt REF [--pdf FILE] [--layout 80mm|a4] [--out FILE]`: the printed receipt of a sale
 * (or `--credit-note`): HTML to stdout or a file, or a PDF file.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { apiCommand, clientOf, parseChoice, type CommonFlags } from './command.js';
import { CliError, printJson, writeOut } from './output.js';

const LAYOUTS = ['80mm', 'a4'] as const;

interface ReceiptFlags extends CommonFlags {
  pdf?: string;
  out?: string;
  layout: string;
  creditNote?: boolean;
}

export function registerReceiptCommand(program: Command): void {
  apiCommand(program, 'receipt <ref>', 'Print the receipt of a sale (or a credit note): HTML to stdout or --out FILE, or a PDF with --pdf FILE', [
    'ushuru receipt INV-1001 > receipt.html',
    'ushuru receipt INV-1001 --pdf receipt.pdf --layout a4',
    'ushuru receipt CN-1001 --credit-note --out cn.html',
  ])
    .option('--pdf <file>', 'write a PDF to FILE')
    .option('--out <file>', 'write the HTML to FILE instead of stdout')
    .option('--layout <layout>', `paper: ${LAYOUTS.join(' (thermal roll) or ')}`, '80mm')
    .option('--credit-note', 'REF is a credit note')
    .action(async (ref: string, opts: ReceiptFlags) => {
      const layout = parseChoice('--layout', opts.layout, LAYOUTS);
      if (opts.pdf && opts.out) throw new CliError('Give --pdf FILE or --out FILE, not both.');
      const { sdk } = clientOf(opts);
      const documents = opts.creditNote ? sdk.etims.creditNotes : sdk.etims.sales;
      if (opts.pdf) {
        const pdf = await documents.receipt(ref, 'pdf', { layout });
        writeFileSync(opts.pdf, pdf);
        if (opts.json) return printJson({ ref, format: 'pdf', layout, file: opts.pdf, bytes: pdf.byteLength });
        return writeOut(`Receipt of ${ref} written to ${opts.pdf} (PDF, ${layout}, ${pdf.byteLength} bytes).`);
      }
      const html = await documents.receipt(ref, 'html', { layout });
      if (opts.out) {
        writeFileSync(opts.out, html);
        if (opts.json) return printJson({ ref, format: 'html', layout, file: opts.out, bytes: Buffer.byteLength(html) });
        return writeOut(`Receipt of ${ref} written to ${opts.out} (HTML, ${layout}).`);
      }
      if (opts.json) return printJson({ ref, format: 'html', layout, html });
      process.stdout.write(html);
    });
}
