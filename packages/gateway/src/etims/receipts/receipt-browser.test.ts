/**
 * Receipts as a person sees them: the 80 mm and A4 HTML rendered by Chromium and the PDF rendered by
 * Poppler (`pdftoppm`), each kept as a screenshot in artifacts/receipts/, and the QR code read back
 * from the pixels, so a printed receipt is known to scan to KRA's page.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jsqrModule from 'jsqr';
import type { Browser } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, launchChromium } from '../../test-support/browser.js';
import { openBranch, receiptSaleBody, SIM_BRANCHES, type TestBranch } from '../../test-support/etims-branch.js';
import { createTestGateway, TEST_ENGINE, type TestGateway } from '../../test-support/gateway.js';

// jsqr is CommonJS with an ES-style default: the callable is `.default` under Node's loader and the module itself under Vite's.
const jsQR = ((jsqrModule as unknown as { default?: typeof jsqrModule.default }).default ?? jsqrModule) as unknown as typeof jsqrModule.default;

const readQr = (png: Buffer): string | undefined => {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
};

// Rendering is the same whatever the database: run once, in the SQLite pass.
describe.skipIf(TEST_ENGINE !== 'sqlite')('printed receipts', () => {
  let gw: TestGateway;
  let branch: TestBranch;
  let browser: Browser;
  let sale: { id: number; receipt: { verification_url: string } };
  const dir = artifactsDir('receipts');

  beforeAll(async () => {
    browser = await launchChromium();
    gw = await createTestGateway({ simulator: true });
    const { token } = await gw.tenant(['*']);
    branch = await openBranch(gw, token, SIM_BRANCHES[0], { receipt_header: 'Moi Avenue, Nairobi', receipt_footer: 'Asante sana!' });
    const res = await branch.call('POST', '/api/etims/sales', receiptSaleBody(branch, 'SHOT-1'));
    expect(res.statusCode, res.body).toBe(201);
    sale = res.json().data;
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await gw?.close();
  });

  it.each([
    ['80mm', 320],
    ['a4', 800],
  ] as const)('renders the %s HTML receipt in Chromium, and its QR code scans to KRA’s page', async (layout, width) => {
    const html = (await branch.call('GET', `/api/etims/sales/${sale.id}/receipt?layout=${layout}`)).body;
    const page = await browser.newPage({ viewport: { width, height: 600 }, deviceScaleFactor: 2 });
    try {
      // Offline: the receipt needs nothing from the network (fonts, scripts, images are all inline).
      await page.route('**/*', (route) => route.abort());
      await page.setContent(html, { waitUntil: 'load' });
      const shot = await page.screenshot({ fullPage: true });
      writeFileSync(join(dir, `receipt-${layout}.png`), shot);
      expect(readQr(shot)).toBe(sale.receipt.verification_url);
      const visible = await page.innerText('body');
      expect(visible).toContain('TAX INVOICE');
      expect(visible).toMatch(/RECEIPT NUMBER\s+\d+\/\d+ [NC]S/);
      // The receipt fits its paper: nothing wider than the page.
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
    } finally {
      await page.close();
    }
  });

  it.each(['80mm', 'a4'] as const)('renders the %s PDF receipt with Poppler, and its QR code scans to KRA’s page', async (layout) => {
    const pdf = (await branch.call('GET', `/api/etims/sales/${sale.id}/receipt?format=pdf&layout=${layout}`)).rawPayload;
    const file = join(dir, `receipt-${layout}.pdf`);
    writeFileSync(file, pdf);
    execFileSync('pdftoppm', ['-png', '-r', '200', '-singlefile', file, join(dir, `receipt-${layout}-pdf`)]);
    expect(readQr(readFileSync(join(dir, `receipt-${layout}-pdf.png`)))).toBe(sale.receipt.verification_url);
  });
});
