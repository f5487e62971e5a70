/**
 * Submitting many sales: a few at a time, each under an Idempotency-Key derived from the branch and
 * the sale itself, so that running the same file again after a crash or a lost connection replays
 * the gateway's first answers instead of selling twice. A sale whose trader invoice number is
 * already taken (its key expired after 24 hours, or it was sent by other means) is looked up and
 * counted as what it is now, not as a failure.
 */
import { createHash } from 'node:crypto';
import { ConflictError, UshuruError, type Body, type Ushuru } from '@ushuru/sdk';
import type { SaleEntry } from './sales-file.js';

export type SubmitStatus = 'signed' | 'queued' | 'refused' | 'error';

export interface ErrorSummary {
  code: string;
  message: string;
  fields?: Record<string, string[]>;
  kra_response?: unknown;
  request_id?: string;
}

export interface SubmitResult {
  source: string;
  trader_invoice_number: string | null;
  /** signed by KRA; queued (accepted, KRA has not signed yet); refused (by the gateway or KRA: fix it); error (no answer: resubmit as is). */
  status: SubmitStatus;
  document_id?: number;
  invoice_number?: number | null;
  /** It was on the gateway before this run (trader invoice number already used). */
  already_submitted?: boolean;
  error?: ErrorSummary;
  sale?: Record<string, unknown>;
  raw?: string;
}

interface DocumentData {
  id: number;
  status: string;
  invoice_number: number | null;
}

/** JSON with object keys sorted, so the same sale gives the same key whatever its key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The Idempotency-Key of a sale on a branch: the same sale gives the same key (a re-run replays),
 * a corrected sale gives a new one (the gateway would refuse a key reused for a different body).
 */
export function idempotencyKeyFor(appId: number | undefined, sale: Record<string, unknown>): string {
  const digest = createHash('sha256')
    .update(`${appId ?? 'default'}\n${canonicalJson(sale)}`)
    .digest('hex');
  return `ushuru-cli-sale-${digest.slice(0, 40)}`;
}

function summarizeError(err: unknown): ErrorSummary {
  if (err instanceof UshuruError) {
    return {
      code: err.code,
      message: err.body?.message ?? err.message.split('\n')[0]!,
      ...(Object.keys(err.fieldErrors).length > 0 ? { fields: err.fieldErrors } : {}),
      ...(err.kraResponse !== undefined ? { kra_response: err.kraResponse } : {}),
      ...(err.requestId ? { request_id: err.requestId } : {}),
    };
  }
  return { code: 'cli_error', message: err instanceof Error ? err.message : String(err) };
}

/** No answer, a server fault or a rate limit: the same sale may succeed when sent again. */
function isTransient(err: unknown): boolean {
  return err instanceof UshuruError && (err.status === 0 || err.status === 429 || err.status >= 500);
}

function statusOf(document: DocumentData): SubmitStatus {
  if (document.status === 'signed') return 'signed';
  if (document.status === 'rejected') return 'refused';
  return 'queued';
}

/** Submits one entry and says how it went; never throws. */
async function submitOne(sdk: Ushuru, entry: SaleEntry, appId: number | undefined): Promise<SubmitResult> {
  const trader = typeof entry.sale?.trader_invoice_number === 'string' ? entry.sale.trader_invoice_number : null;
  const base = { source: entry.source, trader_invoice_number: trader, ...(entry.sale ? { sale: entry.sale } : {}), ...(entry.raw ? { raw: entry.raw } : {}) };
  if (entry.problem || !entry.sale) {
    return { ...base, status: 'refused', error: { code: 'bad_input', message: `${entry.source} ${entry.problem ?? 'holds no sale'}` } };
  }
  try {
    const document = (await sdk.etims.sales.create(entry.sale as Body<'/api/etims/sales', 'post'>, {
      idempotencyKey: idempotencyKeyFor(appId, entry.sale),
    })) as DocumentData;
    return { ...base, status: statusOf(document), document_id: document.id, invoice_number: document.invoice_number };
  } catch (err) {
    if (err instanceof ConflictError && typeof err.body?.location === 'string' && trader !== null) {
      const existing = await sdk.etims.sales.get(trader).then(
        (d) => d as DocumentData,
        () => undefined,
      );
      if (existing) return { ...base, status: statusOf(existing), document_id: existing.id, invoice_number: existing.invoice_number, already_submitted: true };
    }
    return { ...base, status: isTransient(err) ? 'error' : 'refused', error: summarizeError(err) };
  }
}

/** Submits every entry, `concurrency` at a time, reporting each result as it comes; results in file order. */
export async function submitSales(
  sdk: Ushuru,
  entries: readonly SaleEntry[],
  options: { concurrency: number; appId: number | undefined; onResult?: (result: SubmitResult) => void },
): Promise<SubmitResult[]> {
  const results: SubmitResult[] = new Array(entries.length);
  let next = 0;
  const worker = async () => {
    while (next < entries.length) {
      const index = next++;
      const result = await submitOne(sdk, entries[index]!, options.appId);
      results[index] = result;
      options.onResult?.(result);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, entries.length) }, worker));
  return results;
}

export interface SubmitSummary {
  total: number;
  signed: number;
  queued: number;
  refused: number;
  errors: number;
  already_submitted: number;
}

export function summarize(results: readonly SubmitResult[]): SubmitSummary {
  const count = (status: SubmitStatus) => results.filter((r) => r.status === status).length;
  return {
    total: results.length,
    signed: count('signed'),
    queued: count('queued'),
    refused: count('refused'),
    errors: count('error'),
    already_submitted: results.filter((r) => r.already_submitted).length,
  };
}

/** The failures file: one JSON line per failure, `{"source", "error", "sale"}` (or `raw` when the input was unreadable). */
export function failureLines(results: readonly SubmitResult[]): string {
  return results
    .filter((r) => r.status === 'refused' || r.status === 'error')
    .map((r) => JSON.stringify({ source: r.source, status: r.status, error: r.error, ...(r.sale ? { sale: r.sale } : { raw: r.raw }) }) + '\n')
    .join('');
}
