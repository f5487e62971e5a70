/**
 * The KRA-compatible OSCU endpoint driven over real HTTP by a client written as integrations call
 * KRA: seed 000's flow (init, code list, item, sale, credit note, stock IO, stock master) on host A
 * and on host B with only the base URL and credentials changed; the documents then show in Ushuru's
 * API with receipts. Also the refusals KRA makes (wrong numbers, headers, keys) and what must never
 * leak (the real and virtual keys, the client secret, bearer tokens).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SIM_DEFAULT_CONSUMER_KEY, SIM_DEFAULT_CONSUMER_SECRET } from '@ushuru/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestGateway } from '../test-support/gateway.js';
import { SIM_BRANCHES } from '../test-support/etims-branch.js';
import { simControl } from '../test-support/sim-control.js';
import { kraClient } from '../test-support/oscu-client.js';
import { endpointFixture } from '../test-support/oscu-endpoint.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const CORPUS_DIR = fileURLToPath(new URL('../../../../test/fixtures/oscu-corpus/', import.meta.url));
const corpus = (id: string): Json => JSON.parse(readFileSync(`${CORPUS_DIR}${id}.json`, 'utf8')) as Json;
const copy = <T>(v: T): T => structuredClone(v);

/** Every secret in play: the device's real key (from the simulator) and whatever the test adds. */
async function realKeys(gw: TestGateway): Promise<string[]> {
  return (await simControl(gw.simulatorUrl!).devices()).map((d) => d.cmcKey).filter((k): k is string => typeof k === 'string');
}

describe.each([
  ['A', SIM_BRANCHES[0], 'legacy'],
  ['B', SIM_BRANCHES[2], 'gavaconnect'],
] as const)('the OSCU endpoint, host %s protocol', (protocol, branch, kraTransport) => {
  let fx: Awaited<ReturnType<typeof endpointFixture>>;
  let creds: Awaited<ReturnType<typeof fx.issue>>;
  const answered: string[] = [];
  /** Secrets met along the way (host B's bearer token). */
  const answeredSecrets: string[] = [];

  beforeAll(async () => {
    fx = await endpointFixture(branch, kraTransport === 'gavaconnect' ? { transport: 'gavaconnect' } : {});
    if (kraTransport === 'gavaconnect') {
      const res = await fx.gw.request('PATCH', `/api/kra/apps/${fx.appId}`, {
        token: fx.token,
        body: { consumer_key: SIM_DEFAULT_CONSUMER_KEY, consumer_secret: SIM_DEFAULT_CONSUMER_SECRET },
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    creds = await fx.issue();
  }, 60_000);
  afterAll(() => fx.gw.close());

  const client = (extra: { cmcKey?: string; clientSecret?: string } = {}) =>
    kraClient({
      protocol,
      baseUrl: protocol === 'A' ? creds.legacy_base_url : creds.gavaconnect_base_url,
      tokenUrl: creds.token_url,
      clientId: creds.client_id,
      clientSecret: extra.clientSecret ?? creds.client_secret,
      tin: branch.tin,
      bhfId: branch.bhfId,
      ...(extra.cmcKey ? { cmcKey: extra.cmcKey } : {}),
    });

  it('runs seed 000’s flow unchanged: init, code list, item, sale, credit note, stock IO and master', async () => {
    const kra = client();
    const init = await kra.selectInitOsdcInfo({ tin: branch.tin, bhfId: branch.bhfId, dvcSrlNo: branch.serial });
    expect(init.resultCd, JSON.stringify(init.raw)).toBe('000');
    // The virtual key, not KRA's: the integration never holds the real one.
    expect(kra.cmcKey).toBe(creds.cmc_key);
    expect(init.data.info).toMatchObject({ tin: branch.tin, bhfId: branch.bhfId });
    expect(init.data.info.sdcId).toMatch(/^KRACU/);

    const codes = await kra.call('selectCodeList', { lastReqDt: '20180101000000' });
    expect(codes.resultCd, JSON.stringify(codes.raw)).toBe('000');
    expect(codes.data.clsList.length).toBeGreaterThan(0);

    const item = await kra.call('saveItem', copy(corpus('odoo-save-item').body));
    expect(item.resultCd, JSON.stringify(item.raw)).toBe('000');

    const creditCase = corpus('odoo-credit-note');
    const sale = await kra.call('saveTrnsSalesOsdc', copy(creditCase.setup[1].body));
    expect(sale.resultCd, JSON.stringify(sale.raw)).toBe('000');
    expect(sale.data).toMatchObject({ curRcptNo: 1, totRcptNo: 1, rcptNo: 1, sdcId: init.data.info.sdcId, mrcNo: init.data.info.mrcNo });
    expect(sale.data.rcptSign).toMatch(/^[A-Z2-7]{16}$/);
    expect(sale.data.intrlData).toMatch(/^[A-Z2-7]{26}$/);
    expect(sale.data.sdcDateTime).toMatch(/^\d{14}$/);

    const credit = await kra.call('saveTrnsSalesOsdc', copy(creditCase.body));
    expect(credit.resultCd, JSON.stringify(credit.raw)).toBe('000');
    expect(credit.data.totRcptNo).toBe(2);

    const stockCase = corpus('odoo-stock-master');
    const io = await kra.call('insertStockIO', copy(stockCase.setup[1].body));
    expect(io.resultCd, JSON.stringify(io.raw)).toBe('000');
    const master = await kra.call('saveStockMaster', copy(stockCase.body));
    expect(master.resultCd, JSON.stringify(master.raw)).toBe('000');

    // KRA's own record of the sale, passed through.
    const details = await kra.call('selectInvoiceDetails', { invcNo: 1 });
    expect(details.resultCd).toBe('000');
    expect(details.data.salesList[0].receipt.rcptSign).toBe(sale.data.rcptSign);

    answered.push(JSON.stringify(codes.raw), JSON.stringify(sale.raw), JSON.stringify(credit.raw), JSON.stringify(io.raw));
    if (kra.bearer) answeredSecrets.push(kra.bearer);
  }, 60_000);

  it('shows the documents in Ushuru’s API, signed, with receipts, and no stock IO of its own', async () => {
    const sales = await fx.api('GET', '/api/etims/sales');
    expect(sales.status).toBe(200);
    const sale = (sales.body.data as Json[]).find((s) => s.trader_invoice_number === 'INV/2026/00002')!;
    expect(sale).toMatchObject({ status: 'signed', invoice_number: 1, app_id: fx.appId });
    expect(sale.receipt.rcptSign).toMatch(/^[A-Z2-7]{16}$/);
    const receipt = await fetch(`${fx.base}/api/etims/sales/${sale.id}/receipt`, { headers: { authorization: `Bearer ${fx.token}` } });
    expect(receipt.status).toBe(200);
    const notes = await fx.api('GET', '/api/etims/credit-notes');
    expect((notes.body.data as Json[]).map((n) => [n.invoice_number, n.status, n.original_id])).toEqual([[2, 'signed', sale.id]]);
    // The integration reported its stock itself (sarNo 1): the outbox queued no stock IO of its own.
    const stockDocs = await fx.gw.deps.db
      .selectFrom('etims_documents')
      .select('kind')
      .where('app_id', '=', fx.appId)
      .where('kind', '!=', 'sale')
      .where('kind', '!=', 'credit_note')
      .execute();
    expect(stockDocs).toEqual([]);
  });

  it('answers a retried sale from what is stored, and refuses numbers as KRA does', async () => {
    const kra = client({ cmcKey: creds.cmc_key });
    const body = copy(corpus('odoo-credit-note').setup[1].body);
    const again = await kra.call('saveTrnsSalesOsdc', body);
    expect(again.resultCd).toBe('000');
    expect(again.data.curRcptNo).toBe(1);
    const taken = await kra.call('saveTrnsSalesOsdc', { ...body, trdInvcNo: 'OTHER-1' });
    expect([taken.resultCd, taken.resultMsg]).toEqual(['994', 'Overlapped data: invcNo 1 already exists']);
    const ahead = await kra.call('saveTrnsSalesOsdc', { ...body, invcNo: 7, trdInvcNo: 'AHEAD-7' });
    expect([ahead.resultCd, ahead.resultMsg]).toEqual(['910', 'Invalid invcNo sequence, expected: 3 but found: 7']);
    const rows = await fx.gw.deps.db.selectFrom('etims_documents').select('id').where('app_id', '=', fx.appId).execute();
    expect(rows).toHaveLength(2);
  });

  it('signs the contract corpus’s sales in the shapes Odoo, ERPNext and paybill send', async () => {
    const kra = client({ cmcKey: creds.cmc_key });
    let next = 3;
    for (const id of ['odoo-sale-discount', 'erpnext-sale-inclusive-band-e', 'erpnext-sale-inclusive-rounding', 'paybill-sale-numeric-text']) {
      const c = corpus(id);
      for (const step of c.setup) {
        const res = await kra.call(step.operation, copy(step.body));
        expect(res.resultCd, `${id} setup ${step.operation}: ${JSON.stringify(res.raw)}`).toBe('000');
      }
      const res = await kra.call('saveTrnsSalesOsdc', { ...copy(c.body), invcNo: next });
      expect(res.resultCd, `${id}: ${JSON.stringify(res.raw)}`).toBe('000');
      expect(res.data.rcptSign).toMatch(/^[A-Z2-7]{16}$/);
      next++;
    }
    // KRA's refusal comes back as KRA words it, and frees the number for the corrected document.
    const refused = corpus('refused-header-total-not-lines');
    const bad = await kra.call('saveTrnsSalesOsdc', { ...copy(refused.body), invcNo: next });
    expect(bad.resultCd).toBe('910');
    expect(bad.resultMsg).toContain('totAmt');
    const good = await kra.call('saveTrnsSalesOsdc', { ...copy(corpus('paybill-sale-numeric-text').body), invcNo: next, trdInvcNo: 'FIXED-1' });
    expect(good.resultCd, JSON.stringify(good.raw)).toBe('000');
  }, 60_000);

  it('refuses headers of another branch, wrong keys and missing headers as KRA does', async () => {
    const wrongKey = await client({ cmcKey: 'f0b9831bd2334874b7ec815e40347bc4' }).call('selectCodeList', { lastReqDt: '20180101000000' });
    expect([wrongKey.resultCd, wrongKey.resultMsg]).toEqual(['901', 'It is not valid device.']);
    const other = kraClient({
      ...(protocol === 'A' ? {} : {}),
      protocol,
      baseUrl: protocol === 'A' ? creds.legacy_base_url : creds.gavaconnect_base_url,
      tokenUrl: creds.token_url,
      clientId: creds.client_id,
      clientSecret: creds.client_secret,
      tin: branch.tin,
      bhfId: '09',
      cmcKey: creds.cmc_key,
    });
    expect((await other.call('selectCodeList', { lastReqDt: '20180101000000' })).resultCd).toBe('901');
    const bare = kraClient({
      protocol,
      baseUrl: protocol === 'A' ? creds.legacy_base_url : creds.gavaconnect_base_url,
      tokenUrl: creds.token_url,
      clientId: creds.client_id,
      clientSecret: creds.client_secret,
      tin: branch.tin,
      bhfId: branch.bhfId,
    });
    const missing = await bare.call('selectCodeList', { lastReqDt: '20180101000000' });
    if (protocol === 'A') expect([missing.httpStatus, missing.resultCd]).toEqual([200, '900']);
    else expect([missing.httpStatus, missing.raw.responseHeader.customerMessage]).toEqual([400, 'Validation failed']);
    const unknown = await fetch(`${fx.base}/oscu/AAAAAAAAAAAAAAAAAAAAAAAA/etims-api/selectCodeList`, { method: 'POST', body: '{}' });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as Json).fault.detail.errorcode).toBe('messaging.adaptors.http.flow.ApplicationNotFound');
  });

  it('reads any content type as JSON, and answers an empty or broken body as KRA does', async () => {
    const url = `${protocol === 'A' ? creds.legacy_base_url : creds.gavaconnect_base_url}/selectCodeList`;
    const kra = client({ cmcKey: creds.cmc_key });
    await kra.call('selectNoticeList', { lastReqDt: '20180101000000' });
    const headers = { tin: branch.tin, bhfId: branch.bhfId, cmcKey: creds.cmc_key, ...(kra.bearer ? { authorization: `Bearer ${kra.bearer}` } : {}) };
    const post = async (body: string, type?: string) => {
      const res = await fetch(url, { method: 'POST', headers: { ...headers, ...(type ? { 'content-type': type } : {}) }, body });
      const json = (await res.json()) as Json;
      return [res.status, protocol === 'A' ? json.resultCd : (json.responseBody?.resultCd ?? json.responseHeader.customerMessage)];
    };
    expect(await post('{"lastReqDt":"20180101000000"}', 'text/plain')).toEqual([200, '000']);
    expect(await post('{"lastReqDt":"20180101000000"}')).toEqual([200, '000']);
    expect(await post('', 'application/json')).toEqual(protocol === 'A' ? [200, '911'] : [400, 'Validation failed']);
    expect(await post('{"lastReqDt":', 'application/json')).toEqual(protocol === 'A' ? [200, '910'] : [400, 'Validation failed']);
    expect(await post('{"lastReqDt":"yesterday"}', 'application/json')).toEqual([200, '910']);
  });

  it('never lets a secret out: not in logs, the request log or any answer but the credentials', async () => {
    await fx.gw.deps.requestLog.flush();
    const secrets = [creds.cmc_key, creds.client_secret, ...answeredSecrets, ...(await realKeys(fx.gw))];
    expect(secrets.length).toBeGreaterThanOrEqual(protocol === 'A' ? 3 : 4);
    const logRows = JSON.stringify(await fx.gw.rawRows('request_logs'));
    const stored = JSON.stringify(await fx.gw.rawRows('oscu_credentials')) + JSON.stringify(await fx.gw.rawRows('oscu_bearer_tokens'));
    for (const secret of secrets) {
      expect(fx.gw.logs()).not.toContain(secret);
      expect(logRows).not.toContain(secret);
      expect(stored).not.toContain(secret);
      for (const body of answered) expect(body).not.toContain(secret);
    }
    // Every endpoint call is in the request log with the tenant and app.
    const logs = await fx.api('GET', `/api/logs?app_id=${fx.appId}&limit=200`);
    const routes = new Set((logs.body.data as Json[]).map((l) => `${l.route} ${l.kra_path}`));
    const segment = protocol === 'A' ? 'etims-api/saveTrnsSalesOsdc' : 'etims-oscu/api/v1/sendSalesTransaction';
    expect([...routes]).toContain(`/oscu/:opaque/${segment} saveTrnsSalesOsdc`);
    expect([...routes].some((r) => r.endsWith(' selectCodeList') && r.startsWith('/oscu/:opaque/'))).toBe(true);
  });

  it('rotates the key (the old one is refused) and revokes it', async () => {
    const old = creds;
    creds = await fx.issue();
    expect(creds.legacy_base_url).toBe(old.legacy_base_url);
    expect(creds.cmc_key).not.toBe(old.cmc_key);
    const stale = await client({ cmcKey: old.cmc_key }).call('selectCodeList', { lastReqDt: '20180101000000' });
    expect(stale.resultCd).toBe('901');
    expect((await client({ cmcKey: creds.cmc_key }).call('selectCodeList', { lastReqDt: '20180101000000' })).resultCd).toBe('000');
    const revoked = await fx.api('DELETE', `/api/kra/apps/${fx.appId}/oscu-credentials`);
    expect(revoked.status).toBe(200);
    if (protocol === 'A') expect((await client({ cmcKey: creds.cmc_key }).call('selectCodeList', { lastReqDt: '20180101000000' })).resultCd).toBe('901');
    else await expect(client({ cmcKey: creds.cmc_key }).call('selectCodeList', { lastReqDt: '20180101000000' })).rejects.toThrow(/HTTP 401/);
  });
});

describe('the credentials route', () => {
  let fx: Awaited<ReturnType<typeof endpointFixture>>;
  beforeAll(async () => {
    fx = await endpointFixture(SIM_BRANCHES[1]);
  }, 60_000);
  afterAll(() => fx.gw.close());

  it('is not found for another tenant’s app, and refused for a portal app', async () => {
    const intruder = await fx.gw.tenant(['*']);
    const res = await fx.api('POST', `/api/kra/apps/${fx.appId}/oscu-credentials`, undefined, intruder.token);
    expect(res.status).toBe(404);
    expect((await fx.api('DELETE', `/api/kra/apps/${fx.appId}/oscu-credentials`, undefined, intruder.token)).status).toBe(404);
    const portal = await fx.api('POST', '/api/kra/apps', { type: 'portal', name: 'p', environment: 'simulator', consumer_key: 'k', consumer_secret: 's' });
    expect((await fx.api('POST', `/api/kra/apps/${portal.body.data.id}/oscu-credentials`)).status).toBe(422);
  });

  it('issues a token with a string expires_in, and refuses a bad client secret as KRA does', async () => {
    const creds = await fx.issue();
    const basic = (secret: string) => `Basic ${Buffer.from(`${creds.client_id}:${secret}`).toString('base64')}`;
    const good = await fetch(`${creds.token_url}?grant_type=client_credentials`, { headers: { authorization: basic(creds.client_secret) } });
    const body = (await good.json()) as Json;
    expect(good.status).toBe(200);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: '3600' });
    const bad = await fetch(`${creds.token_url}?grant_type=client_credentials`, { headers: { authorization: basic('nope') } });
    expect([bad.status, ((await bad.json()) as Json).errorMessage]).toEqual([401, 'Client credentials are invalid']);
    const noGrant = await fetch(creds.token_url, { headers: { authorization: basic(creds.client_secret) } });
    expect(noGrant.status).toBe(400);
    // Host A: the first init answers the key, later ones say "installed" unless the key is shown.
    const kra = kraClient({ protocol: 'A', baseUrl: creds.legacy_base_url, tin: SIM_BRANCHES[1].tin, bhfId: SIM_BRANCHES[1].bhfId });
    const device = { tin: SIM_BRANCHES[1].tin, bhfId: SIM_BRANCHES[1].bhfId, dvcSrlNo: SIM_BRANCHES[1].serial };
    expect((await kra.selectInitOsdcInfo(device)).data.info.cmcKey).toBe(creds.cmc_key);
    expect((await kraClient({ protocol: 'A', baseUrl: creds.legacy_base_url, tin: device.tin, bhfId: device.bhfId }).selectInitOsdcInfo(device)).resultCd).toBe(
      '902',
    );
    expect(
      (
        await kraClient({ protocol: 'A', baseUrl: creds.legacy_base_url, tin: device.tin, bhfId: device.bhfId }).selectInitOsdcInfo({
          ...device,
          dvcSrlNo: 'other',
        })
      ).resultCd,
    ).toBe('901');
    expect(fx.gw.logs()).not.toContain(creds.client_secret);
    expect(fx.gw.logs()).not.toContain(String(body.access_token));
  });
});
