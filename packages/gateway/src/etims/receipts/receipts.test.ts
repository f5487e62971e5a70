/**
 * Receipts of documents the simulator signed: every element of the TIS layout in the HTML, original
 * then copies, credit-note texts, training mode, and QR codes (PNG decoded) that open KRA's page.
 */
import jsqrModule from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBranch, receiptSaleBody, SIM_BRANCHES, type TestBranch } from '../../test-support/etims-branch.js';
import { createTestGateway, type TestGateway } from '../../test-support/gateway.js';
import { pdfText } from '../../test-support/pdf-text.js';
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
const flat = (t: string) => t.replace(/\s+/g, ' ');
const text = (html: string) =>
  html
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<svg[\s\S]*?<\/svg>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replaceAll('&nbsp;', ' ')
    .replace(/\s+/g, ' ');

type SignedReceipt = typeof sale.receipt;

/** Every element KRA checks on the original of the receipt sale (receiptSaleBody), in its visible text. */
function expectOriginal(t: string, receipt: SignedReceipt): void {
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
    `CU INVOICE NO. KRACU051234001/${receipt.curRcptNo}`,
    `RECEIPT NUMBER ${receipt.curRcptNo}/${receipt.totRcptNo} NS`,
    `Internal Data ${receipt.intrlData.match(/.{1,4}/g)!.join('-')}`,
    `Receipt Signature ${receipt.rcptSign.match(/.{4}/g)!.join('-')}`,
    'Asante!',
    'NS — END OF LEGAL RECEIPT',
  ]) {
    expect(t, part).toContain(part);
  }
  for (const band of ['A', 'B', 'C', 'D', 'E']) expect(t).toMatch(new RegExp(` ${band} \\d+\\.\\d{2}% `));
}

beforeAll(async () => {
  gw = await createTestGateway({ simulator: true, env: { USHURU_OUTBOX_RETRY_BASE_MS: '20' } });
  token = (await gw.tenant(['*'])).token;
  branch = await openBranch(gw, token, SIM_BRANCHES[0], { receipt_header: 'Moi Avenue, Nairobi', receipt_footer: 'Asante!' });
  const res = await branch.call('POST', '/api/etims/sales', receiptSaleBody(branch, 'RCPT-1'));
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
    expectOriginal(t, sale.receipt);
    expect(t).not.toContain('NOT AN OFFICIAL RECEIPT');
    expect(res.body).toContain('<svg');
  });

  it('prints every later receipt as a copy, watermarked and not official, as HTML and PDF', async () => {
    const copy = text((await branch.call('GET', `/api/etims/sales/${sale.id}/receipt?layout=a4`)).body);
    expect(copy).toContain('THIS IS NOT AN OFFICIAL RECEIPT');
    expect(copy).toContain(' CS — THIS IS NOT AN OFFICIAL RECEIPT');
    expect(copy).not.toContain('END OF LEGAL RECEIPT');
    const pdf = await branch.call('GET', `/api/etims/sales/${sale.id}/receipt?format=pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe(`inline; filename="receipt-${sale.id}.pdf"`);
    const printed = await pdfText(pdf.rawPayload);
    expect(printed.pages).toBe(1);
    expect(flat(printed.text)).toContain(`RECEIPT NUMBER ${sale.receipt.curRcptNo}/${sale.receipt.totRcptNo} CS`);
    expect(flat(printed.text)).toContain('CS — THIS IS NOT AN OFFICIAL RECEIPT');
  });

  it('prints the original as a PDF with every element, on one 80 mm page or on A4', async () => {
    const res = await branch.call('POST', '/api/etims/sales', receiptSaleBody(branch, 'RCPT-PDF'));
    expect(res.statusCode, res.body).toBe(201);
    const signed = res.json().data;
    const pdf = await branch.call('GET', `/api/etims/sales/${signed.id}/receipt?format=pdf`);
    const printed = await pdfText(pdf.rawPayload);
    expect(printed.pages).toBe(1);
    expect(printed.info.Title).toBe(`NS KRACU051234001/${signed.receipt.curRcptNo}`);
    const t = flat(printed.text);
    expectOriginal(t, signed.receipt);
    expect(t).not.toContain('NOT AN OFFICIAL');
    const a4 = await pdfText((await branch.call('GET', `/api/etims/sales/${signed.id}/receipt?format=pdf&layout=a4`)).rawPayload);
    expect(a4.pages).toBe(1);
    expect(flat(a4.text)).toContain('CS — THIS IS NOT AN OFFICIAL RECEIPT');
    expect((await branch.call('GET', `/api/etims/sales/${signed.id}/receipt?format=doc`)).json()).toMatchObject({
      errors: { format: [expect.stringContaining('html, pdf, svg or png')] },
    });
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
      ' NC — END OF LEGAL RECEIPT',
    ]) {
      expect(t, part).toContain(part);
    }
  });

  it('marks training receipts, and refuses a receipt before KRA signed', async () => {
    await gw.request('PATCH', `/api/kra/apps/${branch.appId}`, { token, body: { settings: { transport: 'legacy', training_mode: true } } });
    const t = text((await branch.call('GET', '/api/etims/sales/RCPT-1/receipt')).body);
    expect(t).toContain('THIS IS NOT AN OFFICIAL RECEIPT');
    expect(t).toContain(' TS — THIS IS NOT AN OFFICIAL RECEIPT');
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

  it('prints before KRA signs when the app allows it: a QR code of the public page, which sends to KRA once signed', async () => {
    await gw.request('PATCH', `/api/kra/apps/${branch.appId}`, {
      token,
      body: { settings: { transport: 'legacy', verification_page_base_url: 'https://pos.example.co.ke/' } },
    });
    const fault = await simControl(gw.simulatorUrl!).addFault({ route: 'oscuA.saveTrnsSalesOsdc', outage: {} });
    let queued: { id: number };
    let pageUrl: string;
    try {
      const res = await branch.call('POST', '/api/etims/sales', {
        trader_invoice_number: 'RCPT-EARLY',
        lines: [{ item_code: branch.items.delivery, quantity: 1, unit_price: 54 }],
      });
      expect(res.statusCode).toBe(202);
      queued = res.json().data;
      const early = await branch.call('GET', `/api/etims/sales/${queued.id}/receipt`);
      expect(early.statusCode).toBe(200);
      const t = text(early.body);
      expect(t).toContain('AWAITING KRA SIGNATURE');
      expect(t).toContain('TOTAL 54.00');
      expect(t).toContain('NS — END OF LEGAL RECEIPT');
      expect(t).not.toContain('SCU ID');
      const png = PNG.sync.read((await branch.call('GET', `/api/etims/sales/${queued.id}/receipt?format=png`)).rawPayload);
      pageUrl = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)!.data;
      expect(pageUrl).toMatch(/^https:\/\/pos\.example\.co\.ke\/v\/[A-Za-z0-9_-]{22}$/);
      // The same page on every print.
      expect(text((await branch.call('GET', `/api/etims/sales/${queued.id}/receipt?layout=a4`)).body)).toContain('AWAITING KRA SIGNATURE');
      const svg = (await branch.call('GET', `/api/etims/sales/${queued.id}/receipt?format=svg`)).body;
      expect(svg).toMatch(/^<svg/);

      const waiting = await gw.request('GET', new URL(pageUrl).pathname);
      expect(waiting.statusCode).toBe(200);
      expect(waiting.headers['content-type']).toContain('text/html');
      expect(waiting.headers['cache-control']).toBe('no-store');
      expect(waiting.body).toContain('Waiting for KRA');
      // Nothing but the status: no seller, buyer, amount or item.
      for (const secret of ['P051234567Q', '54.00', 'Delivery', 'RCPT-EARLY']) expect(waiting.body).not.toContain(secret);
    } finally {
      await simControl(gw.simulatorUrl!).removeFault(fault.id);
    }
    await gw.deps.outbox.drain(branch.appId, 10_000);
    const signed = (await branch.call('GET', `/api/etims/sales/${queued.id}`)).json().data;
    expect(signed.status).toBe('signed');
    const redirect = await gw.request('GET', new URL(pageUrl).pathname);
    expect(redirect.statusCode).toBe(302);
    expect(redirect.headers.location).toBe(signed.receipt.verification_url);
    // Once signed, the receipt carries KRA's block and KRA's URL; it is a copy of the early print.
    const after = text((await branch.call('GET', `/api/etims/sales/${queued.id}/receipt`)).body);
    expect(after).toContain(`RECEIPT NUMBER ${signed.receipt.curRcptNo}/${signed.receipt.totRcptNo} CS`);
    const png = PNG.sync.read((await branch.call('GET', `/api/etims/sales/${queued.id}/receipt?format=png`)).rawPayload);
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(signed.receipt.verification_url);

    expect((await gw.request('GET', '/v/AAAAAAAAAAAAAAAAAAAAAA')).statusCode).toBe(404);
    expect((await gw.request('GET', '/v/not-an-id')).statusCode).toBe(404);
    const refused = await gw.request('PATCH', `/api/kra/apps/${branch.appId}`, {
      token,
      body: { settings: { verification_page_base_url: 'ftp://x.example' } },
    });
    expect(refused.statusCode).toBe(422);
    expect(JSON.stringify(refused.json())).toContain('verification_page_base_url');
    await gw.request('PATCH', `/api/kra/apps/${branch.appId}`, { token, body: { settings: { transport: 'legacy' } } });
  });

  it('proformas: the amounts the sale will have, printed PS and never sent to KRA', async () => {
    const before = (await branch.call('GET', '/api/etims/sales?limit=200')).json().data.length;
    const res = await branch.call('POST', '/api/etims/proformas', {
      reference: 'Q-7',
      valid_until: '2999-12-31',
      customer_pin: 'P052345678R',
      lines: [
        { item_code: branch.items.maize, quantity: 2, unit_price: '3600.00', discount_rate: 5 },
        { item_code: branch.items.delivery, quantity: 1, unit_price: 108 },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    const proforma = res.json().data;
    expect(res.headers.location).toBe(`/api/etims/proformas/${proforma.id}`);
    expect(proforma).toMatchObject({
      reference: 'Q-7',
      total: '6948.00',
      customer_pin: 'P052345678R',
      lines: [{ total: '6840.00', tax_type: 'B' }, { total: '108.00' }],
    });
    expect((await branch.call('GET', '/api/etims/sales?limit=200')).json().data.length).toBe(before);
    expect((await branch.call('GET', `/api/etims/proformas/${proforma.id}`)).json().data).toMatchObject({ id: proforma.id, total: '6948.00' });
    expect((await branch.call('GET', '/api/etims/proformas')).json().data[0].id).toBe(proforma.id);

    const html = text((await branch.call('GET', `/api/etims/proformas/${proforma.id}/receipt`)).body);
    const pdf = flat((await pdfText((await branch.call('GET', `/api/etims/proformas/${proforma.id}/receipt?format=pdf&layout=a4`)).rawPayload)).text);
    for (const t of [html, pdf]) {
      for (const part of ['PROFORMA INVOICE', 'QUOTE: Q-7', 'VALID UNTIL: 2999-12-31', '6,840.00B', 'TOTAL 6,948.00', 'PS — THIS IS NOT AN OFFICIAL RECEIPT']) {
        expect(t, part).toContain(part);
      }
      expect(t).not.toContain('SCU');
      expect(t).not.toContain('TAX INVOICE');
    }
    expect((await branch.call('GET', `/api/etims/proformas/${proforma.id}`)).json().data.print_count).toBe(2);

    const bad = await branch.call('POST', '/api/etims/proformas', {
      valid_until: '2001-01-01',
      lines: [{ item_code: 'KE2NTU0009999', quantity: 1, unit_price: 1 }],
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors).toHaveProperty('valid_until');
    const unknown = await branch.call('POST', '/api/etims/proformas', { lines: [{ item_code: 'KE2NTU0009999', quantity: 1, unit_price: 1 }] });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors).toHaveProperty(['lines.0.item_code']);
    expect((await branch.call('POST', '/api/etims/proformas', { trader_invoice_number: 'X', lines: [] })).statusCode).toBe(422);
  });
});
