/**
 * eTIMS devices: per eTIMS app, initialization state, last sync per dataset, initialize, import a
 * device initialized elsewhere (admins: it stores the cmcKey, write-only) and sync now (through the API).
 */
import { cursorsOf } from '../../etims/sync/lease.js';
import { answerSummary, callApi } from '../internal-api.js';
import { field, seeOther, type PageContext, type PageRoute } from '../context.js';
import { answerErrors, fieldError, invalidAttrs, type FormErrors } from '../form-errors.js';
import { html, type Html } from '../html.js';
import { BASE, csrfField, type Notice } from '../layout.js';
import { appPicker, chosenApp, etimsApps } from './branch-choice.js';

const NOTICES: Record<string, Notice> = {
  initialized: { kind: 'ok', text: 'Device initialized. KRA’s cmcKey is stored encrypted and never shown.' },
  synced: { kind: 'ok', text: 'Sync finished.' },
  imported: { kind: 'ok', text: 'Device imported. KRA accepted the cmcKey; it is stored encrypted and never shown.' },
};

/**
 * The import form: the cmcKey input is always rendered empty (never the stored or the submitted
 * value); the control-unit ids come back after a refused import.
 */
function importForm(ctx: PageContext, appId: number, errors: FormErrors): Html {
  const keep = (name: string) => (ctx.req.method === 'POST' ? field(ctx.form, name) : '');
  return html`<h2>Import a device initialized elsewhere</h2>
    <p class="muted">
      KRA issues a device’s cmcKey only once. If the device was initialized by another system and you kept its cmcKey, record it here: KRA is asked to accept
      the key first, and nothing is stored if it does not.
    </p>
    <form class="stack" method="post" action="${BASE}/devices/${appId}/import">
      ${csrfField(ctx.session)}
      <label>cmcKey <input type="password" name="cmc_key" autocomplete="off" required maxlength="255" ${invalidAttrs(errors, 'cmc_key')} /></label>
      ${fieldError(errors, 'cmc_key')}
      <label
        >SDC id (sdcId) <input name="sdc_id" required maxlength="30" placeholder="KRACU013000001" value="${keep('sdc_id')}" ${invalidAttrs(errors, 'sdc_id')}
      /></label>
      ${fieldError(errors, 'sdc_id')}
      <label
        >MRC number (mrcNo) <input name="mrc_no" required maxlength="30" placeholder="WIS01000150" value="${keep('mrc_no')}" ${invalidAttrs(errors, 'mrc_no')}
      /></label>
      ${fieldError(errors, 'mrc_no')}
      <label>Device id (dvcId, optional) <input name="dvc_id" maxlength="30" value="${keep('dvc_id')}" ${invalidAttrs(errors, 'dvc_id')} /></label>
      ${fieldError(errors, 'dvc_id')}
      <button type="submit">Import device</button>
    </form>`;
}

async function devicesPage(ctx: PageContext, notice?: Notice, errors: FormErrors = {}): Promise<Html> {
  const apps = await etimsApps(ctx);
  const app = chosenApp(apps, ctx.query.app);
  if (!app) return ctx.render('eTIMS devices', 'devices', html`<p>No eTIMS app yet. <a href="${BASE}/apps/new">Add one</a>.</p>`, notice);
  const device = await ctx.deps.db
    .selectFrom('etims_devices')
    .selectAll()
    .where('app_id', '=', app.id)
    .where('tenant_id', '=', ctx.session.tenantId)
    .executeTakeFirst();
  const cursors = await cursorsOf(ctx.deps.db, app.id);
  const write = ctx.can('etims:write');
  return ctx.render(
    'eTIMS devices',
    'devices',
    html`${appPicker(`${BASE}/devices`, apps, app)}
      <h2>Device</h2>
      <dl class="facts">
        <dt>PIN / branch / serial</dt>
        <dd>${app.tin} / ${app.bhf_id} / ${app.dvc_srl_no}</dd>
        <dt>Environment</dt>
        <dd>${app.environment}</dd>
        <dt>Status</dt>
        <dd>${device ? `${device.source} ${device.initialized_at}` : 'not initialized'}</dd>
        ${
          device
            ? html`<dt>SDC id / MRC</dt>
                <dd>${device.sdc_id ?? ''} / ${device.mrc_no ?? ''}</dd>
                <dt>Taxpayer / branch</dt>
                <dd>${device.taxpr_nm ?? ''} / ${device.bhf_nm ?? ''}</dd>`
            : ''
        }
      </dl>
      ${
        write && !device
          ? html`<form method="post" action="${BASE}/devices/${app.id}/initialize">
              ${csrfField(ctx.session)}<button type="submit">Initialize device</button>
            </form>`
          : ''
      }
      ${ctx.can('admin') && !device ? importForm(ctx, app.id, errors) : ''}
      <h2>Reference data sync</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Dataset</th>
              <th scope="col">Last success</th>
              <th scope="col">Last result</th>
              <th scope="col">Records last run</th>
              <th scope="col">Last error</th>
            </tr>
          </thead>
          <tbody>
            ${cursors.map(
              (c) =>
                html`<tr>
                  <td>${c.dataset}</td>
                  <td>${c.last_success_at ?? 'never'}</td>
                  <td>${c.last_result_cd ?? ''}</td>
                  <td>${Number(c.records_last_run)}</td>
                  <td>${c.last_error ?? ''}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${cursors.length === 0 ? html`<p>Never synced.</p>` : ''}
      ${write && device ? html`<form method="post" action="${BASE}/devices/${app.id}/sync">${csrfField(ctx.session)}<button type="submit">Sync now (all datasets)</button></form>` : ''}`,
    notice,
  );
}

function action(name: 'initialize' | 'sync', url: string, done: string): PageRoute {
  return {
    method: 'POST',
    path: `/devices/:app/${name}`,
    scope: 'etims:write',
    handler: async (ctx) => {
      const app = chosenApp(await etimsApps(ctx), String(ctx.params.app))!;
      const answer = await callApi(ctx.app, ctx.deps, ctx.session, { method: 'POST', url, appId: app.id, ...(name === 'sync' ? { body: {} } : {}) });
      if (answer.status >= 400) {
        ctx.query.app = String(app.id);
        ctx.reply.code(answer.status);
        return devicesPage(ctx, { kind: 'error', text: answerSummary(answer) });
      }
      return seeOther(ctx.reply, `${BASE}/devices?app=${app.id}&notice=${done}`);
    },
  };
}

export const devicePages: PageRoute[] = [
  { method: 'GET', path: '/devices', handler: (ctx) => devicesPage(ctx, NOTICES[ctx.query.notice ?? '']) },
  action('initialize', '/api/etims/device/initialize', 'initialized'),
  action('sync', '/api/etims/sync/all', 'synced'),
  {
    method: 'POST',
    path: '/devices/:app/import',
    // The API's own scope for it: it stores a credential on the app.
    scope: 'admin',
    handler: async (ctx) => {
      const app = chosenApp(await etimsApps(ctx), String(ctx.params.app))!;
      const f = (name: string) => field(ctx.form, name).trim();
      const body = { cmc_key: f('cmc_key'), sdc_id: f('sdc_id'), mrc_no: f('mrc_no'), ...(f('dvc_id') ? { dvc_id: f('dvc_id') } : {}) };
      const answer = await callApi(ctx.app, ctx.deps, ctx.session, { method: 'POST', url: '/api/etims/device/import', appId: app.id, body });
      if (answer.status >= 400) {
        ctx.query.app = String(app.id);
        ctx.reply.code(answer.status);
        return devicesPage(ctx, { kind: 'error', text: answerSummary(answer) }, answerErrors(answer));
      }
      return seeOther(ctx.reply, `${BASE}/devices?app=${app.id}&notice=imported`);
    },
  },
];
