/** Item routes: register (code generated when absent), update, list with search, compositions. */
import { z } from 'zod';
import { ok } from '../http/envelope.js';
import { queryInteger } from '../http/input-rules.js';
import { defineRoute } from '../http/route.js';
import { amount, char } from './oscu-schemas/fields.js';
import { saveItemSchema } from './oscu-schemas/index.js';
import { assertTenantHasItem, listCompositions, listItems, registerItem, saveComposition, updateItem } from './items-service.js';

const tags = ['eTIMS items'];

const itemShape = saveItemSchema.shape;
/**
 * Exactly saveItem's fields; `itemCd`, the flags and the audit fields may be left out (generated or
 * defaulted). Anything else — `tin`, `regBhfId`, `rraModYn`, `tenant_id` — is a 422 naming it.
 */
const itemBody = z.strictObject({
  ...itemShape,
  itemCd: itemShape.itemCd.optional(),
  isrcAplcbYn: itemShape.isrcAplcbYn.optional(),
  useYn: itemShape.useYn.optional(),
  regrId: itemShape.regrId.optional(),
  regrNm: itemShape.regrNm.optional(),
  modrId: itemShape.modrId.optional(),
  modrNm: itemShape.modrNm.optional(),
});
/** The fields of an item that may change (any of saveItem's but its code). */
const itemChanges = z.strictObject(itemShape).omit({ itemCd: true }).partial();
const itemParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,20}$/, 'must be an item code such as KE2NTU0000001') });

const exampleItem = {
  itemClsCd: '5022170100',
  itemTyCd: '2',
  itemNm: 'Maize Flour 5kg',
  orgnNatCd: 'KE',
  pkgUnitCd: 'NT',
  qtyUnitCd: 'U',
  taxTyCd: 'B',
  dftPrc: 480,
};

export const createItemRoute = defineRoute({
  method: 'POST',
  url: '/api/etims/items',
  name: 'api.etims.items.store',
  scope: 'etims:write',
  appType: 'etims',
  summary: 'Register an item on KRA (saveItem); the item code is generated as {country}{type}{pkg}{qty}{seq7} when absent',
  tags,
  schema: { body: itemBody },
  exampleBody: exampleItem,
  successStatus: 201,
  handler: async ({ deps, body, kraApp }) => {
    const app = await kraApp();
    return ok(await registerItem(deps, app, body), 'Item registered on KRA.');
  },
});

export const updateItemRoute = defineRoute({
  method: 'PUT',
  url: '/api/etims/items/:id',
  name: 'api.etims.items.update',
  scope: 'etims:write',
  appType: 'etims',
  summary: 'Update an item (saveItem with the same code); send only the fields that change',
  tags,
  schema: { params: itemParams, body: itemChanges },
  exampleBody: { dftPrc: 500 },
  ownedResource: 'etims_item',
  handler: async ({ deps, auth, params, body, kraApp }) => {
    await assertTenantHasItem(deps, auth.tenantId, params.id);
    const app = await kraApp();
    return ok(await updateItem(deps, app, params.id, body), 'Item updated on KRA.');
  },
});

export const listItemsRoute = defineRoute({
  method: 'GET',
  url: '/api/etims/items',
  name: 'api.etims.items.index',
  scope: 'etims:read',
  appType: 'etims',
  summary: "Items of the app's PIN (registered here or synced from KRA); ?search= on code or name",
  tags,
  schema: {
    querystring: z.object({
      search: z.string().trim().max(100).optional(),
      limit: queryInteger(1, 1000, 100),
      offset: queryInteger(0, 1_000_000, 0),
    }),
  },
  handler: async ({ deps, query, kraApp }) => ok(await listItems(deps, await kraApp(), query)),
});

export const addCompositionRoute = defineRoute({
  method: 'POST',
  url: '/api/etims/items/:id/compositions',
  name: 'api.etims.items.compositions.store',
  scope: 'etims:write',
  appType: 'etims',
  summary: 'Add a component to a composite item (saveItemComposition)',
  tags,
  schema: { params: itemParams, body: z.strictObject({ cpstItemCd: char(20), cpstQty: amount(2, 0.01) }) },
  exampleBody: { cpstItemCd: 'KE2NTU0000002', cpstQty: 1 },
  ownedResource: 'etims_item',
  handler: async ({ deps, auth, params, body, kraApp }) => {
    await assertTenantHasItem(deps, auth.tenantId, params.id);
    const app = await kraApp();
    return ok(await saveComposition(deps, app, params.id, body), 'Composition saved on KRA.');
  },
});

export const listCompositionsRoute = defineRoute({
  method: 'GET',
  url: '/api/etims/items/:id/compositions',
  name: 'api.etims.items.compositions.index',
  scope: 'etims:read',
  appType: 'etims',
  summary: 'Components of a composite item',
  tags,
  schema: { params: itemParams },
  ownedResource: 'etims_item',
  handler: async ({ deps, auth, params, kraApp }) => {
    await assertTenantHasItem(deps, auth.tenantId, params.id);
    return ok(await listCompositions(deps, await kraApp(), params.id));
  },
});

export const itemRoutes = [createItemRoute, updateItemRoute, listItemsRoute, addCompositionRoute, listCompositionsRoute];
