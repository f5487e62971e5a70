/**
 * `GET /v/{opaque id}`: the public verification page of a receipt printed before KRA signed it. No
 * token: the customer scans it. It shows nothing but the status, and once KRA has signed it sends the
 * browser on to KRA's own verification page. The id is 128 random bits given at the first early
 * print, so pages cannot be found by counting.
 */
import { z } from 'zod';
import { defineRoute } from '../../http/route.js';
import { verificationUrl, type StoredReceipt } from '../documents/records.js';

const STATUS_TEXT: Record<string, { title: string; text: string }> = {
  queued: { title: 'Waiting for KRA', text: 'This receipt has been sent to KRA and is waiting for its signature. Check again in a few minutes.' },
  sending: { title: 'Waiting for KRA', text: 'This receipt is being signed by KRA. Check again in a few minutes.' },
  unknown: { title: 'Waiting for KRA', text: 'This receipt is waiting for KRA to confirm its signature. Check again in a few minutes.' },
  rejected: { title: 'Not signed', text: 'KRA did not sign this receipt: it is not a valid tax invoice. Ask the seller for a new one.' },
};

function page(title: string, text: string, refresh: boolean): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">${refresh ? '<meta http-equiv="refresh" content="30">' : ''}<title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#111;line-height:1.5}h1{font-size:1.4rem}</style>
</head><body><main><h1>${title}</h1><p>${text}</p><p><small>Verification by Ushuru for KRA eTIMS receipts.</small></p></main></body></html>
`;
}

export const publicReceiptPageRoute = defineRoute({
  method: 'GET',
  url: '/v/:publicId',
  name: 'receipt.verification',
  scope: 'public',
  page: true,
  summary: 'Public verification page of a receipt printed before KRA signed it: its status, then a redirect to KRA once signed',
  tags: ['eTIMS receipts'],
  schema: { params: z.object({ publicId: z.string().max(64) }) },
  handler: async ({ deps, params, reply }) => {
    reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex').type('text/html; charset=utf-8');
    const row = /^[A-Za-z0-9_-]{22}$/.test(params.publicId)
      ? await deps.db
          .selectFrom('etims_documents')
          .select(['app_id', 'tin', 'bhf_id', 'status', 'receipt'])
          .where('public_id', '=', params.publicId)
          .executeTakeFirst()
      : undefined;
    if (!row) {
      reply.code(404);
      return page('Receipt not found', 'No receipt has this verification code. Check that the whole code was scanned.', false);
    }
    if (row.status === 'signed' && row.receipt) {
      const app = await deps.db.selectFrom('kra_apps').select('environment').where('id', '=', row.app_id).executeTakeFirstOrThrow();
      const url = verificationUrl(row, JSON.parse(row.receipt) as StoredReceipt, app.environment);
      if (url) return reply.redirect(url, 302);
    }
    const status = STATUS_TEXT[row.status] ?? STATUS_TEXT.queued!;
    return page(status.title, status.text, row.status !== 'rejected');
  },
});
