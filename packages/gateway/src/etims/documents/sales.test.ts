/**
 * Sales and credit notes end to end against the simulator: simple lines in, a signed document with
 * its receipt fields out; validation and the credit-note rules (422 naming the rule, nothing stored);
 * lookups and lists; KRA down, apply-then-timeout, a refusal that frees its number, and re-alignment
 * on KRA's counter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestGateway, type TestGateway } from '../../test-support/gateway.js';
import { simControl } from '../../test-support/sim-control.js';
import { OPENING_STOCK, openBranch, SIM_BRANCHES, type TestBranch } from '../../test-support/etims-branch.js';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
let gw: TestGateway;
let token: string;
let branch: TestBranch;
const sim = () => simControl(gw.simulatorUrl!);
/** Sales and credit notes stored (stock movements follow signed sales on their own, so they are not counted). */
const documentCount = async () => (await gw.rawRows('etims_documents')).filter((r) => r.kind === 'sale' || r.kind === 'credit_note').length;

beforeAll(async () => {
  gw = await createTestGateway({
    // KRA's rules as the 2026 reports describe them, stock before sale included.
    simulator: { stockBeforeSale: true },
    env: {
      USHURU_OUTBOX_RETRY_BASE_MS: '20',
      USHURU_OUTBOX_RETRY_MAX_MS: '200',
      USHURU_DOCUMENT_WAIT_MS: '3000',
      USHURU_OUTBOX_STALE_AFTER_S: '1',
      USHURU_METRICS_TOKEN: METRICS_TOKEN,
    },
  });
  token = (await gw.tenant(['*'])).token;
  branch = await openBranch(gw, token, SIM_BRANCHES[0]);
});
afterAll(() => gw.close());

const sale = (trader: string, extra: Record<string, unknown> = {}) => ({
  trader_invoice_number: trader,
  lines: [{ item_code: branch.items.maize, quantity: 2, unit_price: '480.00', discount_rate: 5 }],
  ...extra,
});

describe('POST /api/etims/sales', () => {
  it('signs a sale from simple lines and answers 201 with every receipt field', async () => {
    const res = await branch.call('POST', '/api/etims/sales', sale('INV-1', { customer_pin: 'p052345678r', customer_name: 'Acme Traders' }));
    expect(res.statusCode, res.body).toBe(201);
    const doc = res.json().data;
    expect(res.headers.location).toBe(`/api/etims/sales/${doc.id}`);
    expect(doc).toMatchObject({ status: 'signed', kind: 'sale', invoice_number: 1, trader_invoice_number: 'INV-1', customer_pin: 'P052345678R', attempts: 1 });
    // 2 × 480.00 VAT-inclusive, 5 % off: supply 960.00, discount 48.00, net 912.00 = 786.21 taxable + 125.79 VAT.
    expect(doc.document.itemList[0]).toMatchObject({
      prc: 480,
      qty: 2,
      splyAmt: 960,
      dcRt: 5,
      dcAmt: 48,
      taxTyCd: 'B',
      taxblAmt: 786.21,
      taxAmt: 125.79,
      totAmt: 912,
    });
    expect(doc.document).toMatchObject({ invcNo: 1, rcptTyCd: 'S', taxblAmtB: 786.21, taxAmtB: 125.79, taxRtB: 16, taxRtE: 0, totAmt: 912, totItemCnt: 1 });
    expect(doc.receipt).toMatchObject({ curRcptNo: expect.any(Number), totRcptNo: expect.any(Number), sdcId: 'KRACU051234001', mrcNo: 'WIS01051201' });
    expect(doc.receipt.rcptSign).toMatch(/^[A-Z0-9]{16}$/);
    expect(doc.receipt.cu_invoice_number).toBe('KRACU051234001/1');
    expect(doc.receipt.verification_url).toBe(
      `https://etims-sbx.kra.go.ke/common/link/etims/receipt/indexEtimsReceiptData?Data=P051234567Q00${doc.receipt.rcptSign}`,
    );
  });

  it('numbers the next sale 2 and mixes bands in one document', async () => {
    const res = await branch.call('POST', '/api/etims/sales/submit', {
      trader_invoice_number: 'INV-2',
      lines: [
        { item_code: branch.items.maize, quantity: '1', unit_price: 100 },
        { item_code: branch.items.delivery, quantity: 1, unit_price: '108.00' },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().data).toMatchObject({ invoice_number: 2, total_amount: '208.00' });
    expect(res.json().data.document).toMatchObject({ taxblAmtB: 86.21, taxAmtB: 13.79, taxblAmtE: 100, taxAmtE: 8, taxRtE: 8, totTaxAmt: 21.79, totAmt: 208 });
  });

  it('answers 409 pointing at the first sale for a reused trader invoice number', async () => {
    const before = await documentCount();
    const res = await branch.call('POST', '/api/etims/sales', sale('INV-1'));
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: 'conflict', location: expect.stringMatching(/^\/api\/etims\/sales\/\d+$/) });
    expect(await documentCount()).toBe(before);
  });

  it('refuses bad lines with a 422 naming each field, and stores nothing', async () => {
    const before = await documentCount();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ lines: [{ item_code: 'KE2NTU9999999', quantity: 1, unit_price: 1 }] }, 'lines.0.item_code'],
      [{ lines: [{ item_code: branch.items.maize, quantity: 0, unit_price: 1 }] }, 'lines.0.quantity'],
      [{ lines: [{ item_code: branch.items.maize, quantity: 1.234, unit_price: 1 }] }, 'lines.0.quantity'],
      [{ lines: [{ item_code: branch.items.maize, quantity: 1, unit_price: '-1' }] }, 'lines.0.unit_price'],
      [{ lines: [{ item_code: branch.items.maize, quantity: 1, unit_price: 10, tax_type: 'E' }] }, 'lines.0.tax_type'],
      [{ lines: [{ item_code: branch.items.maize, quantity: 1, unit_price: 10, discount_rate: 101 }] }, 'lines.0.discount_rate'],
      [{ lines: [{ item_code: branch.items.maize, quantity: 1, unit_price: 10, discount_amount: 11 }] }, 'lines.0.discount_amount'],
      [{ lines: [{ item_code: branch.items.maize, quantity: 999999999, unit_price: 99999999999 }] }, 'lines.0.quantity'],
      [{ lines: [] }, 'lines'],
      [{ customer_pin: 'NOT-A-PIN' }, 'customer_pin'],
      [{ sale_date: '2999-01-01' }, 'sale_date'],
      [{ payment_type: '99' }, 'payment_type'],
      [{ surprise: true }, 'surprise'],
    ];
    for (const [extra, field] of cases) {
      const res = await branch.call('POST', '/api/etims/sales', sale('INV-BAD', extra));
      expect(res.statusCode, `${field}: ${res.body}`).toBe(422);
      expect(Object.keys(res.json().errors), res.body).toContain(field);
    }
    expect(await documentCount()).toBe(before);
  });

  it('answers a retried submission with the first answer (Idempotency-Key), storing one sale', async () => {
    const before = await documentCount();
    const first = await branch.call('POST', '/api/etims/sales', sale('INV-IDEM'), { 'idempotency-key': 'till-1-sale-77' });
    const second = await branch.call('POST', '/api/etims/sales', sale('INV-IDEM'), { 'idempotency-key': 'till-1-sale-77' });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json().data.id).toBe(first.json().data.id);
    expect(await documentCount()).toBe(before + 1);
  });

  it('registers an unknown item on the fly with submit-with-items', async () => {
    const res = await branch.call('POST', '/api/etims/sales/submit-with-items', {
      trader_invoice_number: 'INV-3',
      lines: [
        {
          quantity: 3,
          unit_price: 50,
          item: { itemClsCd: '5022170100', itemTyCd: '3', itemNm: 'Gift wrapping', orgnNatCd: 'KE', pkgUnitCd: 'NT', qtyUnitCd: 'U', taxTyCd: 'B', dftPrc: 50 },
        },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    const itemCd = res.json().data.document.itemList[0].itemCd as string;
    expect((await branch.call('GET', `/api/etims/items?search=${itemCd}`)).json().data[0]).toMatchObject({ itemCd, itemNm: 'Gift wrapping' });
  });

  it('finds a sale by id, trader invoice number and KRA invoice number, and lists with filters and cursors', async () => {
    const byTrader = await branch.call('GET', '/api/etims/sales/INV-2');
    expect(byTrader.statusCode).toBe(200);
    const id = byTrader.json().data.id as number;
    expect((await branch.call('GET', `/api/etims/sales/${id}`)).json().data.trader_invoice_number).toBe('INV-2');
    expect((await branch.call('GET', '/api/etims/sales/2')).json().data.invoice_number).toBeGreaterThan(0);
    expect((await branch.call('GET', '/api/etims/sales/NOPE')).statusCode).toBe(404);

    const page1 = await branch.call('GET', '/api/etims/sales?limit=2&status=signed');
    expect(page1.json().data).toHaveLength(2);
    const page2 = await branch.call('GET', `/api/etims/sales?limit=2&status=signed&cursor=${page1.json().next_cursor}`);
    const ids = [...page1.json().data, ...page2.json().data].map((d: { id: number }) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    const byCustomer = await branch.call('GET', '/api/etims/sales?customer_pin=P052345678R');
    expect(byCustomer.json().data.map((d: { trader_invoice_number: string }) => d.trader_invoice_number)).toEqual(['INV-1']);
    expect((await branch.call('GET', '/api/etims/sales?status=bogus')).statusCode).toBe(422);
    // Without X-KRA-App-Id: every branch of the tenant, filtered by branch id.
    const all = await gw.request('GET', '/api/etims/sales?branch=00&limit=200', { token });
    expect(all.statusCode).toBe(200);
    expect(all.json().data.map((d: { trader_invoice_number: string }) => d.trader_invoice_number)).toContain('INV-2');
    expect((await gw.request('GET', '/api/etims/sales?branch=07', { token })).json().data).toEqual([]);
  });

  it('hides one tenant’s sales from another tenant with its own branch', async () => {
    const other = await gw.tenant(['*']);
    const theirs = await openBranch(gw, other.token, SIM_BRANCHES[1]);
    expect((await theirs.call('GET', '/api/etims/sales/INV-1')).statusCode).toBe(404);
    const mine = (await branch.call('GET', '/api/etims/sales/INV-1')).json().data.id as number;
    expect((await theirs.call('GET', `/api/etims/sales/${mine}`)).statusCode).toBe(404);
    expect((await theirs.call('GET', '/api/etims/sales')).json().data).toEqual([]);
  });

  it('refuses cancellation with the way to undo a sale', async () => {
    const res = await branch.call('POST', '/api/etims/sales/INV-1/cancel');
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ rule: 'no_cancellation' });
    expect(res.json().message).toContain('credit note');
    // Nothing to push on a signed sale.
    expect((await branch.call('POST', '/api/etims/sales/INV-1/reconcile')).statusCode).toBe(409);
  });
});

describe('when KRA is down, slow or ambiguous', () => {
  it('answers 202 queued while KRA is down, then signs the sale once KRA is back', async () => {
    const fault = await sim().addFault({ route: 'oscuA.saveTrnsSalesOsdc', outage: {} });
    let id: number;
    let number: number;
    try {
      const res = await branch.call('POST', '/api/etims/sales', sale('INV-DOWN'));
      expect(res.statusCode, res.body).toBe(202);
      // Unknown after a failed attempt (or being sent again right now), its number kept.
      expect(res.json().data).toMatchObject({ status: expect.stringMatching(/^(unknown|sending)$/), invoice_number: expect.any(Number) });
      ({ id, invoice_number: number } = res.json().data);
      const outbox = await branch.call('GET', '/api/etims/outbox');
      expect(outbox.json().data).toMatchObject({ depth: 1, oldest_waiting: { trader_invoice_number: 'INV-DOWN' } });
      // Older than USHURU_OUTBOX_STALE_AFTER_S (1 s) after the 3 s wait: reported in the log and in /metrics.
      await gw.deps.outbox.sweep();
      expect(gw.logs()).toContain('eTIMS documents are waiting longer than USHURU_OUTBOX_STALE_AFTER_S');
      const metrics = (await gw.request('GET', '/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).body;
      const waiting = [...metrics.matchAll(/^ushuru_etims_outbox_documents\{status="\w+"\} (\d+)$/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
      expect(waiting).toBe(1);
      expect(metrics).toMatch(/ushuru_etims_outbox_stale_documents 1/);
      expect(metrics).toMatch(/ushuru_etims_outbox_oldest_waiting_seconds [1-9]/);
    } finally {
      await sim().removeFault(fault.id);
    }
    const pushed = await branch.call('POST', `/api/etims/sales/${id}/retry`);
    expect(pushed.json().data).toMatchObject({ status: 'signed', invoice_number: number });
    await gw.deps.outbox.drain(branch.appId, 5_000);
    expect((await branch.call('GET', '/api/etims/outbox')).json().data.depth).toBe(0);
  });

  it('reconciles a sale KRA applied but never answered, and never sends it twice', async () => {
    const before = await sim().stats();
    const fault = await sim().addFault({ route: 'oscuA.saveTrnsSalesOsdc', applyThenTimeout: true, hangMs: 50 });
    const res = await branch.call('POST', '/api/etims/sales', sale('INV-APPLIED')).finally(() => sim().removeFault(fault.id));
    // Signed by reconciliation (while waiting, or on the next pass): the sale was sent once.
    expect([201, 202], res.body).toContain(res.statusCode);
    await gw.deps.outbox.drain(branch.appId, 5_000);
    const done = await branch.call('GET', `/api/etims/sales/${res.json().data.id}`);
    expect(done.json().data).toMatchObject({ status: 'signed', attempts: 1 });
    expect(done.json().data.receipt.rcptSign).toMatch(/^[A-Z0-9]{16}$/);
    const after = await sim().stats();
    expect(after.documentsSigned - before.documentsSigned).toBe(1);
    expect(after.duplicatesRefused - before.duplicatesRefused).toBe(0);
    expect(after.routes['oscuA.saveTrnsSalesOsdc']!.calls - (before.routes['oscuA.saveTrnsSalesOsdc']?.calls ?? 0)).toBe(1);
  });

  it('rejects a sale KRA refuses, gives its number to the next one, and lets the trader resubmit the number', async () => {
    const last = (await branch.call('GET', '/api/etims/outbox')).json().data.last_invoice_number as number;
    // Earlier sales' stock movements first: switched to VAT on top, KRA would refuse them too.
    await gw.deps.outbox.drain(branch.appId, 10_000);
    await sim().updateSettings({ vatConvention: 'exclusive' });
    const refused = await branch.call('POST', '/api/etims/sales', sale('INV-VAT')).finally(() => sim().updateSettings({ vatConvention: 'either' }));
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json()).toMatchObject({ error: 'kra_error', kra_response: { resultCd: '910' }, document: { status: 'rejected', invoice_number: null } });
    const again = await branch.call('POST', '/api/etims/sales', sale('INV-VAT'));
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json().data.invoice_number).toBe(last + 1);
    expect((await branch.call('GET', '/api/etims/sales/INV-VAT')).json().data.status).toBe('signed');
  });

  it('moves past a number KRA already holds for another document', async () => {
    const last = (await branch.call('GET', '/api/etims/outbox')).json().data.last_invoice_number as number;
    // Someone else (another system on this branch) signs the next number behind the gateway's back.
    const foreign = await branch.call('POST', '/api/etims/sales/submit', sale('INV-X'));
    expect(foreign.json().data.invoice_number).toBe(last + 1);
    await gw.deps.db.updateTable('etims_branch_queues').set({ last_invc_no: last }).where('app_id', '=', branch.appId).execute();
    await gw.deps.db.updateTable('etims_documents').set({ invc_no: null }).where('trd_invc_no', '=', 'INV-X').execute();
    const res = await branch.call('POST', '/api/etims/sales', sale('INV-AFTER-FOREIGN'));
    expect(res.json().data).toMatchObject({ status: 'signed', invoice_number: last + 2 });
  });

  it('re-aligns on the number KRA says it expects', async () => {
    const last = (await branch.call('GET', '/api/etims/outbox')).json().data.last_invoice_number as number;
    await gw.deps.db
      .updateTable('etims_branch_queues')
      .set({ last_invc_no: last + 10 })
      .where('app_id', '=', branch.appId)
      .execute();
    const res = await branch.call('POST', '/api/etims/sales', sale('INV-REALIGN'));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().data.invoice_number).toBe(last + 1);
  });
});

describe('credit notes', () => {
  it('credits part of a sale, then the rest with express, mirroring the sale’s amounts exactly', async () => {
    await branch.call('POST', '/api/etims/sales', {
      trader_invoice_number: 'INV-CN',
      customer_pin: 'P052345678R',
      lines: [
        { item_code: branch.items.maize, quantity: 3, unit_price: '99.99', discount_rate: 7 },
        { item_code: branch.items.delivery, quantity: 1, unit_price: 200 },
      ],
    });
    const saleDoc = (await branch.call('GET', '/api/etims/sales/INV-CN')).json().data;
    const part = await branch.call('POST', '/api/etims/credit-notes', {
      sale: 'INV-CN',
      trader_invoice_number: 'CN-1',
      reason_code: '06',
      lines: [{ item_code: branch.items.maize, quantity: 1 }],
    });
    expect(part.statusCode, part.body).toBe(201);
    expect(part.json().data).toMatchObject({ kind: 'credit_note', status: 'signed', original_id: saleDoc.id, customer_pin: 'P052345678R' });
    expect(part.json().data.document).toMatchObject({ rcptTyCd: 'R', orgInvcNo: saleDoc.invoice_number, rfdRsnCd: '06', custTin: 'P052345678R' });
    const rest = await branch.call('POST', '/api/etims/credit-notes/express', { sale: saleDoc.id, trader_invoice_number: 'CN-2', reason_code: '06' });
    expect(rest.statusCode, rest.body).toBe(201);
    const cents = (v: number) => Math.round(v * 100);
    for (const field of ['totAmt', 'totTaxAmt', 'totTaxblAmt', 'taxblAmtB', 'taxAmtB', 'taxblAmtE', 'taxAmtE']) {
      expect(cents(part.json().data.document[field]) + cents(rest.json().data.document[field]), field).toBe(cents(saleDoc.document[field]));
    }
    const listed = await branch.call('GET', '/api/etims/credit-notes?limit=10');
    expect(listed.json().data.map((d: { trader_invoice_number: string }) => d.trader_invoice_number)).toEqual(expect.arrayContaining(['CN-1', 'CN-2']));
  });

  it('refuses each rule with a 422 naming it, and stores nothing', async () => {
    await branch.call('POST', '/api/etims/sales', sale('INV-RULES'));
    const before = await documentCount();
    const note = (extra: Record<string, unknown>) => ({
      sale: 'INV-RULES',
      trader_invoice_number: 'CN-R',
      reason_code: '06',
      lines: [{ item_code: branch.items.maize, quantity: 1 }],
      ...extra,
    });
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ lines: [{ item_code: branch.items.maize, quantity: 3 }] }, 'lines.0.quantity', 'credited_quantity'],
      [{ lines: [{ item_code: branch.items.delivery, quantity: 1 }] }, 'lines.0.item_code', 'credited_quantity'],
      [{ credit_date: '2020-01-01' }, 'credit_date', 'credit_date_before_sale'],
      [{ sale: 'NO-SUCH-SALE' }, 'sale', 'sale_exists'],
    ];
    for (const [extra, field, rule] of cases) {
      const res = await branch.call('POST', '/api/etims/credit-notes', note(extra));
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json(), res.body).toMatchObject({ rule });
      expect(Object.keys(res.json().errors)).toContain(field);
    }
    expect((await branch.call('POST', '/api/etims/credit-notes', note({ reason_code: '99' }))).statusCode).toBe(422);
    expect(await documentCount()).toBe(before);
  });

  it('limits the notes per sale and the window after the sale as the app is configured', async () => {
    await branch.call('POST', '/api/etims/sales', sale('INV-LIMIT'));
    const patched = await gw.request('PATCH', `/api/kra/apps/${branch.appId}`, {
      token,
      body: { settings: { transport: 'legacy', max_credit_notes_per_sale: 1 } },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const first = await branch.call('POST', '/api/etims/credit-notes', {
      sale: 'INV-LIMIT',
      trader_invoice_number: 'CN-L1',
      reason_code: '01',
      lines: [{ item_code: branch.items.maize, quantity: 1 }],
    });
    expect(first.statusCode, first.body).toBe(201);
    const second = await branch.call('POST', '/api/etims/credit-notes/express', { sale: 'INV-LIMIT', trader_invoice_number: 'CN-L2', reason_code: '01' });
    expect(second.statusCode).toBe(422);
    expect(second.json()).toMatchObject({ rule: 'max_credit_notes_per_sale' });
    await gw.request('PATCH', `/api/kra/apps/${branch.appId}`, { token, body: { settings: { transport: 'legacy' } } });
  });

  it('never lets two credit notes sent at once credit more than the sale', async () => {
    await branch.call('POST', '/api/etims/sales', sale('INV-RACE'));
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        branch.call('POST', '/api/etims/credit-notes/express', { sale: 'INV-RACE', trader_invoice_number: `CN-RACE-${i}`, reason_code: '06' }),
      ),
    );
    expect(answers.filter((a) => a.statusCode === 201 || a.statusCode === 202)).toHaveLength(1);
    for (const a of answers.filter((r) => r.statusCode >= 400)) expect([409, 422], a.body).toContain(a.statusCode);
    const saleId = (await branch.call('GET', '/api/etims/sales/INV-RACE')).json().data.id as number;
    const notes = await gw.deps.db.selectFrom('etims_documents').select('id').where('original_id', '=', saleId).where('kind', '=', 'credit_note').execute();
    expect(notes).toHaveLength(1);
  });

  it('refuses to credit a sale KRA has not signed', async () => {
    const fault = await sim().addFault({ route: 'oscuA.saveTrnsSalesOsdc', outage: {} });
    try {
      const pending = await branch.call('POST', '/api/etims/sales', sale('INV-PENDING'));
      expect(pending.statusCode).toBe(202);
      const res = await branch.call('POST', '/api/etims/credit-notes/express', { sale: 'INV-PENDING', trader_invoice_number: 'CN-P', reason_code: '01' });
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ rule: 'sale_signed' });
    } finally {
      await sim().removeFault(fault.id);
    }
    await gw.deps.outbox.drain(branch.appId, 10_000);
  });
});

describe('stock', () => {
  const level = async (itemCd: string) =>
    ((await branch.call('GET', '/api/etims/stock/current')).json().data as Array<{ item_code: string; quantity: string; kra_quantity: string }>).find(
      (r) => r.item_code === itemCd,
    );

  it('reports each signed sale of goods to KRA as a stock movement, then the quantity left', async () => {
    await gw.deps.outbox.drain(branch.appId, 5_000);
    const before = await level(branch.items.maize);
    const stats = await sim().stats();
    const res = await branch.call('POST', '/api/etims/sales', {
      trader_invoice_number: 'INV-STOCK',
      lines: [
        { item_code: branch.items.maize, quantity: 3, unit_price: 100 },
        { item_code: branch.items.delivery, quantity: 1, unit_price: 50 },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    await gw.deps.outbox.drain(branch.appId, 5_000);
    const after = await level(branch.items.maize);
    expect(Number(after!.quantity)).toBe(Number(before!.quantity) - 3);
    expect(after!.kra_quantity).toBe(after!.quantity);
    const calls = (s: typeof stats, route: string) => s.routes[route]?.calls ?? 0;
    const now = await sim().stats();
    expect(calls(now, 'oscuA.insertStockIO') - calls(stats, 'oscuA.insertStockIO')).toBe(1);
    expect(calls(now, 'oscuA.saveStockMaster') - calls(stats, 'oscuA.saveStockMaster')).toBe(1);
    const movements = (await branch.call('GET', '/api/etims/stock/movements?limit=1')).json().data;
    expect(movements[0]).toMatchObject({ kind: 'stock_io', status: 'signed', document: { sarTyCd: '11', totItemCnt: 1 } });
    // Services carry no stock.
    expect(await level(branch.items.delivery)).toBeUndefined();
  });

  it('refuses a sale that would take a goods item below zero, naming the line, and stores nothing', async () => {
    const before = await documentCount();
    const stock = await level(branch.items.maize);
    const res = await branch.call('POST', '/api/etims/sales', {
      trader_invoice_number: 'INV-TOO-MUCH',
      lines: [
        { item_code: branch.items.delivery, quantity: 1, unit_price: 50 },
        { item_code: branch.items.maize, quantity: OPENING_STOCK * 2, unit_price: 1 },
      ],
    });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json()).toMatchObject({ rule: 'insufficient_stock' });
    expect(Object.keys(res.json().errors)).toEqual(['lines.1.quantity']);
    expect(await documentCount()).toBe(before);
    expect(await level(branch.items.maize)).toEqual(stock);
  });

  it('records stock movements in and out, refusing to go below zero, and lets KRA decide when the app says so', async () => {
    const stock = Number((await level(branch.items.maize))!.quantity);
    const out = await branch.call('POST', '/api/etims/stock/movement', { type: '15', lines: [{ item_code: branch.items.maize, quantity: stock + 1 }] });
    expect(out.statusCode, out.body).toBe(422);
    expect(out.json()).toMatchObject({ rule: 'insufficient_stock' });
    const discard = await branch.call('POST', '/api/etims/stock/movements', {
      type: '15',
      reference: 'WASTE-1',
      lines: [{ item_code: branch.items.maize, quantity: 1 }],
    });
    expect(discard.statusCode, discard.body).toBe(201);
    expect(discard.json().data).toMatchObject({ kind: 'stock_io', status: 'signed', invoice_number: expect.any(Number) });
    expect(
      (await branch.call('POST', '/api/etims/stock/movements', { type: '06', lines: [{ item_code: branch.items.delivery, quantity: 1 }] })).statusCode,
    ).toBe(422);
    expect((await branch.call('POST', '/api/etims/stock/movements', { type: '99', lines: [{ item_code: branch.items.maize, quantity: 1 }] })).statusCode).toBe(
      422,
    );

    const patched = await gw.request('PATCH', `/api/kra/apps/${branch.appId}`, { token, body: { settings: { transport: 'legacy', stock_check: 'kra' } } });
    expect(patched.statusCode, patched.body).toBe(200);
    const oversold = await branch.call('POST', '/api/etims/sales', {
      trader_invoice_number: 'INV-OVERSOLD',
      lines: [{ item_code: branch.items.maize, quantity: OPENING_STOCK * 2, unit_price: 1 }],
    });
    // The gateway let it through; KRA (stock before sale) refused it, and the stock it took came back.
    expect(oversold.statusCode, oversold.body).toBe(422);
    expect(oversold.json()).toMatchObject({ error: 'kra_error', kra_response: { resultCd: '910' }, document: { status: 'rejected' } });
    expect(oversold.json().message).toContain('do not exist in your stock');
    expect(Number((await level(branch.items.maize))!.quantity)).toBe(stock - 1);
    await gw.request('PATCH', `/api/kra/apps/${branch.appId}`, { token, body: { settings: { transport: 'legacy' } } });
  });
});
