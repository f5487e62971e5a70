/**
 * `GET /api/etims/{sales|credit-notes}/{id}/receipt`: the receipt as HTML (`layout=80mm|a4`), or the
 * QR code alone (`format=svg|png`). Every HTML print is counted: the first is the original (NS/NC),
 * every later one a copy (CS/CC); an app in training mode prints TS/TC.
 */
import QRCode from 'qrcode';
import { sql } from 'kysely';
import { z } from 'zod';
import { getAppWithSecrets } from '../../apps/service.js';
import type { AppSettings } from '../../apps/settings.js';
import { ApiError } from '../../errors.js';
import { parameterProblem } from '../../http/input-rules.js';
import { defineRoute, type RouteDef } from '../../http/route.js';
import type { KraBody } from '../documents/kra-body.js';
import { findDocument, verificationUrl, type DocumentKind, type StoredReceipt } from '../documents/records.js';
import { renderReceiptHtml } from './render.js';

const tags = ['eTIMS receipts'];

const params = z.object({
  id: z
    .string()
    .min(1)
    .max(50)
    .refine((v) => parameterProblem(v) === undefined, 'must be a document id, trader invoice number or KRA invoice number'),
});
const query = z.object({ format: z.enum(['html', 'svg', 'png']).default('html'), layout: z.enum(['80mm', 'a4']).default('80mm') });

function receiptRoute(kind: 'sale' | 'credit_note', segment: string): RouteDef {
  return defineRoute({
    method: 'GET',
    url: `/api/etims/${segment}/:id/receipt`,
    name: `api.etims.${segment}.receipt`,
    scope: 'etims:read',
    appType: 'etims',
    summary: `The receipt of a signed ${kind === 'sale' ? 'sale' : 'credit note'}: HTML for 80 mm or A4 printers, or its QR code alone (format=svg|png)`,
    tags,
    schema: { params, querystring: query },
    ownedResource: 'etims_document',
    handler: async ({ deps, auth, params: p, query: q, reply, req, kraApp }) => {
      const appHeader = req.headers['x-kra-app-id'];
      const scoped = appHeader === undefined ? undefined : (await kraApp()).id;
      const row = await findDocument(deps, auth.tenantId, kind as DocumentKind, p.id, scoped);
      if (row.status !== 'signed' || !row.receipt || row.invc_no === null) {
        throw new ApiError('conflict', `The document is ${row.status}: a receipt is printed once KRA has signed it.`, { status: row.status });
      }
      const app = await getAppWithSecrets(deps, auth.tenantId, row.app_id);
      const receipt = JSON.parse(row.receipt) as StoredReceipt;
      const url = verificationUrl(row, receipt, app.environment) ?? '';
      if (q.format === 'svg') {
        reply.type('image/svg+xml');
        return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
      }
      if (q.format === 'png') {
        reply.type('image/png');
        return QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 6 });
      }
      // Count this print in one statement, so two prints at once cannot both be the original.
      const counted = await deps.db
        .updateTable('etims_documents')
        .set({ print_count: sql<number>`print_count + 1` })
        .where('id', '=', row.id)
        .returning('print_count')
        .executeTakeFirstOrThrow();
      const settings = app.settings as AppSettings;
      const device = await deps.db.selectFrom('etims_devices').select(['taxpr_nm']).where('app_id', '=', row.app_id).executeTakeFirst();
      const payload = JSON.parse(row.payload) as KraBody;
      const method = await deps.db
        .selectFrom('etims_codes')
        .select('cd_nm')
        .where('app_id', '=', row.app_id)
        .where('cd_cls', '=', '07')
        .where('cd', '=', String(payload.pmtTyCd ?? ''))
        .executeTakeFirst();
      reply.type('text/html; charset=utf-8');
      return renderReceiptHtml({
        kind,
        print: settings.training_mode ? 'training' : Number(counted.print_count) === 1 ? 'original' : 'copy',
        layout: q.layout,
        sellerName: device?.taxpr_nm ?? row.tin,
        sellerPin: row.tin,
        bhfId: row.bhf_id,
        invoiceNumber: row.invc_no,
        payload,
        receipt,
        verificationUrl: url,
        qrSvg: await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }),
        paymentMethod: (method?.cd_nm ?? `PAYMENT ${String(payload.pmtTyCd ?? '')}`).toUpperCase(),
        ...(settings.receipt_header ? { header: settings.receipt_header } : {}),
        ...(settings.receipt_footer ? { footer: settings.receipt_footer } : {}),
      });
    },
  }) as RouteDef;
}

export const receiptRoutes: RouteDef[] = [receiptRoute('sale', 'sales'), receiptRoute('credit_note', 'credit-notes')];
