/**
 * The receipt of a signed sale or credit note, as HTML for an 80 mm thermal printer or A4 (print CSS),
 * with the elements KRA checks at go-live (TIS receipt layout, docs/kra/etims-oscu.md §6.7, §6.9):
 * the seller's name and PIN, TAX INVOICE or the credit-note texts, the buyer's PIN, lines whose amount
 * ends with its band letter, totals, payment method, items number, the table of all five bands, the
 * SCU block (date and time, SCU ID, CU invoice number, receipt numbers, internal data and signature in
 * dashed groups of four), the QR code of KRA's verification page, and the label: NS/NC for the
 * original, CS/CC for copies and TS/TC in training, the latter two marked as not official.
 */
import { TAX_BANDS } from '@ushuru/kra';
import type { KraBody } from '../documents/kra-body.js';
import type { StoredReceipt } from '../documents/records.js';

/** What a receipt needs besides the document. */
export interface ReceiptContext {
  kind: 'sale' | 'credit_note';
  /** 'original', 'copy' or 'training'. */
  print: 'original' | 'copy' | 'training';
  layout: '80mm' | 'a4';
  sellerName: string;
  sellerPin: string;
  bhfId: string;
  invoiceNumber: number;
  payload: KraBody;
  receipt: StoredReceipt;
  verificationUrl: string;
  /** The QR code as an SVG element. */
  qrSvg: string;
  paymentMethod: string;
  header?: string;
  footer?: string;
}

const esc = (v: unknown): string =>
  String(v ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');

const cents = (v: unknown): number => Math.round(Number(v ?? 0) * 100);
/** `6720` → `6,720.00` (thousands separated, 2 decimals). */
export function amount(c: number): string {
  const sign = c < 0 ? '-' : '';
  const abs = Math.abs(c);
  const whole = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${whole}.${String(abs % 100).padStart(2, '0')}`;
}

/** `ABCDEFGH…` → `ABCD-EFGH-…`. */
export const dashedGroups = (text: string | null): string => (text ?? '').match(/.{1,4}/g)?.join('-') ?? '';

/** The label of the receipt type (TIS): N/C/T for normal, copy, training; S/C for sale or credit note. */
export function receiptLabel(kind: ReceiptContext['kind'], print: ReceiptContext['print']): string {
  const first = print === 'original' ? 'N' : print === 'copy' ? 'C' : 'T';
  return `${first}${kind === 'sale' ? 'S' : 'C'}`;
}

/** KRA's `sdcDateTime` (`yyyyMMddHHmmss` or a dashed timestamp) as `dd/MM/yyyy HH:mm:ss`. */
function scuDateTime(value: string | null): string {
  const digits = (value ?? '').replace(/\D/g, '');
  if (digits.length < 14) return value ?? '';
  return `${digits.slice(6, 8)}/${digits.slice(4, 6)}/${digits.slice(0, 4)} ${digits.slice(8, 10)}:${digits.slice(10, 12)}:${digits.slice(12, 14)}`;
}

export function renderReceiptHtml(c: ReceiptContext): string {
  const p = c.payload;
  const lines = (p.itemList as KraBody[]) ?? [];
  const label = receiptLabel(c.kind, c.print);
  const official = c.print === 'original';
  const supply = lines.reduce((s, l) => s + cents(l.splyAmt), 0);
  const discount = lines.reduce((s, l) => s + cents(l.dcAmt), 0);
  const row = (left: string, right: string, cls = '') => `<tr class="${cls}"><td>${esc(left)}</td><td class="r">${esc(right)}</td></tr>`;
  const bandRows = TAX_BANDS.map(
    (b) =>
      `<tr><td>${b}</td><td class="r">${amount(cents(p[`taxRt${b}`]))}%</td><td class="r">${amount(cents(p[`taxblAmt${b}`]))}</td><td class="r">${amount(cents(p[`taxAmt${b}`]))}</td><td class="r">${amount(cents(p[`taxblAmt${b}`]) + cents(p[`taxAmt${b}`]))}</td></tr>`,
  ).join('');
  const lineRows = lines
    .map(
      (l) =>
        `<tr><td colspan="2">${esc(l.itemNm)}</td></tr><tr><td>${esc(l.qty)} x ${amount(cents(l.prc))}</td><td class="r">${amount(cents(l.totAmt))}${esc(l.taxTyCd)}</td></tr>` +
        (cents(l.dcAmt) > 0 ? `<tr><td>Discount ${esc(l.dcRt)}%</td><td class="r">-${amount(cents(l.dcAmt))}</td></tr>` : ''),
    )
    .join('');
  const exempt = cents(p.taxblAmtA) + cents(p.taxAmtA);
  const width = c.layout === '80mm' ? '72mm' : '180mm';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(label)} ${esc(c.receipt.sdcId)}/${esc(c.receipt.curRcptNo)}</title>
<style>
@page { size: ${c.layout === '80mm' ? '80mm auto' : 'A4'}; margin: ${c.layout === '80mm' ? '4mm' : '15mm'}; }
body { font-family: 'DejaVu Sans Mono', monospace; font-size: ${c.layout === '80mm' ? '11px' : '13px'}; width: ${width}; margin: 0 auto; color: #000; position: relative; }
table { width: 100%; border-collapse: collapse; } td { vertical-align: top; padding: 1px 0; } .r { text-align: right; }
.c { text-align: center; } .b { font-weight: bold; } hr { border: 0; border-top: 1px dashed #000; }
.watermark { position: fixed; top: 40%; left: 0; right: 0; text-align: center; font-size: 28px; color: rgba(0,0,0,.15); transform: rotate(-30deg); pointer-events: none; }
.qr svg { width: ${c.layout === '80mm' ? '40mm' : '45mm'}; height: auto; }
</style></head>
<body data-label="${esc(label)}">
${official ? '' : '<div class="watermark">THIS IS NOT AN OFFICIAL RECEIPT</div>'}
<div class="c b">${esc(c.sellerName)}</div>
${c.header ? `<div class="c">${esc(c.header).replaceAll('\n', '<br>')}</div>` : ''}
<div class="c">PIN: ${esc(c.sellerPin)} &nbsp; BRANCH: ${esc(c.bhfId)}</div>
<hr>
<div class="c b">${c.kind === 'sale' ? 'TAX INVOICE' : 'CREDIT NOTE'}</div>
${c.kind === 'credit_note' ? `<div class="c">ORIGINAL CU INVOICE NO.# ${esc(c.receipt.sdcId)}/${esc(p.orgInvcNo)}</div>` : ''}
${official ? '' : '<div class="c b">THIS IS NOT AN OFFICIAL RECEIPT</div>'}
<div>Buyer PIN: ${esc(p.custTin ?? '')}</div>${p.custNm ? `<div>Buyer: ${esc(p.custNm)}</div>` : ''}
<hr>
<table>${lineRows}</table>
<hr>
<table>
${discount > 0 ? row('TOTAL BEFORE DISCOUNT', amount(supply)) + row('TOTAL DISCOUNT AWARDED', `-${amount(discount)}`) : ''}
${row('EXEMPT (A)', amount(exempt))}
${row('SUB-TOTAL (TAXABLE)', amount(cents(p.totTaxblAmt)))}
${row('VAT', amount(cents(p.totTaxAmt)))}
${row('TOTAL', amount(cents(p.totAmt)), 'b')}
${row(c.paymentMethod, amount(cents(p.totAmt)))}
${row('ITEMS NUMBER', String(lines.length))}
</table>
<hr>
<table><tr class="b"><td>BAND</td><td class="r">RATE</td><td class="r">TAXABLE</td><td class="r">VAT</td><td class="r">TOTAL</td></tr>${bandRows}</table>
<hr>
<div class="c b">SCU INFORMATION</div>
<table>
${row('Date', scuDateTime(c.receipt.sdcDateTime))}
${row('SCU ID', c.receipt.sdcId ?? '')}
${row('CU INVOICE NO.', `${c.receipt.sdcId ?? ''}/${c.receipt.curRcptNo ?? ''}`)}
${row('RECEIPT NUMBER', `${c.receipt.curRcptNo ?? ''}/${c.receipt.totRcptNo ?? ''} ${label}`)}
${row('Internal Data', dashedGroups(c.receipt.intrlData))}
${row('Receipt Signature', dashedGroups(c.receipt.rcptSign))}
${row('Invoice No.', String(c.invoiceNumber))}
</table>
<div class="c qr">${c.qrSvg}</div>
${c.kind === 'credit_note' ? '<div class="c b">CREDIT NOTE IS APPROVED ONLY FOR ORIGINAL SALES RECEIPT</div>' : ''}
${c.footer ? `<div class="c">${esc(c.footer).replaceAll('\n', '<br>')}</div>` : ''}
<div class="c">${esc(label)} — END OF LEGAL RECEIPT</div>
</body></html>
`;
}
