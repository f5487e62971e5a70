/**
 * The dashboard in Debian's Chromium, against a listening gateway with the simulator: the whole
 * setup of the seeds from the browser (log in, add and test an app, initialize its device, create a
 * token), a sale made through the API seen signed with its QR code, a credit note issued from the
 * page, a Z report taken, app settings saved, a reconciliation run and a webhook endpoint added — with a screenshot and an axe-core check of every page, and no secret in
 * any page's HTML.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAppWithSecrets } from '../apps/service.js';
import { artifactsDir, launchChromium } from '../test-support/browser.js';
import { MAIZE, SIM_BRANCHES } from '../test-support/etims-branch.js';
import { createTestGateway, TEST_ENGINE, type TestGateway } from '../test-support/gateway.js';
import { addUser, PASSWORD } from '../test-support/dashboard.js';

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const PORTAL_SECRET = 'portal-secret-Never-In-HTML-42';
const PORTAL_KEY = 'portal-key-Never-In-HTML-41';

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown }>;
}

describe.skipIf(TEST_ENGINE !== 'sqlite')('dashboard in Chromium', () => {
  let gw: TestGateway;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  let tenantId: string;
  const dir = artifactsDir('dashboard');
  /** The HTML of every page seen, checked for secrets at the end. */
  const seen: Array<{ name: string; html: string }> = [];

  /** Screenshot, axe check and HTML capture of the current page. */
  async function review(name: string): Promise<void> {
    await page.waitForLoadState('load');
    writeFileSync(join(dir, `${name}.png`), await page.screenshot({ fullPage: true }));
    seen.push({ name, html: await page.content() });
    await page.addScriptTag({ path: AXE_PATH });
    const violations = (await page.evaluate(async () => {
      const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: unknown[] }> } }).axe;
      return (await axe.run()).violations;
    })) as AxeViolation[];
    const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${name}: ${v.id} (${v.impact}) ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target))}`)).toEqual([]);
  }

  beforeAll(async () => {
    browser = await launchChromium();
    gw = await createTestGateway({ simulator: true });
    tenantId = (await gw.tenant()).tenantId;
    await addUser(gw, tenantId, 'owner@shop.example', 'admin');
    await gw.app.listen({ host: '127.0.0.1', port: 0 });
    const address = gw.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    // axe is injected as an inline script; the dashboard's CSP rightly forbids that, so the test context bypasses it.
    context = await browser.newContext({ viewport: { width: 1100, height: 800 }, bypassCSP: true });
    page = await context.newPage();
    // Offline: every request must go to the gateway itself.
    await page.route('**/*', (route) => (route.request().url().startsWith(base) ? route.continue() : route.abort()));
  }, 60_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await gw?.close();
  });

  it('does the whole setup and a sale’s life from the dashboard', async () => {
    const branch = SIM_BRANCHES[3];
    await page.goto(`${base}/dashboard/login`);
    await review('login');
    await page.getByLabel('Email address').fill('owner@shop.example');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await review('overview');

    // KRA Apps > Add New: a portal app (secrets write-only) and the branch's eTIMS app.
    await page.getByRole('link', { name: 'KRA Apps' }).click();
    await page.getByRole('heading', { name: 'KRA Apps' }).waitFor();
    await page.getByRole('link', { name: 'Add New' }).click();
    await page.getByRole('heading', { name: 'Add a KRA app' }).waitFor();
    await review('apps-new');
    const portal = page.locator('fieldset', { hasText: 'Portal App Fields' });
    await portal.getByLabel('Name').fill('Portal');
    await portal.getByLabel('Environment').selectOption('simulator');
    await portal.getByLabel('Consumer key').fill(PORTAL_KEY);
    await portal.getByLabel('Consumer secret').fill(PORTAL_SECRET);
    await portal.getByRole('button', { name: 'Add portal app' }).click();
    await page.getByRole('heading', { name: 'App: Portal' }).waitFor();

    await page.getByRole('link', { name: 'KRA Apps' }).click();
    await page.getByRole('link', { name: 'Add New' }).click();
    const etims = page.locator('fieldset', { hasText: 'eTIMS App Fields' });
    await etims.getByLabel('Name').fill('Shop till');
    await etims.getByLabel('Environment').selectOption('simulator');
    await etims.getByLabel('KRA PIN (tin)').fill(branch.tin);
    await etims.getByLabel('Branch id (bhf_id)').fill(branch.bhfId);
    await etims.getByLabel('Device serial (dvc_srl_no)').fill(branch.serial);
    await etims.getByRole('button', { name: 'Add eTIMS app' }).click();
    await page.getByRole('heading', { name: 'App: Shop till' }).waitFor();
    const appId = Number(/\/apps\/(\d+)/.exec(page.url())?.[1]);
    expect(appId).toBeGreaterThan(0);

    // Devices: initialize (the cmcKey KRA answers is stored encrypted, never shown).
    await page.getByRole('link', { name: 'eTIMS devices' }).click();
    await page.getByRole('link', { name: 'eTIMS devices' }).waitFor();
    await page.goto(`${base}/dashboard/devices?app=${appId}`);
    await page.getByRole('button', { name: 'Initialize device' }).click();
    await page.getByText('Device initialized').waitFor();
    await review('devices');

    // Test the app now that its device is initialized.
    await page.goto(`${base}/dashboard/apps/${appId}`);
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.locator('#test-result .notice').waitFor();
    await expect(page.locator('#test-result').innerText()).resolves.toContain('Connected');
    await review('app-detail');
    // Settings: saved through the API, field errors next to their fields.
    await page.getByLabel('Receipt header').fill('Shop till\nMoi Avenue');
    await page.getByLabel('Verification page base URL').fill('https://pos.example.co.ke?x=1');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.locator('#error-verification_page_base_url').waitFor();
    await review('app-settings-error');
    await page.getByLabel('Verification page base URL').fill('');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.').waitFor();
    await expect(page.getByLabel('Receipt header').inputValue()).resolves.toBe('Shop till\nMoi Avenue');
    await page.getByRole('link', { name: 'KRA Apps' }).click();
    await page.getByRole('heading', { name: 'KRA Apps' }).waitFor();
    await review('apps');

    // API Tokens: create one with '*', shown once.
    await page.getByRole('link', { name: 'API Tokens' }).click();
    await page.getByLabel('Name').fill('POS till 1');
    await page.locator('input[name="scopes"][value="*"]').check();
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = (await page.locator('#new-token-value').innerText()).trim();
    expect(token).toMatch(/^ush_/);
    await review('token-created');
    await page.getByRole('link', { name: 'API Tokens' }).click();
    await page.getByRole('heading', { name: 'API Tokens' }).waitFor();
    await review('tokens');

    // A sale through the API with the new token.
    const api = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'x-kra-app-id': String(appId), 'content-type': 'application/json' },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, json: (await res.json()) as { data: Record<string, unknown> } };
    };
    const item = await api('POST', '/api/etims/items', MAIZE);
    expect(item.status).toBe(201);
    const itemCd = String(item.json.data.itemCd);
    expect(
      (await api('POST', '/api/etims/stock/movements', { type: '06', reference: 'OPENING', lines: [{ item_code: itemCd, quantity: 100 }] })).status,
    ).toBeLessThan(300);
    await gw.deps.outbox.drain(appId, 10_000);
    const sale = await api('POST', '/api/etims/sales', { trader_invoice_number: 'DASH-1', lines: [{ item_code: itemCd, quantity: 2, unit_price: '480.00' }] });
    expect(sale.status).toBe(201);
    const saleId = Number(sale.json.data.id);

    // Invoices: the sale is signed, with its QR code.
    await page.getByRole('link', { name: 'Invoices' }).click();
    await page.getByRole('link', { name: String(saleId), exact: true }).click();
    await page.getByRole('heading', { name: 'Sale DASH-1' }).waitFor();
    await expect(page.locator('dd.status-signed').innerText()).resolves.toBe('signed');
    const qr = page.locator('img.qr');
    await qr.waitFor();
    await expect(
      qr.evaluate((img) => {
        const i = img as unknown as { complete: boolean; naturalWidth: number };
        return i.complete && i.naturalWidth > 0;
      }),
    ).resolves.toBe(true);
    await review('invoice');
    const receipt = await context.request.get(`${base}/dashboard/invoices/${saleId}/receipt`);
    expect(receipt.status()).toBe(200);
    expect(await receipt.text()).toContain('960.00');

    // A credit note from the page.
    await page.getByLabel('Your credit note number').fill('DASH-CN-1');
    await page.getByRole('button', { name: 'Issue credit note' }).click();
    await page.getByRole('heading', { name: 'Credit note DASH-CN-1' }).waitFor();
    await review('credit-note');
    await page.getByRole('link', { name: 'Invoices' }).click();
    await page.getByRole('heading', { name: 'Invoices' }).waitFor();
    await review('invoices');

    // Reports: take the Z report.
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('button', { name: /Z report/ }).click();
    await page.getByText('Z report taken.').waitFor();
    await expect(page.locator('td', { hasText: /^Z1$/ }).count()).resolves.toBe(1);
    await review('reports');
    await page.getByRole('button', { name: 'Reconcile with KRA' }).click();
    await page.getByRole('heading', { name: 'Numbers that did not match' }).waitFor();
    await review('reconciliation');

    for (const [name, section] of [
      ['users', 'Users'],
      ['logs', 'Request log'],
      ['webhooks', 'Webhooks'],
    ] as const) {
      await page.getByRole('link', { name: section }).click();
      await page.getByRole('heading', { name: section }).waitFor();
      await review(name);
    }
    // Webhooks: add an endpoint; its signing secret is shown once.
    await page.getByLabel('URL').fill('https://erp.example.com/hooks/ushuru');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const hookSecret = (await page.locator('#new-webhook-secret').innerText()).trim();
    expect(hookSecret).toMatch(/^whsec_/);
    await review('webhook-created');
    await page.goto(`${base}/dashboard`);
    await review('overview-after');

    // Phone width: the layout still reads.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/dashboard/invoices/${saleId}`);
    writeFileSync(join(dir, 'invoice-phone.png'), await page.screenshot({ fullPage: true }));

    // No secret in any page: the portal credentials, the cmcKey KRA issued, the token, the password.
    const cmcKey = (await getAppWithSecrets(gw.deps, tenantId, appId)).secrets.cmc_key;
    expect(cmcKey).toBeTruthy();
    for (const { name, html } of seen) {
      for (const secret of [PORTAL_SECRET, PORTAL_KEY, cmcKey!, PASSWORD]) expect(html.includes(secret), `${name} holds a secret`).toBe(false);
      if (name !== 'token-created') expect(html.includes(token), `${name} shows the token`).toBe(false);
      if (name !== 'webhook-created') expect(html.includes(hookSecret), `${name} shows the webhook secret`).toBe(false);
    }
  }, 180_000);
});
