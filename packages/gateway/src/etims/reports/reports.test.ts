/**
 * X and Z reports and Salami's sales, summary and stock reports against documents signed by the
 * simulator: the totals add up to the documents, a Z report is numbered, taken once and never while
 * documents of its day still wait, and the CSVs carry the same figures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBranch, SIM_BRANCHES, type TestBranch } from '../../test-support/etims-branch.js';
import { createTestGateway, type TestGateway } from '../../test-support/gateway.js';
import { pdfText } from '../../test-support/pdf-text.js';
import { simControl } from '../../test-support/sim-control.js';

let gw: TestGateway;
let branch: TestBranch;

beforeAll(async () => {
  gw = await createTestGateway({ simulator: { stockBeforeSale: true }, env: { USHURU_OUTBOX_RETRY_BASE_MS: '20', USHURU_OUTBOX_RETRY_MAX_MS: '100' } });
  const { token } = await gw.tenant(['*']);
  branch = await openBranch(gw, token, SIM_BRANCHES[0]);
  // 2 × 116.00 at 16 % cash, and 100 + 108 (16 % and 8 %) by mobile money; then 1 × 116.00 credited.
  const first = await branch.call('POST', '/api/etims/sales', {
    trader_invoice_number: 'R-1',
    lines: [{ item_code: branch.items.maize, quantity: 2, unit_price: 116 }],
  });
  const second = await branch.call('POST', '/api/etims/sales', {
    trader_invoice_number: '=R-2',
    payment_type: '06',
    lines: [
      { item_code: branch.items.maize, quantity: 1, unit_price: 100 },
      { item_code: branch.items.delivery, quantity: 1, unit_price: 108 },
    ],
  });
  const note = await branch.call('POST', '/api/etims/credit-notes', {
    sale: 'R-1',
    trader_invoice_number: 'RC-1',
    reason_code: '06',
    lines: [{ item_code: branch.items.maize, quantity: 1 }],
  });
  for (const res of [first, second, note]) expect(res.statusCode, res.body).toBe(201);
}, 60_000);
afterAll(() => gw.close());

describe('reports', () => {
  it('X report: the day’s totals per band and payment method add up to the documents', async () => {
    const x = (await branch.call('GET', '/api/etims/reports/x')).json().data;
    expect(x).toMatchObject({
      report: 'X',
      sales: {
        count: 2,
        // 232.00 = 200.00 + 32.00; 100.00 = 86.21 + 13.79; 108.00 = 100.00 + 8.00
        total: '440.00',
        taxable: '386.21',
        tax: '53.79',
        bands: { B: { rate: '16.00', taxable: '286.21', tax: '45.79' }, E: { rate: '8.00', taxable: '100.00', tax: '8.00' }, A: { taxable: '0.00' } },
        payment_methods: { '01': { count: 1, total: '232.00' }, '06': { count: 1, total: '208.00' } },
      },
      credit_notes: { count: 1, total: '116.00', bands: { B: { taxable: '100.00', tax: '16.00' } } },
      net: { total: '324.00', taxable: '286.21', tax: '37.79' },
      first_invoice_number: 1,
      last_invoice_number: 3,
      pending: 0,
      copies: { count: 0, total: '0.00' },
    });
  });

  it('X report counts copies, and prints as HTML and PDF with the same figures', async () => {
    // The first print of R-1 is the original; the next two are copies of 232.00 each.
    for (let i = 0; i < 3; i++) expect((await branch.call('GET', '/api/etims/sales/R-1/receipt')).statusCode).toBe(200);
    expect((await branch.call('GET', '/api/etims/reports/x')).json().data.copies).toEqual({ count: 2, total: '464.00' });
    const html = await branch.call('GET', '/api/etims/reports/x?format=html&layout=a4');
    expect(html.headers['content-type']).toContain('text/html');
    const pdf = await branch.call('GET', '/api/etims/reports/x?format=pdf');
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const visible = [html.body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '), (await pdfText(pdf.rawPayload)).text.replace(/\s+/g, ' ')];
    for (const t of visible) {
      for (const part of [
        'X REPORT',
        'SALES (NS) COUNT 2',
        'TOTAL 440.00',
        'B 16.00% 286.21 45.79',
        'CREDIT NOTES (NC) COUNT 1',
        'COPIES (CS/CC) COUNT 2 TOTAL 464.00',
        'CASH 1 232.00',
      ]) {
        expect(t, part).toContain(part);
      }
    }
    expect((await branch.call('GET', '/api/etims/reports/x?format=xml')).json()).toMatchObject({
      errors: { format: [expect.stringContaining('json, html or pdf')] },
    });
  });

  it('Z report: numbered, taken once per day, immutable, and not while documents of the day wait', async () => {
    const fault = await simControl(gw.simulatorUrl!).addFault({ route: 'oscuA.saveTrnsSalesOsdc', outage: {} });
    try {
      const waiting = await branch.call('POST', '/api/etims/sales', {
        trader_invoice_number: 'R-WAIT',
        lines: [{ item_code: branch.items.maize, quantity: 1, unit_price: 1 }],
      });
      expect(waiting.statusCode).toBe(202);
      const refused = await branch.call('POST', '/api/etims/reports/z', {});
      expect(refused.statusCode).toBe(422);
      expect(refused.json()).toMatchObject({ rule: 'documents_pending' });
    } finally {
      await simControl(gw.simulatorUrl!).removeFault(fault.id);
    }
    await gw.deps.outbox.drain(branch.appId, 10_000);
    const z = await branch.call('POST', '/api/etims/reports/z', {});
    expect(z.statusCode, z.body).toBe(201);
    expect(z.json().data).toMatchObject({ report: 'Z', number: 1, sales: { count: 3, total: '441.00' }, credit_notes: { count: 1 }, pending: 0 });
    const again = await branch.call('POST', '/api/etims/reports/z', {});
    expect(again.statusCode).toBe(409);
    expect(again.json().location).toBe('/api/etims/reports/z/1');
    const yesterday = new Date(Date.now() + 3 * 3600_000 - 86_400_000).toISOString().slice(0, 10);
    const earlier = await branch.call('POST', '/api/etims/reports/z', { date: yesterday });
    expect(earlier.json().data).toMatchObject({ number: 2, sales: { count: 0, total: '0.00' } });
    expect((await branch.call('GET', '/api/etims/reports/z/1')).json().data).toEqual(z.json().data);
    const printed = (await pdfText((await branch.call('GET', '/api/etims/reports/z/1?format=pdf&layout=a4')).rawPayload)).text.replace(/\s+/g, ' ');
    expect(printed).toContain('Z REPORT No. 1');
    expect(printed).toContain('END OF DAY');
    expect(printed).toContain('SALES (NS) COUNT 3');
    expect((await branch.call('GET', '/api/etims/reports/z')).json().data.map((r: { number: number }) => r.number)).toEqual([2, 1]);
    expect((await branch.call('POST', '/api/etims/reports/z', { date: '2999-01-01' })).statusCode).toBe(422);
  });

  it('sales, summary and stock reports as JSON and as CSV, with the same figures', async () => {
    const sales = (await branch.call('GET', '/api/etims/reports/sales')).json().data as Array<{ trader_invoice_number: string; total: string }>;
    expect(sales.map((s) => s.trader_invoice_number)).toEqual(['R-1', '=R-2', 'RC-1', 'R-WAIT']);
    const csv = await branch.call('GET', '/api/etims/reports/sales?format=csv');
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('id,date,kind,status,trader_invoice_number,invoice_number,customer_pin,taxable,tax,total');
    expect(lines).toHaveLength(5);
    // A value a spreadsheet would run as a formula is kept as text.
    expect(lines[2]).toContain(",'=R-2,");
    const summary = (await branch.call('GET', '/api/etims/reports/sales-summary')).json().data;
    expect(summary).toEqual([expect.objectContaining({ sales: 3, sales_total: '441.00', credit_notes: 1, credit_notes_total: '116.00', net_total: '325.00' })]);
    const stock = (await branch.call('GET', '/api/etims/reports/stock?format=csv')).body.trim().split('\r\n');
    expect(stock[0]).toBe('item_code,item_name,quantity,kra_quantity');
    expect(stock[1]).toMatch(new RegExp(`^${branch.items.maize},Maize Flour 5kg,999997\\.00,999997\\.00$`));
    expect((await branch.call('GET', '/api/etims/reports/sales?from=2026-01-02&to=2026-01-01')).statusCode).toBe(422);
    expect((await branch.call('GET', '/api/etims/reports/sales?from=2020-01-01&to=2026-01-01')).statusCode).toBe(422);
  });
});
