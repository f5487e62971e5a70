/**
 * Checks item fields against the synced code lists (docs/kra/etims-oscu.md §5: read them from KRA, never hard-code),
 * naming the bad field in a 422. Code lists are synced on first use when the app has none yet.
 */
import type { AppWithSecrets } from '../apps/service.js';
import type { GatewayDeps } from '../deps.js';
import { validationError, type FieldErrors } from '../errors.js';
import { syncDataset } from './sync/service.js';

/** Field → code class it must belong to. */
export const ITEM_CODE_FIELDS = { orgnNatCd: '05', itemTyCd: '24', pkgUnitCd: '17', qtyUnitCd: '10', taxTyCd: '04' } as const;

async function codesOf(deps: GatewayDeps, appId: number, classes: string[]): Promise<Map<string, Set<string>>> {
  const rows = await deps.db.selectFrom('etims_codes').select(['cd_cls', 'cd']).where('app_id', '=', appId).where('cd_cls', 'in', classes).execute();
  const out = new Map<string, Set<string>>();
  for (const r of rows) {
    let set = out.get(r.cd_cls);
    if (!set) out.set(r.cd_cls, (set = new Set()));
    set.add(r.cd);
  }
  return out;
}

/** Throws a 422 naming every field of `fields` whose value is not in its code list or the item classes. */
export async function checkItemCodes(deps: GatewayDeps, app: AppWithSecrets, item: Record<string, unknown>): Promise<void> {
  const classes = [...new Set(Object.values(ITEM_CODE_FIELDS))];
  let codes = await codesOf(deps, app.id, classes);
  if (codes.size === 0) {
    await syncDataset(deps, app, 'codes');
    codes = await codesOf(deps, app.id, classes);
  }
  const errors: FieldErrors = {};
  for (const [field, cls] of Object.entries(ITEM_CODE_FIELDS)) {
    const value = item[field];
    if (value === undefined || value === null) continue;
    const known = codes.get(cls);
    if (known && !known.has(String(value))) errors[field] = [`"${String(value)}" is not in KRA code list ${cls} (GET /api/etims/codes/${cls})`];
  }
  if (item.itemClsCd !== undefined) {
    // The classification list is huge on KRA (tens of thousands of rows): check only once it is synced.
    const synced = await deps.db.selectFrom('etims_item_classes').select('item_cls_cd').where('app_id', '=', app.id).limit(1).execute();
    if (synced.length > 0) {
      const hit = await deps.db
        .selectFrom('etims_item_classes')
        .select('item_cls_cd')
        .where('app_id', '=', app.id)
        .where('item_cls_cd', '=', String(item.itemClsCd))
        .executeTakeFirst();
      if (!hit) errors.itemClsCd = [`"${String(item.itemClsCd)}" is not a KRA item class (GET /api/etims/item-classes?search=)`];
    }
  }
  if (Object.keys(errors).length > 0) throw validationError(errors);
}
