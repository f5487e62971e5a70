/**
 * The 22 portal routes end to end against the real simulator over loopback, table-driven: for each
 * route a success, a KRA business rejection, a validation error naming the field, a missing scope,
 * another tenant's app and an inactive app.
 */
import { PORTAL_APIS, type PortalApiId } from '@ushuru/kra';
import { SIM_DEFAULT_CONSUMER_KEY, SIM_DEFAULT_CONSUMER_SECRET } from '@ushuru/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../apps/service.js';
import { createTestGateway, type TestGateway } from '../test-support/gateway.js';
import { PORTAL_ROUTES } from './routes.js';
import { PORTAL_REQUESTS } from './schemas/index.js';

type Body = Record<string, unknown>;

const example = (id: PortalApiId): Body => structuredClone(PORTAL_REQUESTS[id].example);
/** The example PRN body with its header changed. */
const prnWith = (id: PortalApiId, header: Body): Body => {
  const body = example(id);
  return { ...body, transactionHeader: { ...(body.transactionHeader as Body), ...header } };
};
const prnLineWith = (id: PortalApiId, line: Body): Body => {
  const body = example(id);
  const [first] = body.transactionDetails as Body[];
  return { ...body, transactionDetails: [{ ...first, ...line }] };
};

/** Per API: a body KRA rejects (and the code it rejects with), and an invalid body with the field named. */
const CASES: Record<PortalApiId, { reject: Body; code: string; invalid: Body; field: string }> = {
  pinByPin: { reject: { KRAPIN: 'A000000000A' }, code: '19005', invalid: { KRAPIN: '12345' }, field: 'KRAPIN' },
  pinById: { reject: { TaxpayerType: 'KE', TaxpayerID: '99999999' }, code: '19006', invalid: { TaxpayerType: 'XX', TaxpayerID: '1' }, field: 'TaxpayerType' },
  obligations: { reject: { taxPayerPin: 'A000000000A' }, code: '20001', invalid: {}, field: 'taxPayerPin' },
  tccCheck: { reject: { kraPIN: 'P318295670X', tccNumber: 'KRAEON9999999999' }, code: '83002', invalid: { kraPIN: 'P318295670X' }, field: 'tccNumber' },
  invoiceCheck: {
    reject: { invoiceNumber: 'KRACU0100058659/9999', invoiceDate: '2024-08-18' },
    code: '40001',
    invalid: { invoiceNumber: 'X', invoiceDate: '18/08/2024' },
    field: 'invoiceDate',
  },
  declaration: { reject: { DeclarationNo: '99XXXIM000000000' }, code: '86001', invalid: { DeclarationNo: '' }, field: 'DeclarationNo' },
  itExemption: { reject: { pin: 'P318295670X' }, code: '900', invalid: { pin: 'abc' }, field: 'pin' },
  vatExemption: {
    reject: { VatExemptionCertificateNo: 'VATEX/0000/00000', PINNo: 'P318295670X' },
    code: '83002',
    invalid: { PINNo: 'P318295670X' },
    field: 'VatExemptionCertificateNo',
  },
  importCertByNumber: { reject: { certificate_no: 'IC/0000/000000' }, code: '83002', invalid: {}, field: 'certificate_no' },
  importCertByPin: { reject: { pin_no: 'A744610021G' }, code: '83002', invalid: { pin_no: 'x' }, field: 'pin_no' },
  excisePin: { reject: { PINNo: 'A744610021G' }, code: '80002', invalid: { PINNo: 1 }, field: 'PINNo' },
  exciseNumber: { reject: { ExciseLicenceNo: 'KRA/EXL/0000/0000' }, code: '80002', invalid: {}, field: 'ExciseLicenceNo' },
  station: { reject: { kraPIN: 'A948312567Q' }, code: '84002', invalid: { kraPIN: 'bad' }, field: 'kraPIN' },
  itWithholdingPrn: {
    reject: prnWith('itWithholdingPrn', { withholderPin: 'A000000000A' }),
    code: '70001',
    invalid: prnWith('itWithholdingPrn', { noOfTransactions: 2 }),
    field: 'transactionHeader.noOfTransactions',
  },
  rentalWithholdingPrn: {
    reject: prnWith('rentalWithholdingPrn', { withholderPin: 'A000000000A' }),
    code: '70001',
    invalid: prnLineWith('rentalWithholdingPrn', { typeOfProperty: 'Industrial' }),
    field: 'transactionDetails.0.typeOfProperty',
  },
  vatWithholdingPrn: {
    reject: prnWith('vatWithholdingPrn', { withholderPin: 'A000000000A' }),
    code: '70001',
    invalid: prnWith('vatWithholdingPrn', { totalTaxAmount: '1999.00' }),
    field: 'transactionHeader.totalTaxAmount',
  },
  tccApplication: {
    reject: { TaxpayerPIN: 'A948312567Q', ReasonForTCC: 'Tender' },
    code: '85001',
    invalid: { TaxpayerPIN: 'P318295670X' },
    field: 'ReasonForTCC',
  },
  pinRegistration: {
    reject: { ...example('pinRegistration'), IdentificationNumber: '12345678' },
    code: '80002',
    invalid: { ...example('pinRegistration'), DateOfBirth: '31/02/1990' },
    field: 'DateOfBirth',
  },
  totReturn: {
    reject: { ...example('totReturn'), TaxpayerPIN: 'A744610021G' },
    code: '87001',
    invalid: { ...example('totReturn'), Month: '13' },
    field: 'Month',
  },
  nilReturn: {
    reject: { TaxpayerPIN: 'A744610021G', ObligationCode: 5, Month: 12, Year: 2016 },
    code: '82002',
    invalid: { ...example('nilReturn'), Month: 13 },
    field: 'Month',
  },
  eslipCheck: { reject: { EslipNumber: '2020259999999999' }, code: '88001', invalid: {}, field: 'EslipNumber' },
  prnSearch: { reject: { taxPayerPin: 'A744610021G', obligationId: 29 }, code: '89002', invalid: { taxPayerPin: 'x' }, field: 'taxPayerPin' },
};

const table = PORTAL_ROUTES.map((route) => [route.url, { ...route, id: route.api }] as const);

describe('portal routes against the simulator', () => {
  let gw: TestGateway;
  let owner: { tenantId: string; token: string };
  let other: { tenantId: string; token: string };
  let otherAppId: number;
  let inactiveAppId: number;

  beforeAll(async () => {
    gw = await createTestGateway({ simulator: true, env: { USHURU_RATE_LIMIT_PER_MINUTE: '100000' } });
    owner = await gw.tenant(['*']);
    other = await gw.tenant(['*']);
    const portal = {
      type: 'portal',
      environment: 'simulator',
      consumer_key: SIM_DEFAULT_CONSUMER_KEY,
      consumer_secret: SIM_DEFAULT_CONSUMER_SECRET,
      settings: {},
    } as const;
    await createApp(gw.deps, owner.tenantId, { ...portal, name: 'active', is_active: true });
    inactiveAppId = (await createApp(gw.deps, owner.tenantId, { ...portal, name: 'inactive', is_active: false })).id;
    otherAppId = (await createApp(gw.deps, other.tenantId, { ...portal, name: 'other tenant', is_active: true })).id;
  });
  afterAll(() => gw.close());

  it("covers all 22 APIs of the catalogue, each once, with Salami's URLs and names", () => {
    expect(table).toHaveLength(22);
    expect(new Set(PORTAL_ROUTES.map((r) => r.api))).toEqual(new Set(PORTAL_APIS.map((a) => a.id)));
    expect(new Set(PORTAL_ROUTES.map((r) => r.url)).size).toBe(22);
    for (const route of PORTAL_ROUTES) {
      const [, category, slug] = /^\/api\/kra\/([a-z]+)\/([a-z-]+)$/.exec(route.url) ?? [];
      expect(route.name).toBe(`api.kra.${category}.${slug}`);
      expect(route.scope).toBe(`kra:${category}`);
    }
  });

  it('uses changed credentials from the next call on (a cached app keeps no client of its old ones)', async () => {
    const tenant = await gw.tenant(['*']);
    const app = await createApp(gw.deps, tenant.tenantId, {
      type: 'portal',
      environment: 'simulator',
      consumer_key: SIM_DEFAULT_CONSUMER_KEY,
      consumer_secret: SIM_DEFAULT_CONSUMER_SECRET,
      settings: {},
      name: 'rotated',
      is_active: true,
    });
    const check = () => gw.request('POST', '/api/kra/checkers/pin', { token: tenant.token, body: example('pinByPin') });
    expect((await check()).statusCode).toBe(200);
    expect((await check()).statusCode).toBe(200);
    const wrong = 'not-the-simulator-secret';
    const patched = await gw.request('PATCH', `/api/kra/apps/${app.id}`, { token: tenant.token, body: { consumer_secret: wrong } });
    expect(patched.statusCode, patched.body).toBe(200);
    const refused = await check();
    expect(refused.statusCode).not.toBe(200);
    expect(refused.json().error).toBe('kra_auth_failed');
    expect(refused.body).not.toContain(wrong);
    await gw.request('PATCH', `/api/kra/apps/${app.id}`, { token: tenant.token, body: { consumer_secret: SIM_DEFAULT_CONSUMER_SECRET } });
    expect((await check()).statusCode).toBe(200);
  });

  describe.each(table)('%s', (_route, api) => {
    const post = (body: unknown, opts: { token?: string; headers?: Record<string, string> } = {}) =>
      gw.request('POST', api.url, { token: opts.token ?? owner.token, body, ...(opts.headers ? { headers: opts.headers } : {}) });

    it('succeeds with KRA data and code', async () => {
      const res = await post(example(api.id));
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body.success).toBe(true);
      expect(Object.keys(body.data).length).toBeGreaterThan(0);
      expect(body.kra.code === '200' || String(body.kra.code).endsWith('000')).toBe(true);
      expect(res.headers['x-request-id']).toBeTruthy();
    });

    it('answers a KRA rejection with 422 kra_error and kra_response', async () => {
      const res = await post(CASES[api.id].reject);
      expect(res.statusCode, res.body).toBe(422);
      const body = res.json();
      expect(body).toMatchObject({ success: false, error: 'kra_error', kra_response: { errorCode: CASES[api.id].code } });
      expect(body.message).toBe(`KRA API error: ${body.kra_response.errorMessage}`);
    });

    it('answers an invalid body with 422 naming the field', async () => {
      const res = await post(CASES[api.id].invalid);
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json().error).toBe('validation_error');
      expect(Object.keys(res.json().errors)).toContain(CASES[api.id].field);
    });

    it('answers 403 naming the route without its scope', async () => {
      const token = await gw.token(owner.tenantId, ['kra:apps']);
      const res = await post(example(api.id), { token });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ error: 'insufficient_scope', required_route: api.name, your_scopes: ['kra:apps'] });
    });

    it("answers 404 for another tenant's app", async () => {
      const res = await post(example(api.id), { headers: { 'x-kra-app-id': String(otherAppId) } });
      expect(res.statusCode).toBe(404);
      expect(res.json().error).toBe('not_found');
      expect(res.body).not.toContain('other tenant');
    });

    it('answers 422 saying what to send for an inactive app', async () => {
      const res = await post(example(api.id), { headers: { 'x-kra-app-id': String(inactiveAppId) } });
      expect(res.statusCode).toBe(422);
      expect(res.json().errors['X-KRA-App-Id'][0]).toMatch(/inactive/);
    });
  });
});
