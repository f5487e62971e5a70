/**
 * X and Z reports as printable pages (HTML, PDF): the branch, the day, counts and amounts of sales,
 * credit notes and copies, the five bands (taxable, tax), payment methods, invoice numbers, and what
 * still waits; a Z report adds its number and when it was taken.
 */
import { TAX_BANDS } from '@ushuru/kra';
import { amount, cents, type Block, type Printable } from '../../printing/printable.js';
import type { DayTotals, KindTotals } from './totals.js';

const money = (v: string): string => amount(cents(v));

function kindBlocks(title: string, t: KindTotals, methodNames: Record<string, string>): Block[] {
  return [
    { t: 'center', text: title, bold: true },
    { t: 'row', left: 'COUNT', right: String(t.count) },
    { t: 'row', left: 'TAXABLE', right: money(t.taxable) },
    { t: 'row', left: 'VAT', right: money(t.tax) },
    { t: 'row', left: 'TOTAL', right: money(t.total), bold: true },
    {
      t: 'table',
      head: ['BAND', 'RATE', 'TAXABLE', 'VAT'],
      rows: TAX_BANDS.map((b) => {
        const band = t.bands[b]!;
        return [b, `${money(band.rate)}%`, money(band.taxable), money(band.tax)];
      }),
    },
    ...(Object.keys(t.payment_methods).length
      ? [
          {
            t: 'table',
            head: ['PAYMENT', 'COUNT', 'TOTAL'],
            rows: Object.entries(t.payment_methods).map(([code, m]) => [methodNames[code] ?? code, String(m.count), money(m.total)]),
          } as Block,
        ]
      : []),
    { t: 'rule' },
  ];
}

export interface ReportHeading {
  report: 'X' | 'Z';
  sellerName: string;
  /** Z only. */
  number?: number;
  takenAt?: string;
  /** Payment method names by code (code list 07). */
  methodNames: Record<string, string>;
}

export function reportPage(totals: DayTotals, h: ReportHeading): Printable {
  const label = h.report === 'Z' ? `Z REPORT No. ${h.number ?? ''}` : 'X REPORT';
  const blocks: Block[] = [
    { t: 'center', text: h.sellerName, bold: true },
    { t: 'center', text: `PIN: ${totals.tin}  BRANCH: ${totals.bhf_id}` },
    { t: 'rule' },
    { t: 'center', text: label, bold: true },
    { t: 'center', text: h.report === 'Z' ? 'END OF DAY' : 'DAY SO FAR (NOT A CLOSING)' },
    { t: 'row', left: 'DATE', right: totals.date },
    ...(h.takenAt ? [{ t: 'row', left: 'TAKEN AT', right: h.takenAt } as Block] : []),
    { t: 'row', left: 'FIRST INVOICE NO.', right: totals.first_invoice_number === null ? '-' : String(totals.first_invoice_number) },
    { t: 'row', left: 'LAST INVOICE NO.', right: totals.last_invoice_number === null ? '-' : String(totals.last_invoice_number) },
    { t: 'rule' },
    ...kindBlocks('SALES (NS)', totals.sales, h.methodNames),
    ...kindBlocks('CREDIT NOTES (NC)', totals.credit_notes, h.methodNames),
    { t: 'center', text: 'COPIES (CS/CC)', bold: true },
    { t: 'row', left: 'COUNT', right: String(totals.copies.count) },
    { t: 'row', left: 'TOTAL', right: money(totals.copies.total) },
    { t: 'rule' },
    { t: 'center', text: 'NET (SALES - CREDIT NOTES)', bold: true },
    { t: 'row', left: 'TAXABLE', right: money(totals.net.taxable) },
    { t: 'row', left: 'VAT', right: money(totals.net.tax) },
    { t: 'row', left: 'TOTAL', right: money(totals.net.total), bold: true },
    { t: 'rule' },
    { t: 'row', left: 'WAITING FOR KRA', right: String(totals.pending) },
    { t: 'row', left: 'REFUSED BY KRA', right: String(totals.rejected) },
    { t: 'center', text: `END OF ${label}` },
  ];
  return { title: `${label} ${totals.tin}/${totals.bhf_id} ${totals.date}`, label: h.report, blocks };
}
