/**
 * How sales, credit notes, purchases and stock movements are shown to people (one as fields, many as
 * a table), and the flags and paging their list commands share.
 */
import type { Command } from 'commander';
import { parseChoice, parseDateFlag, parseInteger, type CommonFlags } from './command.js';
import { formatFields, formatTable } from './output.js';

/** The statuses a document of the outbox can have. */
export const DOCUMENT_STATUSES = ['queued', 'sending', 'signed', 'unknown', 'rejected'] as const;

/** The gateway's largest page: a longer `--limit` is fetched page by page. */
const MAX_PAGE = 200;

export interface ListFlags extends CommonFlags {
  limit: string;
}

export interface DocumentListFlags extends ListFlags {
  status?: string;
  from?: string;
  to?: string;
}

/** Adds `--limit` to a list command. */
export function withLimit(command: Command): Command {
  return command.option('--limit <n>', 'how many to show (pages are fetched as needed)', '20');
}

/** Adds `--status`, `--from`, `--to` and `--limit` to a list of documents (`noun`: "sales", "purchases"…). */
export function withDocumentFilters(command: Command, noun: string): Command {
  return withLimit(
    command
      .option('--status <status>', `only this status: ${DOCUMENT_STATUSES.join(', ')}`)
      .option('--from <date>', `${noun} dated from, YYYY-MM-DD`)
      .option('--to <date>', `${noun} dated to, YYYY-MM-DD`),
  );
}

/** `--limit`, checked. */
export const limitOf = (flags: ListFlags): number => parseInteger('--limit', flags.limit, 1, 100_000);

/** The query of a document list from its flags, each checked and named when wrong. */
export function documentListQuery(flags: DocumentListFlags) {
  return {
    ...(flags.status ? { status: parseChoice('--status', flags.status, DOCUMENT_STATUSES) } : {}),
    ...(flags.from ? { from: parseDateFlag('--from', flags.from) } : {}),
    ...(flags.to ? { to: parseDateFlag('--to', flags.to) } : {}),
    limit: pageSize(limitOf(flags)),
  };
}

/** The page size to ask for when `limit` items are wanted. */
export const pageSize = (limit: number): string => String(Math.min(limit, MAX_PAGE));

/** The first `limit` items of a paged list, fetching no page beyond them. */
export async function firstItems<T>(items: AsyncIterable<unknown>, limit: number): Promise<T[]> {
  const out: T[] = [];
  if (limit <= 0) return out;
  for await (const item of items) {
    out.push(item as T);
    if (out.length >= limit) break;
  }
  return out;
}

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
