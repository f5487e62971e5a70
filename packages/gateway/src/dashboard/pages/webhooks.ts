/**
 * Webhooks: the tenant's endpoints and recent deliveries. Admins add an endpoint (its signing secret
 * is shown once, with a copy button, like a token), delete one, send it a test event and resend a
 * delivery — all through the API.
 */
import { ApiError } from '../../errors.js';
import { WEBHOOK_EVENTS } from '../../webhooks/events.js';
import { answerSummary, callApi } from '../internal-api.js';
import { field, fields, idParam, seeOther, type PageContext, type PageRoute } from '../context.js';
import { answerErrors, fieldError, invalidAttrs, otherErrors, type FormErrors } from '../form-errors.js';
import { html, type Html } from '../html.js';
import { BASE, csrfField, type Notice } from '../layout.js';

const NOTICES: Record<string, Notice> = {
  resent: { kind: 'ok', text: 'Delivery sent again.' },
  deleted: { kind: 'ok', text: 'Endpoint deleted, with its delivery log.' },
};

/** The add form; after a refusal it keeps what was sent (a URL and events are not secrets). */
function addForm(ctx: PageContext, errors: FormErrors): Html {
  const sent = ctx.req.method === 'POST' && Object.keys(errors).length > 0;
  const chosen = sent ? fields(ctx.form, 'events') : ['document.signed', 'document.rejected'];
  return html`<h2 id="new-webhook">Add an endpoint</h2>
    <form class="stack" method="post" action="${BASE}/webhooks">
      ${csrfField(ctx.session)}
      <label
        >URL
        <input
          type="url"
          name="url"
          required
          maxlength="2000"
          placeholder="https://erp.example.com/hooks/ushuru"
          value="${sent ? field(ctx.form, 'url') : ''}"
          ${invalidAttrs(errors, 'url')}
      /></label>
      ${fieldError(errors, 'url')}
      <label
        >Description (optional)
        <input name="description" maxlength="200" value="${sent ? field(ctx.form, 'description') : ''}" ${invalidAttrs(errors, 'description')}
      /></label>
      ${fieldError(errors, 'description')}
      <fieldset>
        <legend>Events</legend>
        <div class="checks">
          ${WEBHOOK_EVENTS.map((e) => html`<label><input type="checkbox" name="events" value="${e}" ${chosen.includes(e) ? html` checked` : ''} /> ${e}</label>`)}
        </div>
        ${fieldError(errors, 'events')}
      </fieldset>
      <button type="submit">Add endpoint</button>
    </form>`;
}

async function webhooksPage(ctx: PageContext, notice?: Notice, created?: Html, errors: FormErrors = {}): Promise<Html> {
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
    html`${created ?? ''}
      <h2>Endpoints</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Id</th>
              <th scope="col">URL</th>
              <th scope="col">Events</th>
              <th scope="col">Active</th>
              <th scope="col">Created</th>
              ${admin ? html`<th scope="col">Actions</th>` : ''}
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
                  ${
                    admin
                      ? html`<td>
                          <form class="inline" method="post" action="${BASE}/webhooks/${Number(h.id)}/test">
                            ${csrfField(ctx.session)}<button type="submit" class="secondary" aria-label="Send test event to endpoint ${Number(h.id)}">
                              Send test event
                            </button>
                          </form>
                          <form
                            class="inline"
                            method="post"
                            action="${BASE}/webhooks/${Number(h.id)}/delete"
                            hx-confirm="Delete the endpoint ${h.url} and its delivery log?"
                          >
                            ${csrfField(ctx.session)}<button type="submit" class="danger" aria-label="Delete endpoint ${Number(h.id)}">Delete</button>
                          </form>
                        </td>`
                      : ''
                  }
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${hooks.length === 0 ? html`<p>No endpoints yet.</p>` : ''} ${admin ? addForm(ctx, errors) : ''}
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
  {
    method: 'POST',
    path: '/webhooks',
    scope: 'admin',
    handler: async (ctx) => {
      const description = field(ctx.form, 'description').trim();
      const answer = await callApi(ctx.app, ctx.deps, ctx.session, {
        method: 'POST',
        url: '/api/webhooks',
        body: { url: field(ctx.form, 'url').trim(), events: fields(ctx.form, 'events'), ...(description ? { description } : {}) },
      });
      if (answer.status >= 400) {
        const errors = answerErrors(answer);
        // An empty events list is refused by the API as `events`; a missing one too, so name it here.
        if (fields(ctx.form, 'events').length === 0) errors.events ??= ['choose at least one event'];
        const rest = otherErrors(errors, ['url', 'description', 'events']);
        ctx.reply.code(answer.status);
        return webhooksPage(
          ctx,
          { kind: 'error', text: rest ? answerSummary(answer) : 'Not added: see the fields marked below.' },
          undefined,
          Object.keys(errors).length ? errors : { url: [answer.json?.message ?? 'was refused'] },
        );
      }
      const hook = answer.json?.data as { id: number; url: string; secret: string };
      // Shown once: this answer is never cached (no-store) and the secret is stored only sealed.
      const created = html`<div class="notice ok" role="status">
        <p>Endpoint ${hook.id} (${hook.url}) added. Copy its signing secret now: it will not be shown again.</p>
        <p id="new-webhook-secret" class="secret-once">${hook.secret}</p>
        <button type="button" class="secondary" data-copy="new-webhook-secret">Copy secret</button>
      </div>`;
      return webhooksPage(ctx, undefined, created);
    },
  },
  {
    method: 'POST',
    path: '/webhooks/:id/delete',
    scope: 'admin',
    handler: async (ctx) => {
      const hook = idParam(ctx.params.id, 'Webhook');
      const answer = await callApi(ctx.app, ctx.deps, ctx.session, { method: 'DELETE', url: `/api/webhooks/${hook}` });
      if (answer.status === 404) throw new ApiError('not_found', 'Webhook not found.');
      if (answer.status >= 400) {
        ctx.reply.code(answer.status);
        return webhooksPage(ctx, { kind: 'error', text: answerSummary(answer) });
      }
      return seeOther(ctx.reply, `${BASE}/webhooks?notice=deleted`);
    },
  },
  {
    method: 'POST',
    path: '/webhooks/:id/test',
    scope: 'admin',
    handler: async (ctx) => {
      const hook = idParam(ctx.params.id, 'Webhook');
      const answer = await callApi(ctx.app, ctx.deps, ctx.session, { method: 'POST', url: `/api/webhooks/${hook}/test` });
      if (answer.status === 404) throw new ApiError('not_found', 'Webhook not found.');
      if (answer.status >= 400) {
        ctx.reply.code(answer.status);
        return webhooksPage(ctx, { kind: 'error', text: answerSummary(answer) });
      }
      const d = (answer.json?.data ?? {}) as { id?: number; status?: string; last_status_code?: number | null; last_error?: string | null };
      const delivered = d.status === 'delivered';
      const answered = d.last_status_code ? `HTTP ${d.last_status_code}` : '';
      return webhooksPage(ctx, {
        kind: delivered ? 'ok' : 'error',
        text: `Test event to endpoint ${hook}: ${d.status ?? 'unknown'}${answered ? `, the endpoint answered ${answered}` : ''}${d.last_error ? ` (${d.last_error})` : ''} — delivery ${d.id ?? ''}.`,
      });
    },
  },
];
