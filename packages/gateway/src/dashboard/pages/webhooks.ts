/** Webhooks: the tenant's endpoints and recent deliveries; admins resend a delivery (through the API). */
import { ApiError } from '../../errors.js';
import { answerSummary, callApi } from '../internal-api.js';
import { idParam, seeOther, type PageContext, type PageRoute } from '../context.js';
import { html, type Html } from '../html.js';
import { BASE, csrfField, type Notice } from '../layout.js';

const NOTICES: Record<string, Notice> = { resent: { kind: 'ok', text: 'Delivery sent again.' } };

async function webhooksPage(ctx: PageContext, notice?: Notice): Promise<Html> {
  const tenantId = ctx.session.tenantId;
  const hooks = await ctx.deps.db
    .selectFrom('webhooks')
    .select(['id', 'url', 'description', 'events', 'is_active', 'created_at'])
    .where('tenant_id', '=', tenantId)
    .orderBy('id')
    .execute();
  const deliveries = await ctx.deps.db
    .selectFrom('webhook_deliveries')
    .select(['id', 'webhook_id', 'event', 'status', 'attempts', 'last_status_code', 'last_error', 'created_at', 'delivered_at'])
    .where('tenant_id', '=', tenantId)
    .orderBy('id', 'desc')
    .limit(50)
    .execute();
  const admin = ctx.can('admin');
  return ctx.render(
    'Webhooks',
    'webhooks',
    html`<h2>Endpoints</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Id</th>
              <th scope="col">URL</th>
              <th scope="col">Events</th>
              <th scope="col">Active</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            ${hooks.map(
              (h) =>
                html`<tr>
                  <td>${Number(h.id)}</td>
                  <td>${h.url}${h.description ? html`<br /><span class="muted">${h.description}</span>` : ''}</td>
                  <td>${(JSON.parse(h.events) as string[]).join(', ')}</td>
                  <td>${h.is_active ? 'yes' : 'no'}</td>
                  <td>${h.created_at}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${hooks.length === 0 ? html`<p>No endpoints. Add one with <code>POST /api/webhooks</code>.</p>` : ''}
      <h2>Recent deliveries</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Id</th>
              <th scope="col">Endpoint</th>
              <th scope="col">Event</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Last answer</th>
              <th scope="col">Created</th>
              ${admin ? html`<th scope="col">Action</th>` : ''}
            </tr>
          </thead>
          <tbody>
            ${deliveries.map(
              (d) =>
                html`<tr>
                  <td>${Number(d.id)}</td>
                  <td>${Number(d.webhook_id)}</td>
                  <td>${d.event}</td>
                  <td>${d.status}</td>
                  <td>${d.attempts}</td>
                  <td>${d.last_status_code ?? ''} ${d.last_error ?? ''}</td>
                  <td>${d.created_at}</td>
                  ${
                    admin
                      ? html`<td>
                          <form class="inline" method="post" action="${BASE}/webhooks/${Number(d.webhook_id)}/deliveries/${Number(d.id)}/resend">
                            ${csrfField(ctx.session)}<button type="submit" class="secondary" aria-label="Resend delivery ${Number(d.id)}">Resend</button>
                          </form>
                        </td>`
                      : ''
                  }
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${deliveries.length === 0 ? html`<p>No deliveries yet.</p>` : ''}`,
    notice,
  );
}

export const webhookPages: PageRoute[] = [
  { method: 'GET', path: '/webhooks', handler: (ctx) => webhooksPage(ctx, NOTICES[ctx.query.notice ?? '']) },
  {
    method: 'POST',
    path: '/webhooks/:id/deliveries/:delivery/resend',
    scope: 'admin',
    handler: async (ctx) => {
      const hook = idParam(ctx.params.id, 'Webhook');
      const delivery = idParam(ctx.params.delivery, 'Delivery');
      const answer = await callApi(ctx.app, ctx.deps, ctx.session, { method: 'POST', url: `/api/webhooks/${hook}/deliveries/${delivery}/resend` });
      if (answer.status === 404) throw new ApiError('not_found', 'Delivery not found.');
      if (answer.status >= 400) return webhooksPage(ctx, { kind: 'error', text: answerSummary(answer) });
      return seeOther(ctx.reply, `${BASE}/webhooks?notice=resent`);
    },
  },
];
