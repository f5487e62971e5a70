/**
 * Invoice, device and report pages on both engines: what a tenant sees, importing a device
 * initialized elsewhere, the reconciliation with KRA, and another tenant's ids as 404s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAppWithSecrets } from '../apps/service.js';
import { today } from '../etims/reports/report-inputs.js';
import { openBranch, receiptSaleBody, SIM_BRANCHES } from '../test-support/etims-branch.js';
import { createTestGateway, type TestGateway } from '../test-support/gateway.js';
import { addUser, loggedIn, type LoggedIn } from '../test-support/dashboard.js';

describe('dashboard invoices', () => {
  let gw: TestGateway;
  let owner: LoggedIn;
  let viewer: LoggedIn;
  let stranger: LoggedIn;
  let admin: LoggedIn;
  let saleId: number;
  let appId: number;
  let tenantA: { tenantId: string; token: string };

  beforeAll(async () => {
    gw = await createTestGateway({ simulator: true });
    const a = await gw.tenant();
    tenantA = a;
    const b = await gw.tenant();
    const branch = await openBranch(gw, a.token, SIM_BRANCHES[2]);
    appId = branch.appId;
    const sale = await branch.call('POST', '/api/etims/sales', receiptSaleBody(branch, 'ISO-1'));
    expect(sale.statusCode, sale.body).toBe(201);
    saleId = sale.json().data.id;
    await addUser(gw, a.tenantId, 'owner@a.example', 'member');
    await addUser(gw, a.tenantId, 'viewer@a.example', 'viewer');
    await addUser(gw, b.tenantId, 'stranger@b.example', 'admin');
    await addUser(gw, a.tenantId, 'admin@a.example', 'admin');
    admin = await loggedIn(gw, 'admin@a.example');
    owner = await loggedIn(gw, 'owner@a.example');
    viewer = await loggedIn(gw, 'viewer@a.example');
    stranger = await loggedIn(gw, 'stranger@b.example');
  }, 120_000);
  afterAll(async () => {
    await gw?.close();
  });

  it('lists, filters, searches and shows a signed sale with its QR code', async () => {
    expect((await owner.get('/dashboard/invoices')).body).toContain('ISO-1');
    expect((await owner.get('/dashboard/invoices?status=rejected')).body).not.toContain('ISO-1');
    expect((await owner.get('/dashboard/invoices?q=ISO-1')).body).toContain('ISO-1');
    const detail = await owner.get(`/dashboard/invoices/${saleId}`);
    expect(detail.body).toContain('status-signed');
    expect(detail.body).toContain(`/dashboard/invoices/${saleId}/qr.svg`);
    const qr = await owner.get(`/dashboard/invoices/${saleId}/qr.svg`);
    expect(qr.statusCode).toBe(200);
    expect(qr.body).toContain('<svg');
    expect(detail.body).toContain('Issue a credit note');
    expect((await viewer.get(`/dashboard/invoices/${saleId}`)).body).not.toContain('Issue a credit note');
  });

  it('issues a credit note from the page; a viewer may not', async () => {
    expect((await viewer.post(`/dashboard/invoices/${saleId}/credit-note`, { trader_invoice_number: 'ISO-CN-0', reason_code: '06' })).statusCode).toBe(403);
    const res = await owner.post(`/dashboard/invoices/${saleId}/credit-note`, { trader_invoice_number: 'ISO-CN-1', reason_code: '06' });
    expect(res.statusCode, res.body).toBe(303);
    const cn = await owner.get(String(res.headers.location));
    expect(cn.body).toContain('Credit note ISO-CN-1');
    // The internal token of each call is gone afterwards.
    expect((await gw.rawRows('api_tokens')).some((t) => String(t.name).startsWith('dashboard:'))).toBe(false);
  });

  it('shows the devices, reports, request log and webhooks pages', async () => {
    expect((await owner.get(`/dashboard/devices?app=${appId}`)).body).toContain('KRACU');
    const reports = await owner.get(`/dashboard/reports?app=${appId}`);
    expect(reports.body).toContain('X report');
    expect((await owner.get('/dashboard/logs')).body).toContain('/api/etims/sales');
    expect((await owner.get('/dashboard/logs?route=%2Fapi%2Fetims%2Fsales')).statusCode).toBe(200);
    expect((await owner.get('/dashboard/webhooks')).statusCode).toBe(200);
    expect((await owner.get('/dashboard')).body).toContain('simulator');
  });

  it('answers 404 for another tenant’s invoice and app ids', async () => {
    for (const url of [
      `/dashboard/invoices/${saleId}`,
      `/dashboard/invoices/${saleId}/qr.svg`,
      `/dashboard/invoices/${saleId}/receipt`,
      `/dashboard/devices?app=${appId}`,
      `/dashboard/reports?app=${appId}`,
      `/dashboard/apps/${appId}`,
    ]) {
      expect((await stranger.get(url)).statusCode, url).toBe(404);
    }
    for (const url of [
      `/dashboard/invoices/${saleId}/retry`,
      `/dashboard/invoices/${saleId}/credit-note`,
      `/dashboard/devices/${appId}/sync`,
      `/dashboard/reports/${appId}/z`,
    ]) {
      expect((await stranger.post(url, { trader_invoice_number: 'X-1', reason_code: '06' })).statusCode, url).toBe(404);
    }
    expect((await stranger.get('/dashboard/invoices')).body).not.toContain('ISO-1');
  });

  it('reconciles a date range with KRA: summary, the numbers that did not match, and pages', async () => {
    const day = today(gw.deps);
    const url = (extra = '') => `/dashboard/reports/reconciliation?app=${appId}&from=${day}&to=${day}${extra}`;
    const reports = await viewer.get(`/dashboard/reports?app=${appId}`);
    expect(reports.body).toContain('action="/dashboard/reports/reconciliation"');
    // The form alone, until a range is sent: no KRA reads for a picker change.
    const formOnly = await viewer.get(`/dashboard/reports/reconciliation?app=${appId}`);
    expect(formOnly.statusCode).toBe(200);
    expect(formOnly.body).not.toContain('Numbers that did not match');

    const all = await viewer.get(url());
    expect(all.statusCode, all.body).toBe(200);
    const matched = Number(/<th scope="row">Matched<\/th>\s*<td>(\d+)<\/td>/.exec(all.body)?.[1]);
    // The sale and its credit note.
    expect(matched).toBe(2);
    expect(all.body).toContain('None on this page.');
    expect(all.body).toContain('Last page.');

    // One document a page: a next page while documents remain.
    const first = await viewer.get(url('&limit=1'));
    const next = /href="([^"]+)" rel="next">Next page/.exec(first.body)?.[1];
    expect(next).toContain('cursor=');
    const second = await viewer.get(next!.replace(/&amp;/g, '&'));
    expect(second.statusCode).toBe(200);
    expect(second.body).toContain('First page');

    // Our copy of the sale no longer agrees with KRA's: an amount variance, listed with both totals.
    const [row] = (await gw.rawRows('etims_documents')).filter((d) => Number(d.id) === saleId);
    const payload = JSON.parse(String(row!.payload)) as Record<string, unknown>;
    await gw.deps.db
      .updateTable('etims_documents')
      .set({ payload: JSON.stringify({ ...payload, totAmt: Number(payload.totAmt) + 1 }) })
      .where('id', '=', saleId)
      .execute();
    try {
      const varied = await viewer.get(url());
      expect(varied.body).toMatch(/<th scope="row">Amount or signature differs<\/th>\s*<td>1<\/td>/);
      expect(varied.body).toContain(`href="/dashboard/invoices/${saleId}"`);
      expect(varied.body).toContain('totAmt: ours');
    } finally {
      await gw.deps.db
        .updateTable('etims_documents')
        .set({ payload: String(row!.payload) })
        .where('id', '=', saleId)
        .execute();
    }

    const bad = await viewer.get(`/dashboard/reports/reconciliation?app=${appId}&from=${day}&to=2000-01-01`);
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('from: must not be after to');
    expect((await stranger.get(url())).statusCode).toBe(404);
  });

  it('imports a device initialized elsewhere (admins only); the cmcKey is never shown', async () => {
    const branch = SIM_BRANCHES[1];
    const elsewhere = await fetch(`${gw.simulatorUrl}/etims-api/selectInitOsdcInfo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', tin: branch.tin, bhfId: branch.bhfId },
      body: JSON.stringify({ tin: branch.tin, bhfId: branch.bhfId, dvcSrlNo: branch.serial }),
    });
    const info = ((await elsewhere.json()) as { data: { info: { cmcKey: string; sdcId: string; mrcNo: string } } }).data.info;
    const created = await gw.request('POST', '/api/kra/apps', {
      token: tenantA.token,
      body: { type: 'etims', name: 'Imported till', environment: 'simulator', tin: branch.tin, bhf_id: branch.bhfId, dvc_srl_no: branch.serial },
    });
    expect(created.statusCode, created.body).toBe(201);
    const importedApp = Number(created.json().data.id);
    const devices = `/dashboard/devices?app=${importedApp}`;
    const form = { cmc_key: info.cmcKey, sdc_id: info.sdcId, mrc_no: info.mrcNo };

    expect((await admin.get(devices)).body).toContain('Import device');
    expect((await owner.get(devices)).body).not.toContain('Import device');
    expect((await owner.post(`/dashboard/devices/${importedApp}/import`, form)).statusCode).toBe(403);
    expect((await viewer.post(`/dashboard/devices/${importedApp}/import`, form)).statusCode).toBe(403);
    expect((await stranger.post(`/dashboard/devices/${importedApp}/import`, form)).statusCode).toBe(404);
    expect((await admin.post(`/dashboard/devices/${importedApp}/import`, form, { csrf: null })).statusCode).toBe(403);

    const wrong = await admin.post(`/dashboard/devices/${importedApp}/import`, { ...form, cmc_key: 'not-the-key-0000' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('Nothing was stored');
    expect(wrong.body).not.toContain('not-the-key-0000');
    expect(wrong.body).toContain(`value="${info.sdcId}"`);
    const blank = await admin.post(`/dashboard/devices/${importedApp}/import`, { ...form, sdc_id: '' });
    expect(blank.statusCode).toBe(422);
    expect(blank.body).toContain('id="error-sdc_id"');
    expect(blank.body).not.toContain(info.cmcKey);

    const right = await admin.post(`/dashboard/devices/${importedApp}/import`, form);
    expect(right.statusCode, right.body).toBe(303);
    const page = await admin.get(String(right.headers.location));
    expect(page.body).toContain('Device imported');
    expect(page.body).toContain('imported');
    expect(page.body).toContain(info.sdcId);
    expect(page.body).not.toContain('Import device');
    expect((await getAppWithSecrets(gw.deps, tenantA.tenantId, importedApp)).secrets.cmc_key).toBe(info.cmcKey);
    for (const url of [devices, `/dashboard/apps/${importedApp}`, `/dashboard/reports?app=${importedApp}`]) {
      expect((await admin.get(url)).body, url).not.toContain(info.cmcKey);
    }
  });
});
