/** Reports: the X report of a day (totals service), Z reports (list; take through the API), stock levels. */
import { dayTotals, type KindTotals } from '../../etims/reports/totals.js';
import { today } from '../../etims/reports/report-inputs.js';
import { answerSummary, callApi } from '../internal-api.js';
import { seeOther, type PageContext, type PageRoute } from '../context.js';
import { html, type Html } from '../html.js';
import { BASE, csrfField, type Notice } from '../layout.js';
import { appPicker, chosenApp, etimsApps } from './branch-choice.js';

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

export const reportPages: PageRoute[] = [
  { method: 'GET', path: '/reports', handler: (ctx) => reportsPage(ctx, NOTICES[ctx.query.notice ?? '']) },
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
