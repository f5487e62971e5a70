/**
 * The receipt of a sale or credit note as a printable page, with the elements KRA checks at go-live
 * (TIS receipt layout, docs/kra/etims-oscu.md §6.7, §6.9): the seller's name and PIN, TAX INVOICE or
 * the credit-note texts, the buyer's PIN, lines whose amount ends with its band letter, totals,
 * payment method, items number, the table of all five bands, the SCU block (date and time, SCU ID,
 * CU invoice number, receipt numbers, internal data and signature in dashed groups of four), the QR
 * code of KRA's verification page, and the label: NS/NC for the original, CS/CC for copies, TS/TC
 * in training and PS for a proforma, all but the original marked as not official.
 *
 * A document KRA has not signed yet prints without the SCU data and with a QR code of Ushuru's own
 * verification page, when the app allows printing before signing.
 */
import { TAX_BANDS } from '@ushuru/kra';
import { amount, cents, type Block, type Printable } from '../../printing/printable.js';
import type { KraBody } from '../documents/kra-body.js';
import type { StoredReceipt } from '../documents/records.js';

export type ReceiptPrint = 'original' | 'copy' | 'training' | 'proforma';

/** What a receipt needs besides the document. */
export interface ReceiptContext {
  kind: 'sale' | 'credit_note';
  print: ReceiptPrint;
  sellerName: string;
  sellerPin: string;
  bhfId: string;
  /** The invoice number KRA signed or will sign; null for a proforma. */
  invoiceNumber: number | null;
  payload: KraBody;
  /** KRA's signature; null while the document waits for KRA, and for a proforma. */
  receipt: StoredReceipt | null;
  /** KRA's verification page, or Ushuru's while the document waits; null prints no QR code. */
  verificationUrl: string | null;
  paymentMethod: string;
  header?: string;
  footer?: string;
}

export const NOT_OFFICIAL = 'THIS IS NOT AN OFFICIAL RECEIPT';

/** `ABCDEFGH…` → `ABCD-EFGH-…`. */
export const dashedGroups = (text: string | null): string => (text ?? '').match(/.{1,4}/g)?.join('-') ?? '';

/** The label of the receipt type (TIS): N/C/T/P for normal, copy, training, proforma; S/C for sale or credit note. */
export function receiptLabel(kind: ReceiptContext['kind'], print: ReceiptPrint): string {
  const first = { original: 'N', copy: 'C', training: 'T', proforma: 'P' }[print];
  return `${first}${kind === 'sale' ? 'S' : 'C'}`;
}

/** KRA's `sdcDateTime` (`yyyyMMddHHmmss` or a dashed timestamp) as `dd/MM/yyyy HH:mm:ss`. */
function scuDateTime(value: string | null): string {
  const digits = (value ?? '').replace(/\D/g, '');
  if (digits.length < 14) return value ?? '';
  return `${digits.slice(6, 8)}/${digits.slice(4, 6)}/${digits.slice(0, 4)} ${digits.slice(8, 10)}:${digits.slice(10, 12)}:${digits.slice(12, 14)}`;
}

function lineBlocks(lines: KraBody[]): Block[] {
  return lines.flatMap((l): Block[] => [
    { t: 'text', text: String(l.itemNm ?? '') },
    { t: 'row', left: `${String(l.qty)} x ${amount(cents(l.prc))}`, right: `${amount(cents(l.totAmt))}${String(l.taxTyCd ?? '')}` },
    ...(cents(l.dcAmt) > 0 ? [{ t: 'row', left: `Discount ${String(l.dcRt ?? '')}%`, right: `-${amount(cents(l.dcAmt))}` } as Block] : []),
  ]);
}

function scuBlocks(c: ReceiptContext, label: string): Block[] {
  if (c.print === 'proforma') return [];
  const r = c.receipt;
  if (!r) {
    return [
      { t: 'center', text: 'SCU INFORMATION', bold: true },
      { t: 'center', text: 'AWAITING KRA SIGNATURE' },
      { t: 'row', left: 'RECEIPT TYPE', right: label },
      ...(c.invoiceNumber === null ? [] : [{ t: 'row', left: 'Invoice No.', right: String(c.invoiceNumber) } as Block]),
      { t: 'center', text: 'Scan to verify once KRA has signed' },
    ];
  }
  return [
    { t: 'center', text: 'SCU INFORMATION', bold: true },
    { t: 'row', left: 'Date', right: scuDateTime(r.sdcDateTime) },
    { t: 'row', left: 'SCU ID', right: r.sdcId ?? '' },
    { t: 'row', left: 'CU INVOICE NO.', right: `${r.sdcId ?? ''}/${r.curRcptNo ?? ''}` },
    { t: 'row', left: 'RECEIPT NUMBER', right: `${r.curRcptNo ?? ''}/${r.totRcptNo ?? ''} ${label}` },
    { t: 'text', text: 'Internal Data' },
    { t: 'text', text: dashedGroups(r.intrlData) },
    { t: 'text', text: 'Receipt Signature' },
    { t: 'text', text: dashedGroups(r.rcptSign) },
    { t: 'row', left: 'Invoice No.', right: String(c.invoiceNumber ?? '') },
  ];
}

export function receiptPage(c: ReceiptContext): Printable {
  const p = c.payload;
  const lines = (p.itemList as KraBody[] | undefined) ?? [];
  const label = receiptLabel(c.kind, c.print);
  const official = c.print === 'original';
  const supply = lines.reduce((s, l) => s + cents(l.splyAmt), 0);
  const discount = lines.reduce((s, l) => s + cents(l.dcAmt), 0);
  const title = c.print === 'proforma' ? 'PROFORMA INVOICE' : c.kind === 'sale' ? 'TAX INVOICE' : 'CREDIT NOTE';
  const blocks: Block[] = [
    { t: 'center', text: c.sellerName, bold: true },
    ...(c.header ? [{ t: 'center', text: c.header } as Block] : []),
    { t: 'center', text: `PIN: ${c.sellerPin}  BRANCH: ${c.bhfId}` },
    { t: 'rule' },
    { t: 'center', text: title, bold: true },
    ...(c.kind === 'credit_note' ? [{ t: 'center', text: `ORIGINAL CU INVOICE NO.# ${c.receipt?.sdcId ?? ''}/${String(p.orgInvcNo ?? '')}` } as Block] : []),
    ...(official ? [] : [{ t: 'center', text: NOT_OFFICIAL, bold: true } as Block]),
    { t: 'text', text: `Buyer PIN: ${String(p.custTin ?? '')}` },
    ...(p.custNm ? [{ t: 'text', text: `Buyer: ${String(p.custNm)}` } as Block] : []),
    { t: 'rule' },
    ...lineBlocks(lines),
    { t: 'rule' },
    ...(discount > 0
      ? [
          { t: 'row', left: 'TOTAL BEFORE DISCOUNT', right: amount(supply) } as Block,
          { t: 'row', left: 'TOTAL DISCOUNT AWARDED', right: `-${amount(discount)}` } as Block,
        ]
      : []),
    { t: 'row', left: 'EXEMPT (A)', right: amount(cents(p.taxblAmtA) + cents(p.taxAmtA)) },
    { t: 'row', left: 'SUB-TOTAL (TAXABLE)', right: amount(cents(p.totTaxblAmt)) },
    { t: 'row', left: 'VAT', right: amount(cents(p.totTaxAmt)) },
    { t: 'row', left: 'TOTAL', right: amount(cents(p.totAmt)), bold: true },
    { t: 'row', left: c.paymentMethod, right: amount(cents(p.totAmt)) },
    { t: 'row', left: 'ITEMS NUMBER', right: String(lines.length) },
    { t: 'rule' },
    {
      t: 'table',
      head: ['BAND', 'RATE', 'TAXABLE', 'VAT', 'TOTAL'],
      rows: TAX_BANDS.map((b) => [
        b,
        `${amount(cents(p[`taxRt${b}`]))}%`,
        amount(cents(p[`taxblAmt${b}`])),
        amount(cents(p[`taxAmt${b}`])),
        amount(cents(p[`taxblAmt${b}`]) + cents(p[`taxAmt${b}`])),
      ]),
    },
    { t: 'rule' },
    ...scuBlocks(c, label),
    ...(c.verificationUrl ? [{ t: 'qr', url: c.verificationUrl } as Block] : []),
    ...(c.kind === 'credit_note' ? [{ t: 'center', text: 'CREDIT NOTE IS APPROVED ONLY FOR ORIGINAL SALES RECEIPT', bold: true } as Block] : []),
    ...(c.footer ? [{ t: 'center', text: c.footer } as Block] : []),
    { t: 'center', text: official ? `${label} — END OF LEGAL RECEIPT` : `${label} — ${NOT_OFFICIAL}` },
  ];
  const number = c.receipt ? `${c.receipt.sdcId ?? ''}/${c.receipt.curRcptNo ?? ''}` : c.invoiceNumber === null ? 'proforma' : `invoice ${c.invoiceNumber}`;
  return { title: `${label} ${number}`, label, ...(official ? {} : { watermark: NOT_OFFICIAL }), blocks };
}
