/**
 * The OpenAPI document: every route of the route table is in it with its scope, a success answer
 * with a schema and an example, its error answers, and every example validates against its schema
 * (ajv, JSON Schema 2020-12). Then real answers of a gateway talking to the simulator are validated
 * against the documented schemas — what keeps the schemas honest — and /docs is served offline.
 */
import { SIM_DEFAULT_CONSUMER_KEY, SIM_DEFAULT_CONSUMER_SECRET } from '@ushuru/simulator';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_STATUS } from '../errors.js';
import { ROUTES } from '../routes.js';
import { openBranch, receiptSaleBody, SIM_BRANCHES, type TestBranch } from '../test-support/etims-branch.js';
import { createTestGateway, type TestGateway } from '../test-support/gateway.js';
import { REQUEST_EXAMPLES, RESPONSE_CATALOG } from './openapi/catalog.js';
import { openApiPath, type OpenApiDocument, type OpenApiOperation } from './openapi/document.js';
import type { RouteDef } from './route.js';

// ajv-formats is CommonJS with an ES-style default: the function is `.default` under Node's loader and the module itself under Vite's.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => void;

type Json = Record<string, unknown>;
interface Media {
  schema?: Json;
  example?: unknown;
}

/** A JSON pointer token (RFC 6901), URI-fragment encoded for ajv. */
const token = (t: string) => encodeURIComponent(t.replaceAll('~', '~0').replaceAll('/', '~1'));
const pointer = (...tokens: string[]) => '#/' + tokens.map(token).join('/');

function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    if (node === null || typeof node !== 'object' || !(key in node)) return undefined;
    node = (node as Json)[key];
  }
  return node;
}

/** Every `$ref` string in the document, with where it is. */
function refsOf(node: unknown, at = '#', out: Array<[string, string]> = []): Array<[string, string]> {
  if (Array.isArray(node)) node.forEach((n, i) => refsOf(n, `${at}/${i}`, out));
  else if (node !== null && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push([at, v]);
      else refsOf(v, `${at}/${token(k)}`, out);
    }
  }
  return out;
}

let gw: TestGateway;
let doc: OpenApiDocument;
let ajv: Ajv2020;
const DOC_ID = 'https://ushuru.local/openapi.json';

/** A validator for the schema at `ptr` (a `#/…` pointer into the document). */
const validators = new Map<string, ValidateFunction>();
function validatorAt(ptr: string): ValidateFunction {
  const known = validators.get(ptr);
  if (known) return known;
  const v = ajv.compile({ $ref: DOC_ID + ptr });
  validators.set(ptr, v);
  return v;
}
function problems(ptr: string, value: unknown): string | undefined {
  const v = validatorAt(ptr);
  return v(value) ? undefined : ajv.errorsText(v.errors, { dataVar: 'example' });
}

/** The operation and its pointer, for a route. */
function operationOf(route: Pick<RouteDef, 'url' | 'method'>): { op: OpenApiOperation | undefined; ptr: string[] } {
  const path = openApiPath(route.url);
  const method = route.method.toLowerCase();
  return { op: doc.paths[path]?.[method], ptr: ['paths', path, method] };
}

/** A response of an operation, following a `$ref` to components.responses; with its pointer. */
function responseOf(op: OpenApiOperation, opPtr: string[], status: string): { response: Json; ptr: string[] } | undefined {
  const r = op.responses[status];
  if (!r) return undefined;
  if (typeof r.$ref === 'string') {
    const name = r.$ref.split('/').pop()!;
    return { response: resolvePointer(doc, r.$ref) as Json, ptr: ['components', 'responses', name] };
  }
  return { response: r, ptr: [...opPtr, 'responses', status] };
}

beforeAll(async () => {
  gw = await createTestGateway();
  const res = await gw.request('GET', '/openapi.json');
  expect(res.statusCode).toBe(200);
  doc = res.json();
  ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  // OpenAPI's own format for file bodies; any string is one.
  ajv.addFormat('binary', true);
  ajv.addSchema(doc as unknown as Json, DOC_ID);
});
afterAll(() => gw.close());

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1.0 with the JSON Schema 2020-12 dialect, and every $ref resolves', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.jsonSchemaDialect).toBe('https://spec.openapis.org/oas/3.1/dialect/base');
    const dangling = refsOf(doc).filter(([, ref]) => resolvePointer(doc, ref) === undefined);
    expect(dangling).toEqual([]);
    const ids = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    expect(new Set(ids).size, 'operation ids are unique').toBe(ids.length);
  });

  it('has every route of the route table, with its method', () => {
    const missing = ROUTES.filter((r) => !operationOf(r).op).map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
  });

  it('states the scope of every route as a security requirement; public routes need none', () => {
    for (const route of ROUTES) {
      const { op } = operationOf(route);
      if (route.scope === 'public') {
        expect(op?.security, route.name).toEqual([]);
        continue;
      }
      expect(op?.security, route.name).toEqual([{ bearer: [route.scope] }]);
      expect(op?.['x-required-scope'], route.name).toBe(route.scope);
      for (const status of ['401', '403', '429']) expect(op?.responses[status], `${route.name} ${status}`).toBeDefined();
    }
    expect(doc.components?.securitySchemes?.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('gives every route a success answer with a schema and an example', () => {
    const lacking: string[] = [];
    for (const route of ROUTES) {
      const { op } = operationOf(route);
      const success = Object.entries(op?.responses ?? {}).filter(([s]) => /^2\d\d$/.test(s));
      if (success.length === 0) lacking.push(`${route.name}: no 2xx answer`);
      for (const [status, response] of success) {
        const content = (response.content ?? {}) as Record<string, Media>;
        if (Object.keys(content).length === 0) lacking.push(`${route.name} ${status}: no content`);
        for (const [type, media] of Object.entries(content)) {
          if (!media.schema) lacking.push(`${route.name} ${status} ${type}: no schema`);
          const binary = (media.schema as Json | undefined)?.format === 'binary';
          if (!binary && media.example === undefined) lacking.push(`${route.name} ${status} ${type}: no example`);
        }
      }
    }
    expect(lacking).toEqual([]);
  });

  it('documents the error answers with the error codes', () => {
    const codes = (doc.components?.schemas?.ErrorCode as Json).enum;
    expect(codes).toEqual(Object.keys(ERROR_STATUS));
    const sales = operationOf({ method: 'POST', url: '/api/etims/sales' }).op!;
    const errorCodes = (status: string) => {
      const { response } = responseOf(sales, [], status)!;
      const schema = (response.content as Record<string, Media>)['application/json']!.schema!;
      return ((schema.allOf as Json[])[1]!.properties as Record<string, Json>).error!.enum;
    };
    expect(errorCodes('422')).toEqual(['validation_error', 'kra_error']);
    expect(errorCodes('502')).toEqual(['kra_unavailable']);
    expect(errorCodes('504')).toEqual(['kra_timeout']);
    const errorProps = (doc.components?.schemas?.ErrorResponse as Json).properties as Json;
    for (const field of ['errors', 'rule', 'required_route', 'kra_response', 'request_id']) expect(errorProps).toHaveProperty(field);
  });

  it('has a request example for every route that takes a body, and it validates', () => {
    const failures: string[] = [];
    for (const route of ROUTES) {
      const { op, ptr } = operationOf(route);
      const media = op?.requestBody?.content['application/json'];
      if (!media) continue;
      if (media.example === undefined) {
        failures.push(`${route.name}: no request example`);
        continue;
      }
      const problem = problems(pointer(...ptr, 'requestBody', 'content', 'application/json', 'schema'), media.example);
      if (problem) failures.push(`${route.name}: ${problem}`);
    }
    expect(failures).toEqual([]);
  });

  it('has only examples that validate against their schemas (success and error answers)', () => {
    const failures: string[] = [];
    let checked = 0;
    for (const route of ROUTES) {
      const { op, ptr } = operationOf(route);
      if (!op) continue;
      for (const status of Object.keys(op.responses)) {
        const { response, ptr: rPtr } = responseOf(op, ptr, status)!;
        for (const [type, media] of Object.entries((response.content ?? {}) as Record<string, Media>)) {
          if (media.example === undefined || !media.schema) continue;
          checked++;
          const problem = problems(pointer(...rPtr, 'content', type, 'schema'), media.example);
          if (problem) failures.push(`${route.name} ${status} ${type}: ${problem}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(ROUTES.length);
  });

  it('names only existing routes in the central catalog', () => {
    const names = new Set(ROUTES.map((r) => r.name));
    expect(Object.keys(RESPONSE_CATALOG).filter((n) => !names.has(n))).toEqual([]);
    expect(Object.keys(REQUEST_EXAMPLES).filter((n) => !names.has(n))).toEqual([]);
  });
});

describe('/docs', () => {
  it('serves Swagger UI and its assets from the gateway itself, with no network', async () => {
    let page = await gw.request('GET', '/docs');
    // The UI lives under /docs/static/index.html; /docs may redirect there.
    for (let hops = 0; page.statusCode >= 300 && page.statusCode < 400 && hops < 3; hops++) {
      page = await gw.request('GET', new URL(page.headers.location as string, 'http://gateway/docs/').pathname);
    }
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    // Nothing is loaded from another host (no CDN).
    expect(page.body).not.toMatch(/(src|href)="(https?:)?\/\//);
    const scripts = [...page.body.matchAll(/src="([^"]+\.js)"/g)].map((m) => new URL(m[1]!, 'http://gateway/docs/').pathname);
    expect(scripts.some((s) => s.endsWith('/swagger-ui-bundle.js'))).toBe(true);
    for (const script of scripts) {
      const asset = await gw.request('GET', script);
      expect(asset.statusCode, script).toBe(200);
      expect(asset.headers['content-type'], script).toContain('javascript');
    }
    // The UI reads the same document.
    const json = await gw.request('GET', '/docs/json');
    expect(json.statusCode).toBe(200);
    expect(json.json().openapi).toBe('3.1.0');
  });
});

describe('real answers conform to the document', () => {
  let sim: TestGateway;
  let simDoc: OpenApiDocument;
  let token: string;
  let branch: TestBranch;
  const seen = new Set<string>();

  beforeAll(async () => {
    sim = await createTestGateway({ simulator: true, env: { USHURU_OUTBOX_RETRY_BASE_MS: '20' } });
    simDoc = (await sim.request('GET', '/openapi.json')).json();
    // The same routes, so the same document; the validators compiled against `doc` apply.
    expect(Object.keys(simDoc.paths)).toEqual(Object.keys(doc.paths));
    token = (await sim.tenant(['*'])).token;
  }, 60_000);
  afterAll(() => sim?.close());

  /** The route a concrete request hits: static segments win over parameters, as in the router. */
  function routeOf(method: string, url: string): RouteDef {
    const path = url.split('?')[0]!;
    const candidates = ROUTES.filter((r) => r.method === method && new RegExp('^' + r.url.replace(/:[A-Za-z0-9_]+/g, '[^/]+') + '$').test(path));
    candidates.sort((a, b) => (a.url.match(/:/g)?.length ?? 0) - (b.url.match(/:/g)?.length ?? 0));
    if (!candidates[0]) throw new Error(`no route for ${method} ${path}`);
    return candidates[0];
  }

  /** Fails unless `res` is documented: its status, its content type, and for JSON its body. */
  function expectDocumented(method: string, url: string, res: LightMyRequestResponse): void {
    const route = routeOf(method, url);
    const { op, ptr } = operationOf(route);
    const found = responseOf(op!, ptr, String(res.statusCode));
    expect(found, `${method} ${url} answered ${res.statusCode}, which is not documented: ${res.body.slice(0, 300)}`).toBeDefined();
    const type = String(res.headers['content-type']).split(';')[0]!;
    const content = found!.response.content as Record<string, Media>;
    expect(Object.keys(content), `${method} ${url} ${res.statusCode}`).toContain(type);
    if (type === 'application/json') {
      const problem = problems(pointer(...found!.ptr, 'content', type, 'schema'), res.json());
      expect(problem, `${method} ${url} ${res.statusCode}: ${res.body.slice(0, 500)}`).toBeUndefined();
    }
    seen.add(`${route.name} ${res.statusCode}`);
  }

  async function call(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: unknown, opts: { token?: string; app?: number } = {}) {
    const res = await sim.request(method, url, {
      ...(opts.token === '' ? {} : { token: opts.token ?? token }),
      ...(body === undefined ? {} : { body }),
      ...(opts.app ? { headers: { 'x-kra-app-id': String(opts.app) } } : {}),
    });
    expectDocumented(method, url, res);
    return res;
  }

  it('tokens, KRA apps, the PIN checker and errors', async () => {
    await call('GET', '/healthz', undefined, { token: '' });
    await call('GET', '/readyz', undefined, { token: '' });
    const created = await call('POST', '/api/tokens', { name: 'ci', scopes: ['etims_full'] });
    await call('GET', '/api/tokens');
    await call('DELETE', `/api/tokens/${created.json().data.id}`);
    const portal = await call('POST', '/api/kra/apps', {
      type: 'portal',
      name: 'portal',
      environment: 'simulator',
      consumer_key: SIM_DEFAULT_CONSUMER_KEY,
      consumer_secret: SIM_DEFAULT_CONSUMER_SECRET,
    });
    const id = portal.json().data.id as number;
    await call('GET', '/api/kra/apps');
    await call('GET', `/api/kra/apps/${id}`);
    await call('PATCH', `/api/kra/apps/${id}`, { name: 'portal app' });
    await call('POST', `/api/kra/apps/${id}/test`);
    expect((await call('POST', '/api/kra/checkers/pin', { KRAPIN: 'P051234567Q' })).statusCode).toBe(200);
    expect((await call('POST', '/api/kra/checkers/pin', { KRAPIN: 'P000000000Q' })).statusCode).toBe(422);
    expect((await call('POST', '/api/kra/checkers/pin', { KRAPIN: 'nope' })).statusCode).toBe(422);
    expect((await call('GET', '/api/kra/apps', undefined, { token: '' })).statusCode).toBe(401);
    const reader = await sim.token((await sim.tenant(['etims:read'])).tenantId, ['etims:read']);
    expect((await call('GET', '/api/webhooks', undefined, { token: reader })).statusCode).toBe(403);
    expect((await call('GET', '/api/kra/apps/999999')).statusCode).toBe(404);
    await call('GET', '/api/logs?limit=2');
  }, 60_000);

  it('eTIMS: device, items, sales, credit notes, receipts, reports', async () => {
    branch = await openBranch(sim, token, SIM_BRANCHES[0]);
    const app = { app: branch.appId };
    await call('GET', '/api/etims/device/info', undefined, app);
    // The device is initialized by openBranch: a second initialization is KRA's 902, our 409.
    expect((await call('POST', '/api/etims/device/initialize', undefined, app)).statusCode).toBe(409);
    await call('GET', '/api/etims/health', undefined, app);
    await call('GET', '/api/etims/sync', undefined, app);
    await call('GET', '/api/etims/codes/04', undefined, app);
    const item = { itemClsCd: '5022170100', itemTyCd: '2', itemNm: 'Sugar 1kg', orgnNatCd: 'KE', pkgUnitCd: 'NT', qtyUnitCd: 'U', taxTyCd: 'B', dftPrc: 150 };
    const registered = await call('POST', '/api/etims/items', item, app);
    await call('PUT', `/api/etims/items/${registered.json().data.itemCd}`, { ...item, dftPrc: 160 }, app);
    await call('GET', '/api/etims/items', undefined, app);
    await call('GET', `/api/etims/items/${branch.items.maize}/compositions`, undefined, app);

    const sale = await call('POST', '/api/etims/sales', receiptSaleBody(branch, 'OAS-1'), app);
    expect([201, 202]).toContain(sale.statusCode);
    const saleId = sale.json().data.id as number;
    await sim.deps.outbox.drain(branch.appId, 10_000);
    await call('GET', `/api/etims/sales/${saleId}`, undefined, app);
    await call('GET', '/api/etims/sales', undefined, app);
    expect((await call('POST', `/api/etims/sales/${saleId}/retry`, undefined, app)).statusCode).toBe(409);
    for (const format of ['html', 'pdf', 'png', 'svg']) await call('GET', `/api/etims/sales/${saleId}/receipt?format=${format}`, undefined, app);
    const cn = await call(
      'POST',
      '/api/etims/credit-notes',
      { sale: 'OAS-1', trader_invoice_number: 'OAS-CN-1', reason_code: '06', lines: [{ item_code: branch.items.delivery, quantity: 1 }] },
      app,
    );
    expect([201, 202]).toContain(cn.statusCode);
    await sim.deps.outbox.drain(branch.appId, 10_000);
    await call('GET', `/api/etims/credit-notes/${cn.json().data.id}`, undefined, app);
    await call('GET', '/api/etims/credit-notes', undefined, app);
    await call('GET', `/api/etims/credit-notes/${cn.json().data.id}/receipt`, undefined, app);
    await call('GET', '/api/etims/stock/movements', undefined, app);
    await call('GET', '/api/etims/purchases', undefined, app);
    const purchase = await call(
      'POST',
      '/api/etims/purchases',
      { reference: 'PO-OAS-1', supplier_name: 'Local Miller', lines: [{ item_code: branch.items.maize, quantity: 10, unit_price: '150.00' }] },
      app,
    );
    expect([201, 202]).toContain(purchase.statusCode);
    await call('GET', `/api/etims/purchases/${purchase.json().data.id}`, undefined, app);
    await call('GET', '/api/etims/outbox', undefined, app);
    await call('GET', '/api/etims/stock/current', undefined, app);

    await call('GET', '/api/etims/reports/x', undefined, app);
    await call('GET', '/api/etims/reports/x?format=html', undefined, app);
    await call('POST', '/api/etims/reports/z', {}, app);
    await call('GET', '/api/etims/reports/z', undefined, app);
    await call('GET', '/api/etims/reports/z/1', undefined, app);
    await call('GET', '/api/etims/reports/z/1?format=pdf', undefined, app);
    await call('GET', '/api/etims/reports/sales', undefined, app);
    await call('GET', '/api/etims/reports/sales?format=csv', undefined, app);
    await call('GET', '/api/etims/reports/sales-summary', undefined, app);
    await call('GET', '/api/etims/reports/stock', undefined, app);
    await call('GET', '/api/etims/reports/reconciliation', undefined, app);
    await call('GET', '/api/etims/reports/reconciliation?format=csv', undefined, app);

    const proforma = await call(
      'POST',
      '/api/etims/proformas',
      { reference: 'Q-OAS-1', lines: [{ item_code: branch.items.maize, quantity: 2, unit_price: '480.00' }] },
      app,
    );
    await call('GET', '/api/etims/proformas', undefined, app);
    await call('GET', `/api/etims/proformas/${proforma.json().data.id}`, undefined, app);
    await call('POST', '/api/etims/oscu/selectCodeList', { lastReqDt: '20200101000000' }, app);
  }, 120_000);

  it('webhooks', async () => {
    const hook = await call('POST', '/api/webhooks', { url: 'https://erp.example.com/hooks/ushuru', events: ['document.signed'] });
    const id = hook.json().data.id as number;
    await call('GET', '/api/webhooks');
    await call('GET', `/api/webhooks/${id}`);
    await call('POST', `/api/webhooks/${id}/test`);
    await call('GET', `/api/webhooks/${id}/deliveries`);
    await call('DELETE', `/api/webhooks/${id}`);
    // Enough of the API was exercised for this test to mean something.
    expect(seen.size).toBeGreaterThan(50);
  }, 60_000);
});
