/** Invoice, device and report pages on both engines: what a tenant sees, and another tenant's ids as 404s. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBranch, receiptSaleBody, SIM_BRANCHES } from '../test-support/etims-branch.js';
import { createTestGateway, type TestGateway } from '../test-support/gateway.js';
import { addUser, loggedIn, type LoggedIn } from '../test-support/dashboard.js';

describe('dashboard invoices', () => {
  let gw: TestGateway;
  let owner: LoggedIn;
  let viewer: LoggedIn;
  let stranger: LoggedIn;
  let saleId: number;
  let appId: number;

  beforeAll(async () => {
    gw = await createTestGateway({ simulator: true });
    const a = await gw.tenant();
    const b = await gw.tenant();
    const branch = await openBranch(gw, a.token, SIM_BRANCHES[2]);
    appId = branch.appId;
    const sale = await branch.call('POST', '/api/etims/sales', receiptSaleBody(branch, 'ISO-1'));
    expect(sale.statusCode, sale.body).toBe(201);
    saleId = sale.json().data.id;
    await addUser(gw, a.tenantId, 'owner@a.example', 'member');
    await addUser(gw, a.tenantId, 'viewer@a.example', 'viewer');
    await addUser(gw, b.tenantId, 'stranger@b.example', 'admin');
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
});
