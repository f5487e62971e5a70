/**
 * Items: register (`saveItem`) with a generated item code when none is given, update, list, and
 * compositions (`saveItemComposition`). An item code is unique per PIN (docs/kra/etims-oscu.md §6.1); our copy is
 * written only after KRA answered 000, so it never claims an item KRA does not have.
 */
import { sql } from 'kysely';
import type { AppWithSecrets } from '../apps/service.js';
import { isoSeconds } from '../clock.js';
import type { GatewayDeps } from '../deps.js';
import { ApiError, notFound } from '../errors.js';
import { checkItemCodes } from './code-lists.js';
import { syncDataset } from './sync/service.js';
import { callOscu } from './oscu-call.js';
import { parseOr422 } from './validate.js';
import { exactly, fieldsOf, saveItemSchema } from './oscu-schemas/index.js';
import { cacheTags } from '../infra/cache-tags.js';

/** saveItem's fields and no others: our routes never forward what KRA's answers add (`tin`, `regBhfId`, `rraModYn`). */
const itemFields = exactly(saveItemSchema);

type Item = Record<string, unknown>;

/** Audit fields our writes carry when the caller sends none. */
export const DEFAULT_AUDIT = { regrId: 'ushuru', regrNm: 'Ushuru gateway', modrId: 'ushuru', modrNm: 'Ushuru gateway' } as const;

/** Next code in Ushuru's format `{orgnNatCd}{itemTyCd}{pkgUnitCd}{qtyUnitCd}{seq, 7 digits}` (docs/kra/etims-oscu.md §6.1). */
export async function generateItemCode(deps: GatewayDeps, app: AppWithSecrets, item: Item): Promise<string> {
  // saveItem with an existing code overwrites KRA's item: learn KRA's codes before choosing one.
  const itemsCursor = await deps.db
    .selectFrom('etims_sync_cursors')
    .select('last_success_at')
    .where('app_id', '=', app.id)
    .where('dataset', '=', 'items')
    .executeTakeFirst();
  if (!itemsCursor?.last_success_at) await syncDataset(deps, app, 'items');
  const prefix = `${String(item.orgnNatCd)}${String(item.itemTyCd)}${String(item.pkgUnitCd)}${String(item.qtyUnitCd)}`;
  for (;;) {
    // One atomic statement on both engines: concurrent registrations never get the same number.
    const row = await deps.db
      .insertInto('etims_item_code_seq')
      .values({ tenant_id: app.tenant_id, tin: app.tin ?? '', next_seq: 1 })
      .onConflict((oc) => oc.columns(['tenant_id', 'tin']).doUpdateSet({ next_seq: sql<number>`etims_item_code_seq.next_seq + 1` }))
      .returning('next_seq')
      .executeTakeFirstOrThrow();
    const code = `${prefix}${String(row.next_seq).padStart(7, '0')}`;
    if (code.length > 20)
      throw new ApiError('validation_error', 'The generated item code would exceed 20 characters; send itemCd.', {
        errors: { itemCd: ['is required for these unit codes'] },
      });
    // Codes synced from KRA (registered elsewhere) may already use this number: take the next.
    if (!(await findItem(deps, app, code))) return code;
  }
}

/**
 * Our copy of one item of the app's PIN. Every sale line reads one, so found items are kept in the row
 * cache (frozen); the writes below, and a sync of the items, invalidate them.
 */
export async function findItem(deps: Pick<GatewayDeps, 'db' | 'rowCache'>, app: Pick<AppWithSecrets, 'tenant_id' | 'tin'>, itemCd: string) {
  const tin = app.tin ?? '';
  const load = async () => {
    const row = await deps.db
      .selectFrom('etims_items')
      .selectAll()
      .where('tenant_id', '=', app.tenant_id)
      .where('tin', '=', tin)
      .where('item_cd', '=', itemCd)
      .executeTakeFirst();
    return row ? Object.freeze(row) : undefined;
  };
  return deps.rowCache.read(`item:${app.tenant_id}:${tin}:${itemCd}`, load, () => [cacheTags.items(app.tenant_id, tin)]);
}

const itemsChanged = (deps: GatewayDeps, app: AppWithSecrets) => deps.rowCache.invalidate([cacheTags.items(app.tenant_id, app.tin ?? '')]);

/** The columns of our copy of an item, from the saveItem body. */
function itemColumns(app: AppWithSecrets, body: Item, now: string) {
  return {
    app_id: app.id,
    item_nm: String(body.itemNm),
    item_cls_cd: String(body.itemClsCd),
    item_ty_cd: String(body.itemTyCd),
    tax_ty_cd: String(body.taxTyCd),
    dft_prc: Number(body.dftPrc),
    use_yn: String(body.useYn),
    data: JSON.stringify(body),
    updated_at: now,
  };
}

async function saveOnKra(deps: GatewayDeps, app: AppWithSecrets, body: Item, isNew: boolean): Promise<Item> {
  await checkItemCodes(deps, app, body);
  await callOscu(deps, app, 'saveItem', body);
  const now = isoSeconds(deps.clock.now());
  const fields = itemColumns(app, body, now);
  await deps.db
    .insertInto('etims_items')
    .values({ tenant_id: app.tenant_id, tin: app.tin ?? '', item_cd: String(body.itemCd), ...fields, source: 'registered', created_at: now })
    .onConflict((oc) => oc.columns(['tenant_id', 'tin', 'item_cd']).doUpdateSet(isNew ? { ...fields, source: 'registered' } : fields))
    .execute();
  await itemsChanged(deps, app);
  return body;
}

/** Registers a new item on KRA; 409 when the code already exists for this PIN. */
export async function registerItem(deps: GatewayDeps, app: AppWithSecrets, input: Item): Promise<Item> {
  if (typeof input.itemCd === 'string' && (await findItem(deps, app, input.itemCd))) {
    throw new ApiError('conflict', `Item ${input.itemCd} already exists for PIN ${app.tin ?? ''}; update it with PUT /api/etims/items/${input.itemCd}.`);
  }
  const withDefaults: Item = { isrcAplcbYn: 'N', useYn: 'Y', ...DEFAULT_AUDIT, ...input };
  // Validate everything but the code first, so a bad request does not consume a sequence number.
  parseOr422(itemFields, { ...withDefaults, itemCd: withDefaults.itemCd ?? 'PLACEHOLDER' });
  await checkItemCodes(deps, app, withDefaults);
  const itemCd = typeof input.itemCd === 'string' ? input.itemCd : await generateItemCode(deps, app, withDefaults);
  const body = parseOr422(itemFields, { ...withDefaults, itemCd }) as Item;
  await claimItemCode(deps, app, body);
  try {
    return await saveOnKra(deps, app, body, true);
  } catch (err) {
    await deps.db
      .deleteFrom('etims_items')
      .where('tenant_id', '=', app.tenant_id)
      .where('tin', '=', app.tin ?? '')
      .where('item_cd', '=', itemCd)
      .where('source', '=', 'pending')
      .execute();
    await itemsChanged(deps, app);
    throw err;
  }
}

/**
 * Reserves the item code (a `pending` row) before KRA is asked, so that two registrations of one
 * code at once cannot both reach KRA, where the second would silently overwrite the first.
 */
async function claimItemCode(deps: GatewayDeps, app: AppWithSecrets, body: Item): Promise<void> {
  const now = isoSeconds(deps.clock.now());
  const claimed = await deps.db
    .insertInto('etims_items')
    .values({
      tenant_id: app.tenant_id,
      tin: app.tin ?? '',
      item_cd: String(body.itemCd),
      ...itemColumns(app, body, now),
      source: 'pending',
      created_at: now,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'tin', 'item_cd']).doNothing())
    .executeTakeFirst();
  await itemsChanged(deps, app);
  if (Number(claimed.numInsertedOrUpdatedRows ?? 0) === 0) {
    throw new ApiError(
      'conflict',
      `Item ${String(body.itemCd)} already exists for PIN ${app.tin ?? ''} (or is being registered); update it with PUT /api/etims/items/${String(body.itemCd)}.`,
    );
  }
}

/** Updates an item (saveItem again with the same code): the stored fields overlaid with `changes`. */
export async function updateItem(deps: GatewayDeps, app: AppWithSecrets, itemCd: string, changes: Item): Promise<Item> {
  const row = await findItem(deps, app, itemCd);
  if (!row) throw notFound('Item');
  // Our copy may come from a KRA sync, with fields of KRA's answer that saveItem does not take.
  const current = fieldsOf(saveItemSchema, JSON.parse(row.data) as Item);
  const body = parseOr422(itemFields, {
    ...DEFAULT_AUDIT,
    isrcAplcbYn: 'N',
    useYn: 'Y',
    ...current,
    ...changes,
    itemCd,
    modrId: changes.modrId ?? DEFAULT_AUDIT.modrId,
    modrNm: changes.modrNm ?? DEFAULT_AUDIT.modrNm,
  }) as Item;
  return saveOnKra(deps, app, body, false);
}

/** Items of the app's PIN, newest first; `search` matches code or name. */
export async function listItems(deps: GatewayDeps, app: AppWithSecrets, q: { search?: string | undefined; limit: number; offset: number }) {
  let query = deps.db
    .selectFrom('etims_items')
    .selectAll()
    .where('tenant_id', '=', app.tenant_id)
    .where('tin', '=', app.tin ?? '');
  if (q.search) {
    const like = `%${q.search.toLowerCase()}%`;
    query = query.where((eb) => eb.or([eb(eb.fn('lower', ['item_nm']), 'like', like), eb(eb.fn('lower', ['item_cd']), 'like', like)]));
  }
  const rows = await query.orderBy('item_cd').limit(q.limit).offset(q.offset).execute();
  return rows.map((r) => ({ ...(JSON.parse(r.data) as Item), source: r.source, updated_at: r.updated_at }));
}

/** Adds one component to a composite item (saveItemComposition); both must be items of the PIN. */
export async function saveComposition(deps: GatewayDeps, app: AppWithSecrets, itemCd: string, input: { cpstItemCd: string; cpstQty: number }) {
  if (!(await findItem(deps, app, itemCd))) throw notFound('Item');
  if (!(await findItem(deps, app, input.cpstItemCd))) {
    throw new ApiError('validation_error', `Component ${input.cpstItemCd} is not an item of this PIN.`, {
      errors: { cpstItemCd: ['is not a registered item'] },
    });
  }
  const body = { itemCd, cpstItemCd: input.cpstItemCd, cpstQty: input.cpstQty, regrId: DEFAULT_AUDIT.regrId, regrNm: DEFAULT_AUDIT.regrNm };
  await callOscu(deps, app, 'saveItemComposition', body);
  const now = isoSeconds(deps.clock.now());
  await deps.db
    .insertInto('etims_item_compositions')
    .values({ tenant_id: app.tenant_id, tin: app.tin ?? '', item_cd: itemCd, cpst_item_cd: input.cpstItemCd, cpst_qty: input.cpstQty, updated_at: now })
    .onConflict((oc) => oc.columns(['tenant_id', 'tin', 'item_cd', 'cpst_item_cd']).doUpdateSet({ cpst_qty: input.cpstQty, updated_at: now }))
    .execute();
  return listCompositions(deps, app, itemCd);
}

/** The components of a composite item. */
export async function listCompositions(deps: GatewayDeps, app: AppWithSecrets, itemCd: string) {
  const rows = await deps.db
    .selectFrom('etims_item_compositions')
    .select(['cpst_item_cd', 'cpst_qty', 'updated_at'])
    .where('tenant_id', '=', app.tenant_id)
    .where('tin', '=', app.tin ?? '')
    .where('item_cd', '=', itemCd)
    .orderBy('cpst_item_cd')
    .execute();
  return { itemCd, components: rows.map((r) => ({ cpstItemCd: r.cpst_item_cd, cpstQty: Number(r.cpst_qty), updated_at: r.updated_at })) };
}

/** 404 unless some eTIMS app of the tenant has this item (checked before app selection, for isolation). */
export async function assertTenantHasItem(deps: GatewayDeps, tenantId: string, itemCd: string): Promise<void> {
  const row = await deps.db.selectFrom('etims_items').select('item_cd').where('tenant_id', '=', tenantId).where('item_cd', '=', itemCd).executeTakeFirst();
  if (!row) throw notFound('Item');
}
