/**
 * Reports: the X report of a day (totals service), Z reports (list; take through the API), stock
 * levels, and the reconciliation with KRA of a date range (through the API, a page at a time).
 */
import { dayTotals, type KindTotals } from '../../etims/reports/totals.js';
import { today } from '../../etims/reports/report-inputs.js';
import type { ReconcileItem, ReconcileReport, ReconcileSummary } from '../../etims/reports/reconcile.js';
import { answerSummary, callApi } from '../internal-api.js';
import { seeOther, type PageContext, type PageRoute } from '../context.js';
import { html, type Html } from '../html.js';
import { BASE, csrfField, type Notice } from '../layout.js';
import { appPicker, chosenApp, etimsApps, type BranchApp } from './branch-choice.js';

const NOTICES: Record<string, Notice> = { z: { kind: 'ok', text: 'Z report taken.' } };

function kindRow(label: string, t: KindTotals): Html {
  return html`<tr>
    <th scope="row">${label}</th>
    <td>${t.count}</td>
    <td>${t.taxable}</td>
    <td>${t.tax}</td>
    <td>${t.total}</td>
  </tr>`;
}

async function reportsPage(ctx: PageContext, notice?: Notice): Promise<Html> {
  const apps = await etimsApps(ctx);
  const app = chosenApp(apps, ctx.query.app);
  if (!app) return ctx.render('Reports', 'reports', html`<p>No eTIMS app yet.</p>`, notice);
  const date = /^\d{4}-\d{2}-\d{2}$/.test(ctx.query.date ?? '') ? ctx.query.date! : today(ctx.deps);
  const x = await dayTotals(ctx.deps, app, date);
  const zs = await ctx.deps.db
    .selectFrom('etims_z_reports')
    .selectAll()
    .where('tenant_id', '=', ctx.session.tenantId)
    .where('app_id', '=', app.id)
    .orderBy('number', 'desc')
    .limit(50)
    .execute();
  const stock = await callApi(ctx.app, ctx.deps, ctx.session, { method: 'GET', url: '/api/etims/reports/stock', appId: app.id });
  const lines = (stock.status === 200 ? (stock.json?.data as Array<Record<string, unknown>>) : []) ?? [];
  return ctx.render(
    'Reports',
    'reports',
    html`${appPicker(`${BASE}/reports`, apps, app)}
      <h2>X report, ${x.date}</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col"></th>
              <th scope="col">Count</th>
              <th scope="col">Taxable</th>
              <th scope="col">Tax</th>
              <th scope="col">Total</th>
            </tr>
          </thead>
          <tbody>
            ${kindRow('Sales', x.sales)}${kindRow('Credit notes', x.credit_notes)}
            <tr>
              <th scope="row">Net</th>
              <td></td>
              <td>${x.net.taxable}</td>
              <td>${x.net.tax}</td>
              <td>${x.net.total}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <p>
        Invoice numbers ${x.first_invoice_number ?? '–'} to ${x.last_invoice_number ?? '–'}; waiting for KRA: ${x.pending}; refused: ${x.rejected}; copies
        printed: ${x.copies.count} (${x.copies.total}).
      </p>
      <h2>Z reports</h2>
      ${
        ctx.can('etims:write')
          ? html`<form method="post" action="${BASE}/reports/${app.id}/z">${csrfField(ctx.session)}<button type="submit">Take today’s Z report</button></form>`
          : ''
      }
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Number</th>
              <th scope="col">Date</th>
              <th scope="col">Net total</th>
              <th scope="col">Taken</th>
            </tr>
          </thead>
          <tbody>
            ${zs.map((z) => {
              const totals = JSON.parse(z.totals) as { net?: { total?: string } };
              return html`<tr>
                <td>Z${Number(z.number)}</td>
                <td>${z.report_date}</td>
                <td>${totals.net?.total ?? ''}</td>
                <td>${z.created_at}</td>
              </tr>`;
            })}
          </tbody>
        </table>
      </div>
      ${zs.length === 0 ? html`<p>No Z report yet.</p>` : ''}
      <h2>Reconciliation with KRA</h2>
      ${reconcileForm(app, today(ctx.deps), today(ctx.deps))}
      <h2>Stock levels</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Item code</th>
              <th scope="col">Name</th>
              <th scope="col">Quantity</th>
              <th scope="col">Quantity at KRA</th>
            </tr>
          </thead>
          <tbody>
            ${lines.map(
              (l) =>
                html`<tr>
                  <td>${String(l.item_code ?? '')}</td>
                  <td>${String(l.item_name ?? '')}</td>
                  <td>${String(l.quantity ?? '')}</td>
                  <td>${String(l.kra_quantity ?? '')}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>`,
    notice,
  );
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The from/to form; it asks KRA about every signed document of the range, so it runs only when sent. */
function reconcileForm(app: BranchApp, from: string, to: string): Html {
  return html`<form class="filters" method="get" action="${BASE}/reports/reconciliation">
    <input type="hidden" name="app" value="${app.id}" />
    <label>From <input type="date" name="from" required value="${from}" /></label>
    <label>To <input type="date" name="to" required value="${to}" /></label>
    <button type="submit">Reconcile with KRA</button>
  </form>`;
}

const CATEGORIES: Array<[keyof ReconcileSummary, string]> = [
  ['matched', 'Matched'],
  ['amount_variance', 'Amount or signature differs'],
  ['missing_at_kra', 'Missing at KRA'],
  ['signed_without_data_here', 'Signed at KRA, no document here'],
  ['unverified', 'Could not be checked'],
];
const categoryLabel = (c: string): string => CATEGORIES.find(([k]) => k === c)?.[1] ?? c;

function itemDetails(item: ReconcileItem): Html {
  const d = item.details;
  if (d.differences?.length) return html`${d.differences.map((diff) => html`${diff.field}: ours ${diff.ours ?? '–'}, KRA ${diff.kra ?? '–'}<br />`)}`;
  return html`${d.reason ?? ''}`;
}

async function reconciliationPage(ctx: PageContext): Promise<Html> {
  const apps = await etimsApps(ctx);
  const app = chosenApp(apps, ctx.query.app);
  if (!app) return ctx.render('Reconciliation with KRA', 'reports', html`<p>No eTIMS app yet.</p>`);
  const day = today(ctx.deps);
  const from = ctx.query.from ?? day;
  const to = ctx.query.to ?? day;
  const form = html`${appPicker(`${BASE}/reports/reconciliation`, apps, app)} ${reconcileForm(app, DATE.test(from) ? from : day, DATE.test(to) ? to : day)}`;
  // The picker sends only the app: show the form, and ask KRA only when a range was sent.
  if (ctx.query.from === undefined || ctx.query.to === undefined) {
    return ctx.render(
      'Reconciliation with KRA',
      'reports',
      html`${form}
        <p>Choose the sale dates to compare with what KRA holds.</p>`,
    );
  }
  const query = new URLSearchParams({ from, to });
  for (const name of ['cursor', 'limit'] as const) if (ctx.query[name]) query.set(name, ctx.query[name]!);
  const answer = await callApi(ctx.app, ctx.deps, ctx.session, { method: 'GET', url: `/api/etims/reports/reconciliation?${query}`, appId: app.id });
  if (answer.status !== 200 || !answer.json?.data) {
    ctx.reply.code(answer.status >= 400 ? answer.status : 502);
    return ctx.render('Reconciliation with KRA', 'reports', form, { kind: 'error', text: answerSummary(answer) });
  }
  const report = answer.json.data as ReconcileReport;
  const pageLink = (cursor: string | null) => {
    const q = new URLSearchParams({ app: String(app.id), from: report.from, to: report.to });
    if (ctx.query.limit) q.set('limit', ctx.query.limit);
    if (cursor) q.set('cursor', cursor);
    return `${BASE}/reports/reconciliation?${q}`;
  };
  return ctx.render(
    'Reconciliation with KRA',
    'reports',
    html`${form}
      <h2>${report.from === report.to ? report.from : `${report.from} to ${report.to}`}: PIN ${report.tin}, branch ${report.bhf_id}</h2>
      <p>
        Signed documents in the range: ${report.total}; checked on this page: ${report.checked}${ctx.query.cursor ? ' (a later page)' : ''}; numbers missing
        from our records asked about: ${report.gaps.checked}.
      </p>
      ${answer.json.message ? html`<p class="notice error" role="alert">${answer.json.message}</p>` : ''}
      <div class="table-wrap">
        <table>
          <caption class="muted">
            Counts of this page
          </caption>
          <thead>
            <tr>
              <th scope="col">Result</th>
              <th scope="col">Count</th>
            </tr>
          </thead>
          <tbody>
            ${CATEGORIES.map(
              ([key, label]) =>
                html`<tr>
                  <th scope="row">${label}</th>
                  <td>${report.summary[key]}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <h2>Numbers that did not match</h2>
      ${
        report.items.length === 0
          ? html`<p>None on this page.</p>`
          : html`<div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Invoice number</th>
                    <th scope="col">Result</th>
                    <th scope="col">Document</th>
                    <th scope="col">Trader invoice</th>
                    <th scope="col">Sale date</th>
                    <th scope="col">Our total</th>
                    <th scope="col">KRA total</th>
                    <th scope="col">Details</th>
                  </tr>
                </thead>
                <tbody>
                  ${report.items.map(
                    (item) =>
                      html`<tr>
                        <td>${item.invoice_number}</td>
                        <td>${categoryLabel(item.category)}</td>
                        <td>
                          ${item.document_id !== null ? html`<a href="${BASE}/invoices/${item.document_id}">${item.details.kind ?? 'document'} ${item.document_id}</a>` : 'none'}
                        </td>
                        <td>${item.details.trader_invoice_number ?? ''}</td>
                        <td>${item.details.sales_date ?? ''}</td>
                        <td>${item.details.ours?.total ?? ''}</td>
                        <td>${item.details.kra?.total ?? ''}</td>
                        <td>${itemDetails(item)}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
      }
      <nav aria-label="Reconciliation pages">
        ${ctx.query.cursor ? html`<a href="${pageLink(null)}">First page</a> ` : ''}
        ${report.next_cursor ? html`<a href="${pageLink(report.next_cursor)}" rel="next">Next page</a>` : html`<span class="muted">Last page.</span>`}
      </nav>`,
  );
}

export const reportPages: PageRoute[] = [
  { method: 'GET', path: '/reports', handler: (ctx) => reportsPage(ctx, NOTICES[ctx.query.notice ?? '']) },
  { method: 'GET', path: '/reports/reconciliation', handler: reconciliationPage },
  {
    method: 'POST',
    path: '/reports/:app/z',
    scope: 'etims:write',
    handler: async (ctx) => {
      const app = chosenApp(await etimsApps(ctx), String(ctx.params.app))!;
      const answer = await callApi(ctx.app, ctx.deps, ctx.session, { method: 'POST', url: '/api/etims/reports/z', appId: app.id, body: {} });
      if (answer.status >= 400) {
        ctx.query.app = String(app.id);
        ctx.reply.code(answer.status);
        return reportsPage(ctx, { kind: 'error', text: answerSummary(answer) });
      }
      return seeOther(ctx.reply, `${BASE}/reports?app=${app.id}&notice=z`);
    },
  },
];
