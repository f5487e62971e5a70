/**
 * KRA Apps: the seed's list (name, type, environment, status, created), Add New with the per-type
 * fields, Test, activate/deactivate, replace credentials, and the common settings (through the API:
 * PATCH replaces the whole settings object, so the current one is read first and merged). Secrets are
 * write-only: the forms never carry a stored value back, and every password input is rendered empty.
 */
import { createAppSchema, updateAppSchema } from '../../apps/schemas.js';
import { createApp, getApp, listApps, updateApp, type AppDetail } from '../../apps/service.js';
import { ApiError, validationError } from '../../errors.js';
import { answerSummary, callApi } from '../internal-api.js';
import { errorText, field, idParam, seeOther, type PageContext, type PageRoute } from '../context.js';
import { answerErrors, fieldError, invalidAttrs, otherErrors, type FormErrors } from '../form-errors.js';
import { html, type Html } from '../html.js';
import { BASE, csrfField, type Notice } from '../layout.js';

const NOTICES: Record<string, Notice> = {
  created: { kind: 'ok', text: 'App created. Its credentials are stored encrypted and will not be shown again.' },
  updated: { kind: 'ok', text: 'App updated.' },
  credentials: { kind: 'ok', text: 'Credentials replaced.' },
  settings: { kind: 'ok', text: 'Settings saved.' },
};

/** A setting the form edits: its input kind and, for choices, the options (the empty one keeps the default). */
interface SettingField {
  name: string;
  label: string;
  kind: 'text' | 'textarea' | 'url' | 'select' | 'checkbox' | 'months';
  options?: Array<[string, string]>;
  hint?: string;
}

const ETIMS_SETTINGS: SettingField[] = [
  { name: 'receipt_header', label: 'Receipt header', kind: 'textarea', hint: 'Printed above the receipt body: trade name, address (at most 500 characters).' },
  { name: 'receipt_footer', label: 'Receipt footer', kind: 'textarea', hint: 'Printed below the receipt body (at most 500 characters).' },
  { name: 'training_mode', label: 'Training mode (receipts marked “THIS IS NOT AN OFFICIAL RECEIPT”)', kind: 'checkbox' },
  {
    name: 'verification_page_base_url',
    label: 'Verification page base URL',
    kind: 'url',
    hint: 'The gateway’s public address, to print a receipt before KRA signs it. Empty: receipts wait for KRA’s signature.',
  },
  {
    name: 'line_amounts',
    label: 'Line amounts',
    kind: 'select',
    options: [
      ['', 'Default (VAT inclusive)'],
      ['vat_inclusive', 'VAT inclusive'],
      ['vat_exclusive', 'VAT exclusive (VAT added on top)'],
    ],
  },
  {
    name: 'stock_check',
    label: 'Stock check on sales of goods',
    kind: 'select',
    options: [
      ['', 'Default (refuse a sale below zero stock here)'],
      ['local', 'Here: refuse a sale below zero stock'],
      ['kra', 'At KRA: send it and let KRA decide'],
    ],
  },
  { name: 'credit_note_window_months', label: 'Credit note window (months after the sale)', kind: 'months', hint: 'Empty: the default, 6 months.' },
  {
    name: 'transport',
    label: 'Transport (OSCU host)',
    kind: 'select',
    options: [
      ['', 'Default (legacy)'],
      ['legacy', 'Legacy (host A)'],
      ['gavaconnect', 'GavaConnect (host B)'],
    ],
  },
];

const PORTAL_SETTINGS: SettingField[] = [
  { name: 'token_path', label: 'OAuth token path', kind: 'text', hint: 'Only when KRA gave this app another token path. Empty: the default.' },
];

const settingFields = (app: Pick<AppDetail, 'type'>): SettingField[] => (app.type === 'etims' ? ETIMS_SETTINGS : PORTAL_SETTINGS);

/** The form's text for each setting, from the stored settings. */
function settingValues(settings: Record<string, unknown>, fields: SettingField[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const v = settings[f.name];
    if (f.kind === 'checkbox') out[f.name] = v === true ? 'on' : '';
    else if (f.kind === 'months') {
      out[f.name] = typeof v === 'number' ? String(v) : '';
      out.no_window = v === null ? 'on' : '';
    } else out[f.name] = typeof v === 'string' ? v : '';
  }
  return out;
}

/**
 * The submitted settings merged into the current ones: an empty field removes its setting (its default
 * applies), every setting the form does not show is kept as it is.
 */
function mergedSettings(current: Record<string, unknown>, values: Record<string, string>, fields: SettingField[]): Record<string, unknown> {
  const next: Record<string, unknown> = { ...current };
  for (const f of fields) {
    const v = (values[f.name] ?? '').trim();
    delete next[f.name];
    if (f.kind === 'checkbox') {
      if (v) next[f.name] = true;
    } else if (f.kind === 'months') {
      // A number the API checks; text that is not one is passed on, so the API's 422 names the field.
      if (values.no_window) next[f.name] = null;
      else if (v) next[f.name] = /^-?\d+$/.test(v) ? Number(v) : v;
    } else if (v) next[f.name] = v;
  }
  return next;
}

function settingInput(f: SettingField, values: Record<string, string>, errors: FormErrors): Html {
  const id = `setting-${f.name}`;
  const value = values[f.name] ?? '';
  const hintId = `${id}-hint`;
  const hint = f.hint ? html`<span class="muted" id="${hintId}">${f.hint}</span>` : '';
  const describedBy = invalidAttrs(errors, f.name, f.hint ? hintId : undefined);
  let control: Html;
  switch (f.kind) {
    case 'textarea':
      control = html`<textarea id="${id}" name="${f.name}" maxlength="500" rows="3" ${describedBy}>${value}</textarea>`;
      break;
    case 'select':
      control = html`<select id="${id}" name="${f.name}" ${describedBy}>
        ${(f.options ?? []).map(([v, label]) => html`<option value="${v}" ${v === value ? html` selected` : ''}>${label}</option>`)}
      </select>`;
      break;
    case 'checkbox':
      return html`<div class="checks">
          <label><input type="checkbox" name="${f.name}" ${value ? html` checked` : ''} ${invalidAttrs(errors, f.name)} /> ${f.label}</label>
        </div>
        ${fieldError(errors, f.name)}`;
    case 'months':
      return html`<label for="${id}">${f.label}</label>
        <input id="${id}" name="${f.name}" inputmode="numeric" maxlength="4" value="${value}" ${describedBy} />
        ${hint}
        <div class="checks">
          <label><input type="checkbox" name="no_window" ${values.no_window ? html` checked` : ''} /> No time limit for credit notes</label>
        </div>
        ${fieldError(errors, f.name)}`;
    default:
      control = html`<input id="${id}" name="${f.name}" type="${f.kind === 'url' ? 'url' : 'text'}" maxlength="200" value="${value}" ${describedBy} />`;
  }
  return html`<label for="${id}">${f.label}</label> ${control} ${hint} ${fieldError(errors, f.name)}`;
}

/** The settings form (admins); `values` are the stored settings, or what was sent when the API refused it. */
function settingsForm(ctx: PageContext, app: AppDetail, values: Record<string, string> | undefined, errors: FormErrors): Html {
  const fields = settingFields(app);
  const shown = values ?? settingValues(app.settings, fields);
  return html`<h2>${app.type === 'etims' ? 'Receipt and document settings' : 'Portal settings'}</h2>
    <form class="stack settings" method="post" action="${BASE}/apps/${app.id}/settings">
      ${csrfField(ctx.session)}
      <p class="muted">Empty fields use the default. Settings not shown here are kept as they are.</p>
      ${fields.map((f) => html`<div class="field">${settingInput(f, shown, errors)}</div>`)}
      <button type="submit">Save settings</button>
    </form>`;
}

interface SettingsState {
  values: Record<string, string>;
  errors: FormErrors;
}

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

async function detailPage(ctx: PageContext, id: number, notice?: Notice, testResult?: Html, settings?: SettingsState): Promise<Html> {
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
              ${settingsForm(ctx, app, settings?.values, settings?.errors ?? {})}
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
    path: '/apps/:id/settings',
    scope: 'admin',
    handler: async (ctx) => {
      const id = idParam(ctx.params.id, 'KRA app');
      // The current settings through the API (another tenant's id is its 404), merged with the form:
      // PATCH replaces the whole settings object.
      const current = await callApi(ctx.app, ctx.deps, ctx.session, { method: 'GET', url: `/api/kra/apps/${id}` });
      if (current.status === 404) throw new ApiError('not_found', 'KRA app not found.');
      if (current.status !== 200) return detailPage(ctx, id, { kind: 'error', text: answerSummary(current) });
      const app = current.json?.data as AppDetail;
      const fields = settingFields(app);
      const values: Record<string, string> = {};
      for (const name of [...fields.map((f) => f.name), 'no_window']) values[name] = field(ctx.form, name);
      const answer = await callApi(ctx.app, ctx.deps, ctx.session, {
        method: 'PATCH',
        url: `/api/kra/apps/${id}`,
        body: { settings: mergedSettings(app.settings ?? {}, values, fields) },
      });
      if (answer.status >= 400) {
        const errors = answerErrors(answer, 'settings.');
        const rest = otherErrors(
          errors,
          fields.map((f) => f.name),
        );
        ctx.reply.code(answer.status);
        return detailPage(
          ctx,
          id,
          { kind: 'error', text: rest ? `${answer.json?.message ?? 'Not saved.'} — ${rest}` : 'Not saved: see the fields marked below.' },
          undefined,
          { values, errors },
        );
      }
      return seeOther(ctx.reply, `${BASE}/apps/${id}?notice=settings`);
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
