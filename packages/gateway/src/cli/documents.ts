/** How sales and credit notes are shown to people: one document as fields, many as a table. */
import { formatFields, formatTable } from './output.js';

/** A sale or credit note as the gateway presents it (the fields the CLI shows). */
export interface DocumentView {
  id: number;
  kind: string;
  app_id: number;
  status: string;
  trader_invoice_number: string;
  invoice_number: number | null;
  original_id?: number | null;
  sale_date: string | null;
  customer_pin: string | null;
  total_amount: string;
  kra?: { result_code?: string | null; result_message?: string | null } | null;
  attempts?: number;
  receipt?: {
    curRcptNo?: number;
    totRcptNo?: number;
    rcptSign?: string;
    cu_invoice_number?: string;
    verification_url?: string;
  } | null;
}

export function describeDocument(doc: DocumentView): string {
  const kra = doc.kra?.result_code ? `${doc.kra.result_code} ${doc.kra.result_message ?? ''}`.trim() : undefined;
  return formatFields([
    ['ID', doc.id],
    ['Kind', doc.kind.replace('_', ' ')],
    ['Status', doc.status],
    ['Trader invoice', doc.trader_invoice_number],
    ['KRA invoice', doc.invoice_number],
    ['Credits sale', doc.original_id ?? undefined],
    ['Date', doc.sale_date],
    ['Customer PIN', doc.customer_pin],
    ['Total', doc.total_amount],
    ['KRA answer', kra],
    ['Receipt', doc.receipt?.curRcptNo !== undefined ? `${doc.receipt.curRcptNo}/${doc.receipt.totRcptNo ?? '?'}` : undefined],
    ['CU invoice', doc.receipt?.cu_invoice_number],
    ['Signature', doc.receipt?.rcptSign],
    ['Verify at', doc.receipt?.verification_url],
  ]);
}

export function documentTable(docs: readonly DocumentView[]): string {
  return formatTable(docs, [
    { header: 'ID', value: (d) => d.id, align: 'right' },
    { header: 'TRADER INVOICE', value: (d) => d.trader_invoice_number },
    { header: 'KRA NO', value: (d) => d.invoice_number, align: 'right' },
    { header: 'DATE', value: (d) => d.sale_date },
    { header: 'STATUS', value: (d) => d.status },
    { header: 'TOTAL', value: (d) => d.total_amount, align: 'right' },
    { header: 'CUSTOMER', value: (d) => d.customer_pin },
  ]);
}
