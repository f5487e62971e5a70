/** Item routes: register (code generated when absent), update, list with search, compositions. */
import { z } from 'zod';
import { ok } from '../http/envelope.js';
import { defineRoute } from '../http/route.js';
import { amount, char } from './oscu-schemas/fields.js';
import { assertTenantHasItem, listCompositions, listItems, registerItem, saveComposition, updateItem } from './items-service.js';

const tags = ['eTIMS items'];

/** The saveItem fields; `itemCd` and audit fields optional (generated / defaulted). Full checks run in the service. */
const itemBody = z.looseObject({
  itemCd: char(20).optional(),
  itemClsCd: char(10),
  itemTyCd: char(5),
  itemNm: char(200),
  orgnNatCd: char(5),
  pkgUnitCd: char(5),
  qtyUnitCd: char(5),
  taxTyCd: char(5),
  dftPrc: amount(),
});
const itemParams = z.object({ id: z.string().min(1).max(20) });

const exampleItem = { itemClsCd: '5022170100', itemTyCd: '2', itemNm: 'Maize Flour 5kg', orgnNatCd: 'KE', pkgUnitCd: 'NT', qtyUnitCd: 'U', taxTyCd: 'B', dftPrc: 480 };

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
  schema: { params: itemParams, body: z.looseObject({}) },
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
      limit: z.coerce.number().int().min(1).max(1000).default(100),
      offset: z.coerce.number().int().min(0).default(0),
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
  schema: { params: itemParams, body: z.object({ cpstItemCd: char(20), cpstQty: amount(2, 0.01) }) },
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
