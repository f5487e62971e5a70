/** The eTIMS app (branch) a devices or reports page is about: `?app=ID` of the tenant, or its first eTIMS app. */
import { ApiError } from '../../errors.js';
import type { PageContext } from '../context.js';
import { html, type Html } from '../html.js';

export interface BranchApp {
  id: number;
  name: string;
  tin: string | null;
  bhf_id: string | null;
  dvc_srl_no: string | null;
  environment: string;
  is_active: number;
}

export async function etimsApps(ctx: PageContext): Promise<BranchApp[]> {
  const rows = await ctx.deps.db
    .selectFrom('kra_apps')
    .select(['id', 'name', 'tin', 'bhf_id', 'dvc_srl_no', 'environment', 'is_active'])
    .where('tenant_id', '=', ctx.session.tenantId)
    .where('type', '=', 'etims')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** The chosen app; an id that is not one of the tenant's eTIMS apps is a 404. */
export function chosenApp(apps: BranchApp[], raw: string | undefined): BranchApp | undefined {
  if (raw === undefined || raw === '') return apps[0];
  const found = apps.find((a) => String(a.id) === raw);
  if (!found) throw new ApiError('not_found', 'eTIMS app not found.');
  return found;
}

export function appPicker(action: string, apps: BranchApp[], chosen: BranchApp | undefined): Html {
  return html`<form class="filters" method="get" action="${action}">
    <label
      >eTIMS app (branch)
      <select name="app">
        ${apps.map((a) => html`<option value="${a.id}" ${a.id === chosen?.id ? html` selected` : ''}>${a.name} (${a.tin} / ${a.bhf_id})</option>`)}
      </select></label
    ><button type="submit">Show</button>
  </form>`;
}
