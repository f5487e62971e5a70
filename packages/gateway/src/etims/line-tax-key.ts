/**
 * The per-line tax amount's field name on the wire. KRA's samples and Odoo's live payloads use
 * `taxAmt`; transcriptions of the spec's table say `totTaxAmt` [U]. Requests are validated as
 * `taxAmt`; an app whose KRA turns out to want `totTaxAmt` says so in `settings.line_tax_key`.
 */
import type { AppWithSecrets } from '../apps/service.js';

const DOCUMENT_OPERATIONS = new Set(['saveTrnsSalesOsdc', 'insertTrnsPurchase', 'insertStockIO']);

/** `body` as KRA should receive it from this app. */
export function withLineTaxKey(app: AppWithSecrets, operation: string, body: unknown): unknown {
  if (app.settings.line_tax_key !== 'totTaxAmt' || !DOCUMENT_OPERATIONS.has(operation)) return body;
  if (!body || typeof body !== 'object' || !Array.isArray((body as { itemList?: unknown }).itemList)) return body;
  const doc = body as { itemList: unknown[] };
  return {
    ...doc,
    itemList: doc.itemList.map((line) => {
      if (!line || typeof line !== 'object') return line;
      const { taxAmt, ...rest } = line as Record<string, unknown>;
      return taxAmt === undefined ? line : { ...rest, totTaxAmt: taxAmt };
    }),
  };
}
