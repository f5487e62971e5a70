/**
 * Security tests generated over the route table: every route, present and future, is checked for
 * authentication, scope enforcement and tenant isolation without anyone having to remember to.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './apps/service.js';
import { SCOPES, allows, type Scope } from './auth/scopes.js';
import { listApiTokens } from './auth/token-service.js';
import type { OwnedResource, RouteDef } from './http/route.js';
import { ROUTES } from './routes.js';
import { createTestGateway, type TestGateway } from './test-support/gateway.js';

const protectedRoutes = ROUTES.filter((r) => r.scope !== 'public');
const ownedRoutes = ROUTES.filter((r) => r.ownedResource);

function fillParams(route: RouteDef, id: string): string {
  return route.url.replace(/:id\b/g, id).replace(/:[a-zA-Z_]+/g, '1');
}

function bodyOf(route: RouteDef): unknown {
  if (route.method === 'GET' || route.method === 'DELETE') return undefined;
  return route.exampleBody ?? {};
}

/** A scope that does not grant `required`. */
function scopeWithout(required: Scope): Scope {
  return SCOPES.find((s) => !allows(new Set([s]), required))!;
}

describe('route table', () => {
  it('gives every route a unique method+URL and a unique name', () => {
    const keys = ROUTES.map((r) => `${r.method} ${r.url}`);
    expect(new Set(keys).size).toBe(keys.length);
    const names = ROUTES.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('every protected route', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await createTestGateway();
  });
  afterAll(() => gw.close());

  it.each(protectedRoutes.map((r) => [`${r.method} ${r.url}`, r] as const))('%s answers 401 without a token', async (_n, route) => {
    const res = await gw.request(route.method, fillParams(route, '1'), { body: bodyOf(route) });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ success: false, error: 'unauthenticated' });
  });

  it.each(protectedRoutes.map((r) => [`${r.method} ${r.url}`, r] as const))('%s answers 403 naming the route without its scope', async (_n, route) => {
    const scope = scopeWithout(route.scope as Scope);
    const { token } = await gw.tenant([scope]);
    const res = await gw.request(route.method, fillParams(route, '1'), { token, body: bodyOf(route) });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: 'insufficient_scope', required_route: route.name, your_scopes: [scope] });
  });
});

describe("every route addressing a tenant's object", () => {
  let gw: TestGateway;
  const ids = {} as Record<OwnedResource, string>;
  let intruder: string;

  beforeAll(async () => {
    gw = await createTestGateway();
    const owner = await gw.tenant(['*']);
    intruder = (await gw.tenant(['*'])).token;
    const app = await createApp(gw.deps, owner.tenantId, {
      type: 'portal',
      name: 'owner app',
      environment: 'sandbox',
      is_active: true,
      consumer_key: 'owner-key',
      consumer_secret: 'owner-secret',
      settings: {},
    });
    ids.kra_app = String(app.id);
    ids.api_token = (await listApiTokens(gw.deps.db, owner.tenantId))[0]!.id;
    // An eTIMS item of the owner's PIN, as a sync from KRA would store it.
    const at = '2025-01-01T00:00:00Z';
    await gw.deps.db
      .insertInto('etims_items')
      .values({
        tenant_id: owner.tenantId,
        tin: 'P051234567Q',
        item_cd: 'KE2NTU0000999',
        app_id: null,
        item_nm: 'owner item',
        item_cls_cd: null,
        item_ty_cd: null,
        tax_ty_cd: null,
        dft_prc: null,
        use_yn: 'Y',
        source: 'kra',
        data: '{}',
        created_at: at,
        updated_at: at,
      })
      .execute();
    ids.etims_item = 'KE2NTU0000999';
    // A sale of the owner's branch, as the outbox stores it.
    const branch = await createApp(gw.deps, owner.tenantId, {
      type: 'etims',
      name: 'owner branch',
      environment: 'sandbox',
      is_active: true,
      tin: 'P051234567Q',
      bhf_id: '00',
      dvc_srl_no: 'owner-device',
      cmc_key: 'owner-cmc',
      settings: {},
    });
    const sale = await gw.deps.db
      .insertInto('etims_documents')
      .values({
        tenant_id: owner.tenantId,
        app_id: branch.id,
        tin: 'P051234567Q',
        bhf_id: '00',
        kind: 'sale',
        family: 'invc',
        trd_invc_no: 'owner-sale',
        status: 'signed',
        invc_no: 1,
        original_id: null,
        source_lines: null,
        cust_tin: null,
        sales_dt: '20250101',
        tot_amt: '1.00',
        payload: '{}',
        receipt: null,
        kra_result_cd: '000',
        kra_result_msg: 'owner',
        attempts: 1,
        realignments: 0,
        next_attempt_at: at,
        created_at: at,
        updated_at: at,
        sent_at: at,
        signed_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.etims_document = String(sale.id);
    const proforma = await gw.deps.db
      .insertInto('etims_proformas')
      .values({
        tenant_id: owner.tenantId,
        app_id: branch.id,
        tin: 'P051234567Q',
        bhf_id: '00',
        reference: 'owner-quote',
        payload: '{}',
        valid_until: null,
        created_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.etims_proforma = String(proforma.id);
    const hook = await gw.deps.db
      .insertInto('webhooks')
      .values({
        tenant_id: owner.tenantId,
        url: 'https://owner.example.com/hook',
        description: 'owner',
        events: '["document.signed"]',
        secret: 'sealed',
        is_active: 1,
        created_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.webhook = String(hook.id);
  });
  afterAll(() => gw.close());

  it('exists (the table is not empty)', () => {
    expect(ownedRoutes.length).toBeGreaterThan(0);
  });

  it.each(ownedRoutes.map((r) => [`${r.method} ${r.url}`, r] as const))("%s answers 404 for another tenant's object", async (_n, route) => {
    const res = await gw.request(route.method, fillParams(route, ids[route.ownedResource!]), { token: intruder, body: bodyOf(route) });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ success: false, error: 'not_found' });
    expect(res.body).not.toContain('owner');
  });
});

/** Sample values for path parameters of routes that work with a KRA app. */
const SAMPLE_PARAMS: Record<string, string> = { id: 'KE2NTU0000001', class: '04', pin: 'P051234567Q', dataset: 'codes', number: '1', key: 'KRACU000111001_1' };

describe('every route working with a KRA app', () => {
  const appRoutes = ROUTES.filter((r) => r.appType);
  let gw: TestGateway;
  const ownerApps = {} as Record<'portal' | 'etims', number>;
  let intruder: string;

  beforeAll(async () => {
    gw = await createTestGateway();
    const owner = await gw.tenant(['*']);
    intruder = (await gw.tenant(['*'])).token;
    const common = { environment: 'sandbox' as const, is_active: true, settings: {} };
    ownerApps.portal = (await createApp(gw.deps, owner.tenantId, { ...common, type: 'portal', name: 'p', consumer_key: 'k', consumer_secret: 's' })).id;
    ownerApps.etims = (
      await createApp(gw.deps, owner.tenantId, { ...common, type: 'etims', name: 'e', tin: 'P051234567Q', bhf_id: '00', dvc_srl_no: 'd', cmc_key: 'c' })
    ).id;
  });
  afterAll(() => gw.close());

  it('declares its app type (every KRA-facing URL)', () => {
    const kraFacing = ROUTES.filter((r) => /^\/api\/(etims\/|kra\/(checkers|payments|compliance|registration|returns)\/)/.test(r.url));
    expect(kraFacing.filter((r) => !r.appType).map((r) => r.url)).toEqual([]);
    expect(appRoutes.length).toBe(kraFacing.length);
  });

  it.each(appRoutes.map((r) => [`${r.method} ${r.url}`, r] as const))("%s answers 404 for another tenant's app in X-KRA-App-Id", async (_n, route) => {
    // A sample the route's own parameter schema accepts (item codes for items, numbers for numbered objects).
    const params = route.schema.params as { safeParse?: (v: unknown) => { success: boolean } } | undefined;
    const sample = (name: string) => {
      const value = SAMPLE_PARAMS[name] ?? 'x';
      return params?.safeParse && !params.safeParse({ [name]: value }).success ? '1' : value;
    };
    const url = route.url.replace(/:([a-zA-Z_]+)/g, (_m, name: string) => sample(name));
    const res = await gw.request(route.method, url, {
      token: intruder,
      body: bodyOf(route),
      headers: { 'x-kra-app-id': String(ownerApps[route.appType!]) },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: 'not_found' });
  });
});
