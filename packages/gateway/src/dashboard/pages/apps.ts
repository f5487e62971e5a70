/**
 * KRA Apps: the seed's list (name, type, environment, status, created), Add New with the per-type
 * fields, Test, activate/deactivate and replace credentials. Secrets are write-only: the forms never
 * carry a stored value back, and every password input is rendered empty.
 */
import { createAppSchema, updateAppSchema } from '../../apps/schemas.js';
import { createApp, getApp, listApps, updateApp } from '../../apps/service.js';
import { validationError } from '../../errors.js';
import { answerSummary, callApi } from '../internal-api.js';
import { errorText, field, idParam, seeOther, type PageContext, type PageRoute } from '../context.js';
import { html, type Html } from '../html.js';
import { BASE, csrfField, type Notice } from '../layout.js';

const NOTICES: Record<string, Notice> = {
  created: { kind: 'ok', text: 'App created. Its credentials are stored encrypted and will not be shown again.' },
  updated: { kind: 'ok', text: 'App updated.' },
  credentials: { kind: 'ok', text: 'Credentials replaced.' },
};

const ENVIRONMENTS = ['simulator', 'sandbox', 'production'] as const;

function environmentSelect(id: string, selected = 'sandbox'): Html {
  return html`<label for="${id}">Environment</label
    ><select id="${id}" name="environment">
      ${ENVIRONMENTS.map((e) => html`<option value="${e}" ${e === selected ? html` selected` : ''}>${e}</option>`)}
    </select>`;
}

async function listPage(ctx: PageContext, notice?: Notice): Promise<Html> {
  const apps = await listApps(ctx.deps, ctx.session.tenantId);
  const admin = ctx.can('admin');
  return ctx.render(
    'KRA Apps',
    'apps',
    html`${admin ? html`<p><a class="button" href="${BASE}/apps/new">Add New</a></p>` : ''}
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">Environment</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            ${apps.map(
              (a) =>
                html`<tr>
                  <td><a href="${BASE}/apps/${a.id}">${a.name}</a></td>
                  <td>${a.type === 'etims' ? 'eTIMS' : 'Portal'}</td>
                  <td>${a.environment}</td>
                  <td>${a.is_active ? 'Active' : 'Inactive'}</td>
                  <td>${a.created_at}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${apps.length === 0 ? html`<p>No apps yet.</p>` : ''}`,
    notice,
  );
}

function newForm(ctx: PageContext, notice?: Notice, type = 'etims'): Html {
  const values = (name: string) => (ctx.form[name] && !/secret|key/.test(name) ? field(ctx.form, name) : '');
  return ctx.render(
    'Add a KRA app',
    'apps',
    html`<p>Choose the type, then fill in its fields. Keys and secrets are stored encrypted and are never shown again.</p>
      <form class="stack" method="post" action="${BASE}/apps/new?type=portal">
        ${csrfField(ctx.session)}
        <fieldset>
          <legend>Portal App Fields (developer.go.ke)</legend>
          <label>Name <input name="name" required maxlength="100" value="${type === 'portal' ? values('name') : ''}" /></label>
          ${environmentSelect('portal-env')}
          <label>Consumer key <input type="password" name="consumer_key" autocomplete="off" required /></label>
          <label>Consumer secret <input type="password" name="consumer_secret" autocomplete="off" required /></label>
          <button type="submit">Add portal app</button>
        </fieldset>
      </form>
      <form class="stack" method="post" action="${BASE}/apps/new?type=etims">
        ${csrfField(ctx.session)}
        <fieldset>
          <legend>eTIMS App Fields (OSCU device)</legend>
          <label>Name <input name="name" required maxlength="100" value="${type === 'etims' ? values('name') : ''}" /></label>
          ${environmentSelect('etims-env')}
          <label>KRA PIN (tin) <input name="tin" required maxlength="11" placeholder="P051234567Q" value="${values('tin')}" /></label>
          <label>Branch id (bhf_id) <input name="bhf_id" required maxlength="2" placeholder="00" value="${values('bhf_id')}" /></label>
          <label>Device serial (dvc_srl_no) <input name="dvc_srl_no" required maxlength="100" value="${values('dvc_srl_no')}" /></label>
          <button type="submit">Add eTIMS app</button>
        </fieldset>
      </form>`,
    notice,
  );
}

async function detailPage(ctx: PageContext, id: number, notice?: Notice, testResult?: Html): Promise<Html> {
  const app = await getApp(ctx.deps, ctx.session.tenantId, id);
  const admin = ctx.can('admin');
  return ctx.render(
    `App: ${app.name}`,
    'apps',
    html`<dl class="facts">
        <dt>Type</dt>
        <dd>${app.type === 'etims' ? 'eTIMS' : 'Portal'}</dd>
        <dt>Environment</dt>
        <dd>${app.environment}</dd>
        <dt>Status</dt>
        <dd>${app.is_active ? 'Active' : 'Inactive'}</dd>
        ${
          app.type === 'etims'
            ? html`<dt>PIN / branch / serial</dt>
                <dd>${app.tin} / ${app.bhf_id} / ${app.dvc_srl_no}</dd>`
            : ''
        }
        <dt>Credentials stored</dt>
        <dd>${app.credentials_set.length ? app.credentials_set.join(', ') : 'none'}</dd>
        <dt>Last used</dt>
        <dd>${app.last_used_at ?? 'never'}</dd>
        <dt>Created</dt>
        <dd>${app.created_at}</dd>
      </dl>
      <h2>Test</h2>
      <form
        method="post"
        action="${BASE}/apps/${app.id}/test"
        hx-post="${BASE}/apps/${app.id}/test"
        hx-target="#test-result"
        hx-select="#test-result"
        hx-swap="outerHTML"
      >
        ${csrfField(ctx.session)} <button type="submit">Test connection</button>
      </form>
      <div id="test-result" aria-live="polite">${testResult ?? ''}</div>
      ${
        admin
          ? html`<h2>Settings</h2>
              <form method="post" action="${BASE}/apps/${app.id}/active">
                ${csrfField(ctx.session)}<input type="hidden" name="active" value="${app.is_active ? '0' : '1'}" />
                <button type="submit" class="${app.is_active ? 'danger' : ''}">${app.is_active ? 'Deactivate' : 'Activate'}</button>
              </form>
              <h2>Replace credentials</h2>
              <form class="stack" method="post" action="${BASE}/apps/${app.id}/credentials">
                ${csrfField(ctx.session)}
                <p class="muted">Leave a field empty to keep what is stored.</p>
                <label>Consumer key <input type="password" name="consumer_key" autocomplete="off" /></label>
                <label>Consumer secret <input type="password" name="consumer_secret" autocomplete="off" /></label>
                ${app.type === 'etims' ? html`<label>cmcKey (from an earlier device initialization) <input type="password" name="cmc_key" autocomplete="off" /></label>` : ''}
                <button type="submit">Replace</button>
              </form>`
          : ''
      }`,
    notice,
  );
}

export const appPages: PageRoute[] = [
  { method: 'GET', path: '/apps', handler: (ctx) => listPage(ctx, NOTICES[ctx.query.notice ?? '']) },
  { method: 'GET', path: '/apps/new', scope: 'admin', handler: async (ctx) => newForm(ctx) },
  {
    method: 'POST',
    path: '/apps/new',
    scope: 'admin',
    handler: async (ctx) => {
      const type = ctx.query.type === 'portal' ? 'portal' : 'etims';
      const f = (name: string) => field(ctx.form, name).trim();
      const input =
        type === 'portal'
          ? { type, name: f('name'), environment: f('environment'), consumer_key: f('consumer_key'), consumer_secret: f('consumer_secret') }
          : { type, name: f('name'), environment: f('environment'), tin: f('tin'), bhf_id: f('bhf_id'), dvc_srl_no: f('dvc_srl_no') };
      const parsed = createAppSchema.safeParse(input);
      if (!parsed.success) {
        const errors = Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.') || type, [i.message]]));
        ctx.reply.code(422);
        return newForm(ctx, { kind: 'error', text: errorText(validationError(errors)) ?? 'Invalid.' }, type);
      }
      try {
        const app = await createApp(ctx.deps, ctx.session.tenantId, parsed.data);
        return seeOther(ctx.reply, `${BASE}/apps/${app.id}?notice=created`);
      } catch (err) {
        const text = errorText(err);
        if (!text) throw err;
        ctx.reply.code(422);
        return newForm(ctx, { kind: 'error', text }, type);
      }
    },
  },
  { method: 'GET', path: '/apps/:id', handler: (ctx) => detailPage(ctx, idParam(ctx.params.id, 'KRA app'), NOTICES[ctx.query.notice ?? '']) },
  {
    method: 'POST',
    path: '/apps/:id/test',
    // The test endpoint needs kra:apps; members and viewers see the app but do not test it.
    scope: 'kra:apps',
    handler: async (ctx) => {
      const id = idParam(ctx.params.id, 'KRA app');
      await getApp(ctx.deps, ctx.session.tenantId, id);
      const answer = await callApi(ctx.app, ctx.deps, ctx.session, { method: 'POST', url: `/api/kra/apps/${id}/test` });
      const data = (answer.json?.data ?? {}) as Record<string, unknown>;
      const ok = answer.status === 200 && answer.json?.success === true;
      const result = html`<div class="notice ${ok ? 'ok' : 'error'}" role="status">
        <strong>${ok ? 'Connected' : 'Failed'}</strong>: ${answerSummary(answer)}
        ${data.status ? html` (status ${String(data.status)}, tested ${String(data.tested_at ?? '')})` : ''}
      </div>`;
      return detailPage(ctx, id, undefined, result);
    },
  },
  {
    method: 'POST',
    path: '/apps/:id/active',
    scope: 'admin',
    handler: async (ctx) => {
      const id = idParam(ctx.params.id, 'KRA app');
      await updateApp(ctx.deps, ctx.session.tenantId, id, { is_active: field(ctx.form, 'active') === '1' });
      return seeOther(ctx.reply, `${BASE}/apps/${id}?notice=updated`);
    },
  },
  {
    method: 'POST',
    path: '/apps/:id/credentials',
    scope: 'admin',
    handler: async (ctx) => {
      const id = idParam(ctx.params.id, 'KRA app');
      const changes: Record<string, string> = {};
      for (const name of ['consumer_key', 'consumer_secret', 'cmc_key']) {
        const value = field(ctx.form, name).trim();
        if (value) changes[name] = value;
      }
      const parsed = updateAppSchema.safeParse(changes);
      if (!parsed.success || Object.keys(changes).length === 0) {
        ctx.reply.code(422);
        return detailPage(ctx, id, {
          kind: 'error',
          text: parsed.success ? 'Enter at least one credential to replace.' : 'A credential is not valid (control characters or over 500 characters).',
        });
      }
      try {
        await updateApp(ctx.deps, ctx.session.tenantId, id, parsed.data);
      } catch (err) {
        const text = errorText(err);
        if (!text) throw err;
        ctx.reply.code(422);
        return detailPage(ctx, id, { kind: 'error', text });
      }
      return seeOther(ctx.reply, `${BASE}/apps/${id}?notice=credentials`);
    },
  },
];
