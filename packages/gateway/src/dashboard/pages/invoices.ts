/**
 * Invoices: sales and credit notes with a status filter and a search; a document's page with its QR
 * code, a link to its printable receipt, KRA's message when refused or stuck, retry / reconcile, and
 * an express credit note for a signed sale. Reads use the document services; the actions and the
 * receipt go through the API in-process (internal-api.ts), so they behave exactly as the API does.
 */
import { CREDIT_NOTE_REASONS } from '@ushuru/kra';
import { ApiError } from '../../errors.js';
import { DOCUMENT_STATUSES, findDocument, listDocuments, presentDocument, type DocumentRow, type DocumentStatus } from '../../etims/documents/records.js';
import { PENDING_STATUSES } from '../../etims/documents/outbox.js';
import { answerSummary, callApi } from '../internal-api.js';
import { field, idParam, seeOther, type PageContext, type PageRoute } from '../context.js';
import { html, type Html } from '../html.js';
import { BASE, csrfField, type Notice } from '../layout.js';

const NOTICES: Record<string, Notice> = {
  pushed: { kind: 'ok', text: 'Sent to KRA now; the status below is the latest.' },
};

const segmentOf = (row: Pick<DocumentRow, 'kind'>) => (row.kind === 'sale' ? 'sales' : 'credit-notes');

/** A sale or credit note of the tenant by our id; anything else (another tenant's too) is a 404. */
async function documentOf(ctx: PageContext): Promise<DocumentRow> {
  const id = idParam(ctx.params.id, 'Invoice');
  const row = await ctx.deps.db
    .selectFrom('etims_documents')
    .selectAll()
    .where('id', '=', id)
    .where('tenant_id', '=', ctx.session.tenantId)
    .where('kind', 'in', ['sale', 'credit_note'])
    .executeTakeFirst();
  if (!row) throw new ApiError('not_found', 'Invoice not found.');
  return row;
}

async function listPage(ctx: PageContext): Promise<Html> {
  const kind = ctx.query.kind === 'credit_note' ? 'credit_note' : 'sale';
  const status = (DOCUMENT_STATUSES as readonly string[]).includes(ctx.query.status ?? '') ? (ctx.query.status as DocumentStatus) : undefined;
  const search = (ctx.query.q ?? '').trim().slice(0, 50);
  let rows: DocumentRow[];
  if (search) {
    rows = await findDocument(ctx.deps, ctx.session.tenantId, kind, search).then(
      (r) => [r],
      () => [],
    );
  } else {
    rows = (await listDocuments(ctx.deps, ctx.session.tenantId, { kind, limit: 100, ...(status ? { status } : {}) })).rows;
  }
  const filters = html`<form class="filters" method="get" action="${BASE}/invoices" role="search">
    <label
      >Kind
      <select name="kind">
        <option value="sale" ${kind === 'sale' ? html` selected` : ''}>Sales</option>
        <option value="credit_note" ${kind === 'credit_note' ? html` selected` : ''}>Credit notes</option>
      </select></label
    >
    <label
      >Status
      <select name="status">
        <option value="">Any</option>
        ${DOCUMENT_STATUSES.map((s) => html`<option value="${s}" ${s === status ? html` selected` : ''}>${s}</option>`)}
      </select></label
    >
    <label>Search (id, your number or KRA number) <input type="search" name="q" value="${search}" maxlength="50" /></label>
    <button type="submit">Show</button>
  </form>`;
  return ctx.render(
    'Invoices',
    'invoices',
    html`${filters}
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Id</th>
              <th scope="col">Your number</th>
              <th scope="col">KRA number</th>
              <th scope="col">Date</th>
              <th scope="col">Customer PIN</th>
              <th scope="col">Total</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            ${rows.map(
              (r) =>
                html`<tr>
                  <td><a href="${BASE}/invoices/${r.id}">${r.id}</a></td>
                  <td>${r.trd_invc_no}</td>
                  <td>${r.invc_no ?? ''}</td>
                  <td>${r.sales_dt}</td>
                  <td>${r.cust_tin ?? ''}</td>
                  <td>${r.tot_amt}</td>
                  <td class="status-${r.status}">${r.status}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${rows.length === 0 ? html`<p>No documents match.</p>` : ''}`,
  );
}

async function detailPage(ctx: PageContext, notice?: Notice): Promise<Html> {
  const row = await documentOf(ctx);
  const app = await ctx.deps.db.selectFrom('kra_apps').select(['environment', 'name']).where('id', '=', row.app_id).executeTakeFirstOrThrow();
  const doc = presentDocument(row, app.environment);
  const pending = (PENDING_STATUSES as readonly string[]).includes(row.status);
  const write = ctx.can('etims:write');
  const label = row.kind === 'sale' ? 'Sale' : 'Credit note';
  return ctx.render(
    `${label} ${row.trd_invc_no}`,
    'invoices',
    html`<dl class="facts">
        <dt>Status</dt>
        <dd class="status-${row.status}">${row.status}</dd>
        <dt>App (branch)</dt>
        <dd>${app.name} (${row.tin} / ${row.bhf_id})</dd>
        <dt>KRA invoice number</dt>
        <dd>${row.invc_no ?? 'not yet'}</dd>
        ${
          doc.receipt?.cu_invoice_number
            ? html`<dt>CU invoice number</dt>
                <dd>${doc.receipt.cu_invoice_number}</dd>`
            : ''
        }
        <dt>Date</dt>
        <dd>${doc.sale_date}</dd>
        <dt>Customer PIN</dt>
        <dd>${row.cust_tin ?? ''}</dd>
        <dt>Total</dt>
        <dd>${row.tot_amt}</dd>
        ${
          row.original_id
            ? html`<dt>Credits sale</dt>
                <dd><a href="${BASE}/invoices/${row.original_id}">${row.original_id}</a></dd>`
            : ''
        }
        <dt>Attempts</dt>
        <dd>${row.attempts}</dd>
      </dl>
      ${
        row.status !== 'signed' && (row.kra_result_cd || row.kra_result_msg)
          ? html`<div class="notice error" role="status"><strong>KRA said</strong> (${row.kra_result_cd ?? 'no code'}): ${row.kra_result_msg ?? ''}</div>`
          : ''
      }
      ${
        row.status === 'signed'
          ? html`<h2>Receipt</h2>
              <p>
                <img
                  class="qr"
                  src="${BASE}/invoices/${row.id}/qr.svg"
                  alt="QR code of the receipt, opens KRA's verification page: ${doc.receipt?.verification_url ?? ''}"
                />
              </p>
              <p>
                <a href="${BASE}/invoices/${row.id}/receipt" target="_blank" rel="noopener">Open the printable receipt</a>
                <span class="muted">(each opening is counted as a print: the first is the original, later ones copies)</span>
              </p>`
          : ''
      }
      ${
        write && pending
          ? html`<h2>Push to KRA</h2>
              <form class="inline" method="post" action="${BASE}/invoices/${row.id}/retry">
                ${csrfField(ctx.session)}<button type="submit">Retry now</button>
              </form>
              <form class="inline" method="post" action="${BASE}/invoices/${row.id}/reconcile">
                ${csrfField(ctx.session)}<button type="submit" class="secondary">Reconcile with KRA</button>
              </form>`
          : ''
      }
      ${
        write && row.kind === 'sale' && row.status === 'signed'
          ? html`<h2>Issue a credit note</h2>
              <form class="stack" method="post" action="${BASE}/invoices/${row.id}/credit-note">
                ${csrfField(ctx.session)}
                <p class="muted">Credits whatever of this sale is not credited yet.</p>
                <label>Your credit note number <input name="trader_invoice_number" required maxlength="50" /></label>
                <label for="reason">Reason (code list 32)</label
                ><select id="reason" name="reason_code">
                  ${CREDIT_NOTE_REASONS.map((c) => html`<option value="${c}" ${c === '06' ? html` selected` : ''}>${c}</option>`)}
                </select>
                <label>Remark (optional) <input name="remark" maxlength="400" /></label>
                <button type="submit">Issue credit note</button>
              </form>`
          : ''
      }`,
    notice,
  );
}

/** Retry and reconcile are the same push through the API (the outbox reconciles a doubtful head first). */
function pushRoute(action: 'retry' | 'reconcile'): PageRoute {
  return {
    method: 'POST',
    path: `/invoices/:id/${action}`,
    scope: 'etims:write',
    handler: async (ctx) => {
      const row = await documentOf(ctx);
      const answer = await callApi(ctx.app, ctx.deps, ctx.session, {
        method: 'POST',
        url: `/api/etims/${segmentOf(row)}/${row.id}/${action}`,
        appId: row.app_id,
      });
      if (answer.status >= 400) return detailPage(ctx, { kind: 'error', text: answerSummary(answer) });
      return seeOther(ctx.reply, `${BASE}/invoices/${row.id}?notice=pushed`);
    },
  };
}

export const invoicePages: PageRoute[] = [
  { method: 'GET', path: '/invoices', handler: listPage },
  { method: 'GET', path: '/invoices/:id', handler: (ctx) => detailPage(ctx, NOTICES[ctx.query.notice ?? '']) },
  {
    method: 'GET',
    path: '/invoices/:id/qr.svg',
    handler: async (ctx) => {
      const row = await documentOf(ctx);
      const answer = await callApi(ctx.app, ctx.deps, ctx.session, { method: 'GET', url: `/api/etims/${segmentOf(row)}/${row.id}/receipt?format=svg` });
      if (answer.status !== 200) throw new ApiError('not_found', 'This document has no QR code yet.');
      return ctx.reply.type('image/svg+xml').header('cache-control', 'private, max-age=300').send(answer.body);
    },
  },
  {
    method: 'GET',
    path: '/invoices/:id/receipt',
    handler: async (ctx) => {
      const row = await documentOf(ctx);
      const layout = ctx.query.layout === 'a4' ? 'a4' : '80mm';
      const answer = await callApi(ctx.app, ctx.deps, ctx.session, { method: 'GET', url: `/api/etims/${segmentOf(row)}/${row.id}/receipt?layout=${layout}` });
      if (answer.status !== 200) throw new ApiError('conflict', answer.json?.message ?? 'No receipt for this document.');
      // The receipt is the API's self-contained print page (inline CSS and SVG): allow exactly that.
      return ctx.reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'")
        .send(answer.body);
    },
  },
  pushRoute('retry'),
  pushRoute('reconcile'),
  {
    method: 'POST',
    path: '/invoices/:id/credit-note',
    scope: 'etims:write',
    handler: async (ctx) => {
      const row = await documentOf(ctx);
      const remark = field(ctx.form, 'remark').trim();
      const answer = await callApi(ctx.app, ctx.deps, ctx.session, {
        method: 'POST',
        url: '/api/etims/credit-notes/express',
        appId: row.app_id,
        body: {
          sale: row.id,
          trader_invoice_number: field(ctx.form, 'trader_invoice_number').trim(),
          reason_code: field(ctx.form, 'reason_code'),
          ...(remark ? { remark } : {}),
        },
      });
      const created = (answer.json?.data ?? {}) as { id?: number };
      if (answer.status >= 400 || !created.id) {
        ctx.reply.code(answer.status >= 400 ? answer.status : 502);
        return detailPage(ctx, { kind: 'error', text: answerSummary(answer) });
      }
      return seeOther(ctx.reply, `${BASE}/invoices/${created.id}`);
    },
  },
];
