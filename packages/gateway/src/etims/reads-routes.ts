/**
 * Reads over the synced copies (no KRA call), plus the live customer PIN lookup. Each list is
 * scoped to the selected eTIMS app; `data` holds KRA's records with KRA's field names.
 */
import { sql } from 'kysely';
import { z } from 'zod';
import { ApiError } from '../errors.js';
import { ok } from '../http/envelope.js';
import { queryInteger } from '../http/input-rules.js';
import { defineRoute } from '../http/route.js';
import { callOscu } from './oscu-call.js';
import { kraAnswer } from './result-errors.js';
import type { GatewayDeps } from '../deps.js';

const tags = ['eTIMS reference data'];
const paging = z.object({
  search: z.string().trim().max(100).optional(),
  limit: queryInteger(1, 1000, 100),
  offset: queryInteger(0, 1_000_000, 0),
});

const parse = (rows: Array<{ data: string }>) => rows.map((r) => JSON.parse(r.data) as Record<string, unknown>);

type SyncedTable = 'etims_item_classes' | 'etims_notices' | 'etims_branches' | 'etims_imported_items' | 'etims_purchases_incoming' | 'etims_stock_moves';

/** A plain list over one synced table, ordered by `order`, searchable on `searchCols`. */
function listRoute(url: string, name: string, summary: string, table: SyncedTable, order: string, searchCols: string[]) {
  return defineRoute({
    method: 'GET',
    url,
    name,
    scope: 'etims:read',
    appType: 'etims',
    summary,
    tags,
    schema: { querystring: paging },
    handler: async ({ deps, query, kraApp }) => {
      const app = await kraApp();
      return ok(await listSynced(deps, table, app.id, order, searchCols, query));
    },
  });
}

async function listSynced(deps: GatewayDeps, table: SyncedTable, appId: number, order: string, searchCols: string[], q: z.output<typeof paging>) {
  // Table and columns come from this file's constants, never from the request.
  let query = deps.db.selectFrom(table).select('data').where('app_id', '=', appId);
  if (q.search) {
    const like = `%${q.search.toLowerCase()}%`;
    query = query.where(
      sql<boolean>`(${sql.join(
        searchCols.map((c) => sql`lower(${sql.ref(c)}) like ${like}`),
        sql` or `,
      )})`,
    );
  }
  return parse(await query.orderBy(sql.ref(order)).limit(q.limit).offset(q.offset).execute());
}

export const codesRoute = defineRoute({
  method: 'GET',
  url: '/api/etims/codes/:class',
  name: 'api.etims.codes.show',
  scope: 'etims:read',
  appType: 'etims',
  summary: 'One synced code class (04 tax types, 05 countries, 10 quantity units, 17 packaging units, …)',
  tags,
  schema: { params: z.object({ class: z.string().regex(/^[0-9A-Za-z]{1,2}$/, 'must be a code class such as 04') }) },
  handler: async ({ deps, params, kraApp }) => {
    const app = await kraApp();
    const rows = await deps.db
      .selectFrom('etims_codes')
      .select(['data', 'cd_cls_nm'])
      .where('app_id', '=', app.id)
      .where('cd_cls', '=', params.class)
      .orderBy('srt_ord')
      .orderBy('cd')
      .execute();
    if (rows.length === 0) {
      throw new ApiError('not_found', `Code class ${params.class} is not among this app's synced code lists (sync them with POST /api/etims/sync/codes).`);
    }
    return ok({ cdCls: params.class, cdClsNm: rows[0]?.cd_cls_nm ?? null, dtlList: parse(rows) });
  },
});

export const itemClassesRoute = listRoute(
  '/api/etims/item-classes',
  'api.etims.item-classes.index',
  'Synced item classifications; ?search= on code or name',
  'etims_item_classes',
  'item_cls_cd',
  ['item_cls_cd', 'item_cls_nm'],
);
export const noticesRoute = listRoute('/api/etims/notices', 'api.etims.notices.index', 'Synced KRA notices', 'etims_notices', 'notice_no', ['title']);
export const branchesRoute = listRoute('/api/etims/branches', 'api.etims.branches.index', "Synced branches of the app's PIN", 'etims_branches', 'bhf_id', [
  'bhf_id',
  'bhf_nm',
]);
export const importedItemsRoute = listRoute(
  '/api/etims/imported-items',
  'api.etims.imported-items.index',
  'Synced customs import items waiting for this branch',
  'etims_imported_items',
  'task_cd',
  ['item_nm', 'hs_cd', 'task_cd'],
);
/**
 * Suppliers' sales to this PIN, each with the key to confirm or reject it by
 * (`POST /api/etims/purchases/incoming/{key}/confirm|reject`) and the answer given so far.
 */
export const purchasesIncomingRoute = defineRoute({
  method: 'GET',
  url: '/api/etims/purchases/incoming',
  name: 'api.etims.purchases.incoming',
  scope: 'etims:read',
  appType: 'etims',
  summary: "Synced suppliers' sales to this PIN, with the key to confirm or reject each and the answer given so far",
  tags,
  schema: { querystring: paging },
  handler: async ({ deps, query, kraApp }) => {
    const app = await kraApp();
    let q = deps.db.selectFrom('etims_purchases_incoming').select(['purchase_key', 'data']).where('app_id', '=', app.id);
    if (query.search) {
      const like = `%${query.search.toLowerCase()}%`;
      q = q.where(sql<boolean>`(lower(spplr_nm) like ${like} or lower(spplr_tin) like ${like})`);
    }
    const rows = await q.orderBy('purchase_key').limit(query.limit).offset(query.offset).execute();
    const references = rows.map((r) => `incoming:${r.purchase_key}`.slice(0, 50));
    const answers =
      references.length === 0
        ? []
        : await deps.db
            .selectFrom('etims_documents')
            .select(['id', 'trd_invc_no', 'status', 'payload'])
            .where('app_id', '=', app.id)
            .where('kind', '=', 'purchase')
            .where('status', '!=', 'rejected')
            .where('trd_invc_no', 'in', references)
            .execute();
    const byReference = new Map(answers.map((a) => [a.trd_invc_no, a]));
    return ok(
      rows.map((r) => {
        const answer = byReference.get(`incoming:${r.purchase_key}`.slice(0, 50));
        const status = answer ? (JSON.parse(answer.payload) as { pchsSttsCd?: string }).pchsSttsCd : undefined;
        return {
          ...(JSON.parse(r.data) as Record<string, unknown>),
          purchase_key: r.purchase_key,
          decision: answer ? { purchase_id: answer.id, answer: status === '02' ? 'confirmed' : 'rejected', status: answer.status } : null,
        };
      }),
    );
  },
});
export const stockMovesRoute = listRoute(
  '/api/etims/stock-moves',
  'api.etims.stock-moves.index',
  'Synced stock moves addressed to this branch',
  'etims_stock_moves',
  'move_key',
  ['cust_tin'],
);

export const customerLookupRoute = defineRoute({
  method: 'GET',
  url: '/api/etims/customers/lookup/:pin',
  name: 'api.etims.customers.lookup',
  scope: 'etims:read',
  appType: 'etims',
  summary: 'Looks a PIN up on KRA now (selectCustomer)',
  tags,
  schema: {
    params: z.object({
      pin: z
        .string()
        .trim()
        .toUpperCase()
        .regex(/^[A-Z]\d{9}[A-Z]$/, 'must be an 11-character KRA PIN such as P051234567Q'),
    }),
  },
  handler: async ({ deps, params, kraApp }) => {
    const app = await kraApp();
    const res = await callOscu(deps, app, 'selectCustomer', { custmTin: params.pin });
    const list = ((res.data as { custList?: unknown[] } | null)?.custList ?? []) as unknown[];
    return ok({ found: list.length > 0, customer: list[0] ?? null, kra: kraAnswer({ ...res, data: null }) });
  },
});

export const readRoutes = [
  codesRoute,
  itemClassesRoute,
  noticesRoute,
  branchesRoute,
  importedItemsRoute,
  purchasesIncomingRoute,
  stockMovesRoute,
  customerLookupRoute,
];
