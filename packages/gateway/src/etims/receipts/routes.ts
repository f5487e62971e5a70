/**
 * `GET /api/etims/{sales|credit-notes}/{id}/receipt`: the receipt as HTML or PDF (`layout=80mm|a4`),
 * or its QR code alone (`format=svg|png`). Every HTML or PDF print is counted: the first is the
 * original (NS/NC), every later one a copy (CS/CC); an app in training mode prints TS/TC.
 *
 * A document KRA has not signed yet prints only when the app sets `verification_page_base_url`:
 * its QR code then opens Ushuru's public page for it (`/v/{opaque id}`, see public-page.ts).
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import { getAppWithSecrets, type AppWithSecrets } from '../../apps/service.js';
import type { AppSettings } from '../../apps/settings.js';
import type { GatewayDeps } from '../../deps.js';
import { ApiError } from '../../errors.js';
import { parameterProblem } from '../../http/input-rules.js';
import { defineRoute, type RouteDef } from '../../http/route.js';
import type { KraBody } from '../documents/kra-body.js';
import { PENDING_STATUSES } from '../documents/outbox.js';
import { findDocument, verificationUrl, type DocumentKind, type DocumentRow, type StoredReceipt } from '../documents/records.js';
import { pageFormats, pageLayout, sendPage, sendQr } from './print.js';
import { receiptPage, type ReceiptContext, type ReceiptPrint } from './receipt-page.js';

const tags = ['eTIMS receipts'];

const params = z.object({
  id: z
    .string()
    .min(1)
    .max(50)
    .refine((v) => parameterProblem(v) === undefined, 'must be a document id, trader invoice number or KRA invoice number'),
});
const query = z.object({
  format: z.enum(['html', 'pdf', 'svg', 'png'], { error: 'must be html, pdf, svg or png' }).default('html'),
  layout: pageLayout,
});
export const proformaQuery = z.object({ format: pageFormats, layout: pageLayout });

/** What every receipt of an app says besides the document: seller, payment method name, header and footer. */
export async function receiptParties(
  deps: GatewayDeps,
  app: AppWithSecrets,
  payload: KraBody,
): Promise<Pick<ReceiptContext, 'sellerName' | 'sellerPin' | 'bhfId' | 'paymentMethod' | 'header' | 'footer'>> {
  const settings = app.settings as AppSettings;
  const device = await deps.db.selectFrom('etims_devices').select(['taxpr_nm']).where('app_id', '=', app.id).executeTakeFirst();
  const method = await deps.db
    .selectFrom('etims_codes')
    .select('cd_nm')
    .where('app_id', '=', app.id)
    .where('cd_cls', '=', '07')
    .where('cd', '=', String(payload.pmtTyCd ?? ''))
    .executeTakeFirst();
  return {
    sellerName: device?.taxpr_nm ?? app.tin ?? '',
    sellerPin: app.tin ?? '',
    bhfId: app.bhf_id ?? '',
    paymentMethod: (method?.cd_nm ?? `PAYMENT ${String(payload.pmtTyCd ?? '')}`).toUpperCase(),
    ...(settings.receipt_header ? { header: settings.receipt_header } : {}),
    ...(settings.receipt_footer ? { footer: settings.receipt_footer } : {}),
  };
}

/** The document's public page id, given once (a concurrent first print keeps whichever was stored). */
async function publicIdOf(deps: GatewayDeps, row: DocumentRow): Promise<string> {
  if (row.public_id) return row.public_id;
  await deps.db
    .updateTable('etims_documents')
    .set({ public_id: randomBytes(16).toString('base64url') })
    .where('id', '=', row.id)
    .where('public_id', 'is', null)
    .execute();
  const stored = await deps.db.selectFrom('etims_documents').select('public_id').where('id', '=', row.id).executeTakeFirstOrThrow();
  return stored.public_id!;
}

/** The QR code's URL: KRA's page once signed; before that Ushuru's page, when the app allows printing early. */
async function receiptUrl(deps: GatewayDeps, app: AppWithSecrets, row: DocumentRow): Promise<string> {
  if (row.status === 'signed' && row.receipt) return verificationUrl(row, JSON.parse(row.receipt) as StoredReceipt, app.environment) ?? '';
  const base = (app.settings as AppSettings).verification_page_base_url;
  const waiting = (PENDING_STATUSES as readonly string[]).includes(row.status);
  if (!waiting || !base) {
    throw new ApiError(
      'conflict',
      waiting
        ? `The document is ${row.status}: a receipt is printed once KRA has signed it, or before when the app sets verification_page_base_url.`
        : `The document is ${row.status}: KRA did not sign it, so it has no receipt.`,
      { status: row.status },
    );
  }
  return `${base.replace(/\/+$/, '')}/v/${await publicIdOf(deps, row)}`;
}

function receiptRoute(kind: 'sale' | 'credit_note', segment: string): RouteDef {
  return defineRoute({
    method: 'GET',
    url: `/api/etims/${segment}/:id/receipt`,
    name: `api.etims.${segment}.receipt`,
    scope: 'etims:read',
    appType: 'etims',
    summary: `The receipt of a ${kind === 'sale' ? 'sale' : 'credit note'}: HTML or PDF for 80 mm or A4 printers, or its QR code alone (format=svg|png)`,
    tags,
    schema: { params, querystring: query },
    ownedResource: 'etims_document',
    handler: async ({ deps, auth, params: p, query: q, reply, req, kraApp }) => {
      const appHeader = req.headers['x-kra-app-id'];
      const scoped = appHeader === undefined ? undefined : (await kraApp()).id;
      const row = await findDocument(deps, auth.tenantId, kind as DocumentKind, p.id, scoped);
      const app = await getAppWithSecrets(deps, auth.tenantId, row.app_id);
      const url = await receiptUrl(deps, app, row);
      if (q.format === 'svg' || q.format === 'png') return sendQr(reply, url, q.format);
      // Count this print in one statement, so two prints at once cannot both be the original.
      const counted = await deps.db
        .updateTable('etims_documents')
        .set({ print_count: sql<number>`print_count + 1` })
        .where('id', '=', row.id)
        .returning('print_count')
        .executeTakeFirstOrThrow();
      const payload = JSON.parse(row.payload) as KraBody;
      const print: ReceiptPrint = (app.settings as AppSettings).training_mode ? 'training' : Number(counted.print_count) === 1 ? 'original' : 'copy';
      const page = receiptPage({
        kind,
        print,
        ...(await receiptParties(deps, app, payload)),
        // The document's own branch, even when the app's PIN or branch were changed since.
        sellerPin: row.tin,
        bhfId: row.bhf_id,
        invoiceNumber: row.invc_no,
        payload,
        receipt: row.status === 'signed' && row.receipt ? (JSON.parse(row.receipt) as StoredReceipt) : null,
        verificationUrl: url,
      });
      return sendPage(reply, page, q.format, q.layout, `${kind === 'sale' ? 'receipt' : 'credit-note'}-${row.id}`);
    },
  }) as RouteDef;
}

export const receiptRoutes: RouteDef[] = [receiptRoute('sale', 'sales'), receiptRoute('credit_note', 'credit-notes')];
