/**
 * Receipts of documents the simulator signed: every element of the TIS layout in the HTML, original
 * then copies, credit-note texts, training mode, and QR codes (PNG decoded) that open KRA's page.
 */
import jsqrModule from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBranch, SIM_BRANCHES, type TestBranch } from '../../test-support/etims-branch.js';
import { createTestGateway, type TestGateway } from '../../test-support/gateway.js';
import { simControl } from '../../test-support/sim-control.js';

// jsqr is CommonJS with an ES-style default: the callable is `.default` under Node's loader and the module itself under Vite's.
const jsQR = ((jsqrModule as unknown as { default?: typeof jsqrModule.default }).default ?? jsqrModule) as unknown as typeof jsqrModule.default;

let gw: TestGateway;
let token: string;
let branch: TestBranch;
let sale: {
  id: number;
  invoice_number: number;
  receipt: { rcptSign: string; intrlData: string; curRcptNo: number; totRcptNo: number; verification_url: string };
};

/** The visible text of an HTML page, one space between words. */
const text = (html: string) =>
  html
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<svg[\s\S]*?<\/svg>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replaceAll('&nbsp;', ' ')
    .replace(/\s+/g, ' ');

beforeAll(async () => {
  gw = await createTestGateway({ simulator: true, env: { USHURU_OUTBOX_RETRY_BASE_MS: '20' } });
  token = (await gw.tenant(['*'])).token;
  branch = await openBranch(gw, token, SIM_BRANCHES[0], { receipt_header: 'Moi Avenue, Nairobi', receipt_footer: 'Asante!' });
  const res = await branch.call('POST', '/api/etims/sales', {
    trader_invoice_number: 'RCPT-1',
    customer_pin: 'P052345678R',
    payment_type: '06',
    lines: [
      { item_code: branch.items.maize, quantity: 2, unit_price: '3600.00', discount_rate: 5 },
      { item_code: branch.items.delivery, quantity: 1, unit_price: 108 },
    ],
  });
  expect(res.statusCode, res.body).toBe(201);
  sale = res.json().data;
}, 60_000);
afterAll(() => gw.close());

describe('receipts', () => {
  it('prints the original with every element KRA checks', async () => {
    const res = await branch.call('GET', `/api/etims/sales/${sale.id}/receipt`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    const t = text(res.body);
    const signature = sale.receipt.rcptSign.match(/.{4}/g)!.join('-');
    for (const part of [
      'PIN: P051234567Q',
      'Moi Avenue, Nairobi',
      'TAX INVOICE',
      'Buyer PIN: P052345678R',
      // 2 × 3,600.00 less 5 % = 6,840.00, band B; 108.00 band E.
      '6,840.00B',
      '108.00E',
      'TOTAL BEFORE DISCOUNT 7,308.00',
      'TOTAL DISCOUNT AWARDED -360.00',
      'TOTAL 6,948.00',
      'MOBILE MONEY 6,948.00',
      'ITEMS NUMBER 2',
      'SCU ID KRACU051234001',
      `CU INVOICE NO. KRACU051234001/${sale.receipt.curRcptNo}`,
      `RECEIPT NUMBER ${sale.receipt.curRcptNo}/${sale.receipt.totRcptNo} NS`,
      `Receipt Signature ${signature}`,
      'Asante!',
      'NS — END OF LEGAL RECEIPT',
    ]) {
      expect(t, part).toContain(part);
    }
    for (const band of ['A', 'B', 'C', 'D', 'E']) expect(t).toMatch(new RegExp(` ${band} \\d+\\.\\d{2}% `));
    expect(t).not.toContain('NOT AN OFFICIAL RECEIPT');
    expect(res.body).toContain('<svg');
  });

  it('prints every later receipt as a copy, watermarked and not official', async () => {
    const copy = text((await branch.call('GET', `/api/etims/sales/${sale.id}/receipt?layout=a4`)).body);
    expect(copy).toContain('THIS IS NOT AN OFFICIAL RECEIPT');
    expect(copy).toContain(' CS — END OF LEGAL RECEIPT');
  });

  it('gives the QR code alone, as PNG and SVG, holding KRA’s verification URL', async () => {
    expect(sale.receipt.verification_url).toMatch(
      /^https:\/\/etims-sbx\.kra\.go\.ke\/common\/link\/etims\/receipt\/indexEtimsReceiptData\?Data=P051234567Q00[A-Z0-9]{16}$/,
    );
    const png = await branch.call('GET', `/api/etims/sales/${sale.id}/receipt?format=png`);
    expect(png.headers['content-type']).toBe('image/png');
    const image = PNG.sync.read(png.rawPayload);
    expect(jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data).toBe(sale.receipt.verification_url);
    const svg = await branch.call('GET', `/api/etims/sales/${sale.id}/receipt?format=svg`);
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    expect(svg.body).toMatch(/^<svg/);
  });

  it('prints a credit note with its texts and label', async () => {
    const note = await branch.call('POST', '/api/etims/credit-notes/express', { sale: 'RCPT-1', trader_invoice_number: 'RCPT-CN', reason_code: '06' });
    expect(note.statusCode, note.body).toBe(201);
    const t = text((await branch.call('GET', `/api/etims/credit-notes/${note.json().data.id}/receipt`)).body);
    for (const part of [
      'CREDIT NOTE',
      `ORIGINAL CU INVOICE NO.# KRACU051234001/${sale.invoice_number}`,
      'CREDIT NOTE IS APPROVED ONLY FOR ORIGINAL SALES RECEIPT',
      ' NC — END',
    ]) {
      expect(t, part).toContain(part);
    }
  });

  it('marks training receipts, and refuses a receipt before KRA signed', async () => {
    await gw.request('PATCH', `/api/kra/apps/${branch.appId}`, { token, body: { settings: { transport: 'legacy', training_mode: true } } });
    const t = text((await branch.call('GET', '/api/etims/sales/RCPT-1/receipt')).body);
    expect(t).toContain('THIS IS NOT AN OFFICIAL RECEIPT');
    expect(t).toContain(' TS — END');
    await gw.request('PATCH', `/api/kra/apps/${branch.appId}`, { token, body: { settings: { transport: 'legacy' } } });

    const fault = await simControl(gw.simulatorUrl!).addFault({ route: 'oscuA.saveTrnsSalesOsdc', outage: {} });
    try {
      const queued = await branch.call('POST', '/api/etims/sales', {
        trader_invoice_number: 'RCPT-Q',
        lines: [{ item_code: branch.items.delivery, quantity: 1, unit_price: 10 }],
      });
      expect(queued.statusCode).toBe(202);
      expect((await branch.call('GET', `/api/etims/sales/${queued.json().data.id}/receipt`)).statusCode).toBe(409);
    } finally {
      await simControl(gw.simulatorUrl!).removeFault(fault.id);
    }
  });
});
