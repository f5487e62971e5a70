/**
 * The SDK end to end against a listening gateway and the KRA simulator: one test per namespace,
 * an error class per error code, retries that honour Retry-After with one Idempotency-Key across the
 * attempts of a write, and paged lists iterated to the end.
 */
import { OSCU_OPERATIONS as KRA_OSCU_OPERATIONS } from '@ushuru/kra';
import { SIM_DEFAULT_CONSUMER_KEY, SIM_DEFAULT_CONSUMER_SECRET } from '@ushuru/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_STATUS } from '../../gateway/src/errors.js';
import { openBranch, receiptSaleBody, SIM_BRANCHES, type TestBranch } from '../../gateway/src/test-support/etims-branch.js';
import { createTestGateway, type TestGateway } from '../../gateway/src/test-support/gateway.js';
import { simControl } from '../../gateway/src/test-support/sim-control.js';
import { signWebhook } from '../../gateway/src/webhooks/signature.js';
import {
  AuthenticationError,
  ERROR_CLASSES,
  InsufficientScopeError,
  KraError,
  KraUnavailableError,
  NotFoundError,
  OSCU_OPERATIONS as SDK_OSCU_OPERATIONS,
  RateLimitedError,
  UshuruConnectionError,
  Ushuru,
  ValidationError,
  verifyWebhook,
  WebhookVerificationError,
} from '../src/index.js';

let gw: TestGateway;
let baseUrl: string;
let token: string;
let branch: TestBranch;
let sdk: Ushuru;

/** A fetch that records each request it passes on (the real fetch does the work). */
function recordingFetch(onRequest?: (n: number) => Promise<void> | void) {
  const seen: Array<{ url: string; method: string; headers: Record<string, string> }> = [];
  const f: typeof fetch = async (input, init) => {
    seen.push({ url: String(input), method: init?.method ?? 'GET', headers: { ...(init?.headers as Record<string, string>) } });
    const res = await fetch(input, init);
    await onRequest?.(seen.length);
    return res;
  };
  return { fetch: f, seen };
}

beforeAll(async () => {
  gw = await createTestGateway({ simulator: true, env: { USHURU_RATE_LIMIT_PER_MINUTE: '100000', USHURU_OUTBOX_RETRY_BASE_MS: '20' } });
  baseUrl = await gw.app.listen({ host: '127.0.0.1', port: 0 });
  token = (await gw.tenant(['*'])).token;
  branch = await openBranch(gw, token, SIM_BRANCHES[1]);
  sdk = new Ushuru({ baseUrl, token, appId: branch.appId, retryDelayMs: { base: 10, max: 50 } });
}, 60_000);
afterAll(() => gw.close());

describe('namespaces', () => {
  it('apps and tokens: create, list, show, update, test; a token shown once, then revoked', async () => {
    const app = (await sdk.apps.create({
      type: 'portal',
      name: 'sdk portal',
      environment: 'simulator',
      consumer_key: SIM_DEFAULT_CONSUMER_KEY,
      consumer_secret: SIM_DEFAULT_CONSUMER_SECRET,
    } as never)) as { id: number };
    expect(JSON.stringify(await sdk.apps.get(app.id))).not.toContain(SIM_DEFAULT_CONSUMER_SECRET);
    expect(((await sdk.apps.list()) as Array<{ id: number }>).map((a) => a.id)).toContain(app.id);
    expect(await sdk.apps.update(app.id, { name: 'sdk portal 2' } as never)).toMatchObject({ name: 'sdk portal 2' });
    expect(await sdk.apps.test(app.id)).toMatchObject({ app_id: app.id, status: 'connected' });

    const made = (await sdk.tokens.create({ name: 'sdk', scopes: ['kra:checkers'] } as never)) as { id: string; token: string };
    expect(made.token).toMatch(/^ush_/);
    const listed = (await sdk.tokens.list()) as Array<{ id: string }>;
    expect(listed.map((t) => t.id)).toContain(made.id);
    expect(JSON.stringify(listed)).not.toContain(made.token);
    await sdk.tokens.revoke(made.id);
    await expect(new Ushuru({ baseUrl, token: made.token, maxRetries: 0 }).portal.checkers.pin({ KRAPIN: 'A744610021G' } as never)).rejects.toBeInstanceOf(
      AuthenticationError,
    );
  });

  it('portal: checkers, as seed 000 calls them (portal.checkers.pin({ KRAPIN }))', async () => {
    const pin = await sdk.portal.checkers.pin({ KRAPIN: 'A744610021G' } as never);
    expect(JSON.stringify(pin)).toContain('A744610021G');
    const error = await sdk.portal.checkers.pin({ KRAPIN: 'A000000000A' } as never).catch((e: unknown) => e);
    // KRA refused the PIN: the class of the code, with KRA's status carried.
    expect(error).toBeInstanceOf(KraError);
    expect(error).toMatchObject({ status: 422, code: 'kra_error' });
    expect(typeof sdk.portal.payments.vatWithholding).toBe('function');
    expect(typeof sdk.portal.returns.nil).toBe('function');
  });

  it('names the same 21 OSCU operations as the KRA client (the SDK keeps its own list: it has no dependencies)', () => {
    expect([...SDK_OSCU_OPERATIONS].sort()).toEqual(KRA_OSCU_OPERATIONS.map((op) => op.name).sort());
    for (const op of SDK_OSCU_OPERATIONS) expect(typeof sdk.etims.oscu[op]).toBe('function');
  });

  it('etims: device, the OSCU operations by their KRA names, items, reference data and sync', async () => {
    expect(await sdk.etims.device.info()).toMatchObject({ tin: SIM_BRANCHES[1].tin });
    const codes = await sdk.etims.oscu.selectCodeList({ lastReqDt: '20200101000000' } as never);
    expect(codes).toMatchObject({ resultCd: '000' });
    const items = (await sdk.etims.items.list()) as Array<{ itemCd: string }>;
    expect(items.map((i) => i.itemCd)).toContain(branch.items.maize);
    await sdk.etims.sync.run('codes');
    const cursors = (await sdk.etims.sync.status()) as Array<{ dataset: string; last_success_at: string | null }>;
    expect(cursors.find((c) => c.dataset === 'codes')?.last_success_at).toMatch(/^\d{4}-/);
    expect(await sdk.etims.reference.codes('07')).toMatchObject({ cdCls: '07', dtlList: expect.arrayContaining([expect.objectContaining({ cd: '01' })]) });
  });

  it('etims: a sale signed, its receipt as HTML and PDF, its QR code, a credit note, stock, outbox and reports', async () => {
    const sale = (await sdk.etims.sales.create(receiptSaleBody(branch, 'SDK-1') as never)) as {
      id: number;
      status: string;
      receipt: { verification_url: string };
    };
    expect(sale.status).toBe('signed');
    expect(await sdk.etims.sales.get('SDK-1')).toMatchObject({ id: sale.id });
    expect(await sdk.etims.sales.receipt(sale.id)).toContain('TAX INVOICE');
    const pdf = await sdk.etims.sales.receipt(sale.id, 'pdf', { layout: 'a4' });
    expect(new TextDecoder().decode(pdf.slice(0, 5))).toBe('%PDF-');
    expect(await sdk.etims.sales.qrCode(sale.id)).toMatch(/^<svg/);
    expect((await sdk.etims.sales.qrCode(sale.id, 'png')).slice(1, 4)).toEqual(new Uint8Array([0x50, 0x4e, 0x47]));
    expect(sdk.etims.sales.receiptUrl(sale.id, { layout: 'a4' })).toBe(`${baseUrl}/api/etims/sales/${sale.id}/receipt?layout=a4`);

    const note = (await sdk.etims.creditNotes.express({ sale: 'SDK-1', trader_invoice_number: 'SDK-CN-1', reason_code: '06' } as never)) as {
      id: number;
      status: string;
    };
    expect(note.status).toBe('signed');
    expect(await sdk.etims.creditNotes.receipt(note.id)).toContain('CREDIT NOTE');
    const levels = (await sdk.etims.stock.current()) as Array<{ item_code: string; quantity: string }>;
    expect(levels.find((l) => l.item_code === branch.items.maize)?.quantity).toMatch(/^\d+\.\d{2}$/);
    expect(await sdk.etims.outbox()).toMatchObject({ app_id: branch.appId, by_status: expect.objectContaining({ signed: expect.any(Number) }) });
    expect(await sdk.etims.reports.x()).toMatchObject({ report: 'X' });
    expect(await sdk.etims.reports.printX('html')).toContain('X REPORT');
    const proforma = (await sdk.etims.proformas.create({ lines: [{ item_code: branch.items.delivery, quantity: 1, unit_price: 10 }] } as never)) as {
      id: number;
    };
    expect(await sdk.etims.proformas.receipt(proforma.id)).toContain('PROFORMA');
    expect(await sdk.etims.reports.reconciliation()).toMatchObject({ summary: expect.any(Object) });
  });

  it('lists: one page, or every item through the async iterator, fetching pages as the loop goes', async () => {
    for (let i = 0; i < 5; i++)
      await sdk.etims.sales.create({
        trader_invoice_number: `SDK-P${i}`,
        lines: [{ item_code: branch.items.delivery, quantity: 1, unit_price: 5 + i }],
      } as never);
    const { fetch: f, seen } = recordingFetch();
    const counting = new Ushuru({ baseUrl, token, appId: branch.appId, fetch: f });
    const page = await counting.etims.sales.list({ limit: 2 } as never);
    expect(page.data).toHaveLength(2);
    expect(page.nextCursor).not.toBeNull();
    const all: Array<{ trader_invoice_number: string }> = [];
    for await (const sale of counting.etims.sales.list({ limit: 2 } as never)) all.push(sale as { trader_invoice_number: string });
    expect(all.map((s) => s.trader_invoice_number)).toEqual(expect.arrayContaining(['SDK-1', 'SDK-P0', 'SDK-P4']));
    expect(new Set(all.map((s) => s.trader_invoice_number)).size).toBe(all.length);
    expect(seen.filter((r) => r.url.includes('cursor=')).length).toBeGreaterThanOrEqual(2);
    const logs = [];
    for await (const entry of sdk.logs.list({ limit: 5 } as never)) {
      logs.push(entry);
      if (logs.length === 12) break;
    }
    expect(logs).toHaveLength(12);
  });

  it('webhooks: create (secret once), list, test, deliveries; verifyWebhook accepts our signature and refuses anything else', async () => {
    const hook = (await sdk.webhooks.create({ url: 'https://hooks.example.com/ushuru', events: ['document.signed'] } as never)) as {
      id: number;
      secret: string;
    };
    expect(hook.secret).toMatch(/^whsec_/);
    expect(JSON.stringify(await sdk.webhooks.list())).not.toContain(hook.secret);
    await sdk.webhooks.test(hook.id);
    expect(Array.isArray(await sdk.webhooks.deliveries(hook.id))).toBe(true);

    const body = JSON.stringify({ id: 'evt_1', type: 'document.signed', created: 1_760_000_000, data: { id: 1 } });
    const header = signWebhook(hook.secret, 1_760_000_000, body);
    expect(await verifyWebhook(body, header, hook.secret, { now: 1_760_000_100 })).toMatchObject({ id: 'evt_1', type: 'document.signed' });
    expect(await Ushuru.verifyWebhook(new TextEncoder().encode(body), header, hook.secret, { now: 1_760_000_100 })).toMatchObject({ id: 'evt_1' });
    await expect(verifyWebhook(body.replace('evt_1', 'evt_2'), header, hook.secret, { now: 1_760_000_100 })).rejects.toBeInstanceOf(WebhookVerificationError);
    await expect(verifyWebhook(body, header, 'whsec_other', { now: 1_760_000_100 })).rejects.toThrow('does not match');
    await expect(verifyWebhook(body, header, hook.secret, { now: 1_760_001_000 })).rejects.toThrow('tolerance');
    await expect(verifyWebhook(body, undefined, hook.secret)).rejects.toThrow('No Ushuru-Signature');
    await sdk.webhooks.delete(hook.id);
  });
});

describe('errors', () => {
  it('has one class per error code of the gateway', () => {
    expect(Object.keys(ERROR_CLASSES).sort()).toEqual(Object.keys(ERROR_STATUS).sort());
  });

  it('throws the class of the code, with status, request_id and field errors', async () => {
    const invalid = await sdk.etims.sales
      .create({ trader_invoice_number: 'SDK-BAD', lines: [{ item_code: branch.items.maize, quantity: -1, unit_price: 1 }] } as never)
      .catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(ValidationError);
    const v = invalid as ValidationError;
    expect(v.status).toBe(422);
    expect(v.code).toBe('validation_error');
    expect(v.requestId).toMatch(/\S/);
    expect(Object.keys(v.fieldErrors)).toContain('lines.0.quantity');
    expect(v.message).toContain('lines.0.quantity');
    await expect(sdk.etims.sales.get(999_999)).rejects.toBeInstanceOf(NotFoundError);
    const narrow = new Ushuru({ baseUrl, token: await gw.token((await gw.tenant(['*'])).tenantId, ['kra:checkers']) });
    await expect(narrow.webhooks.list()).rejects.toBeInstanceOf(InsufficientScopeError);
  });

  it('retries 502s with one Idempotency-Key and succeeds once the outage ends', async () => {
    const sim = simControl(gw.simulatorUrl!);
    const fault = await sim.addFault({ route: 'portal.pinbypin', outage: { kind: 'http503' } });
    let removed = false;
    const { fetch: f, seen } = recordingFetch(async (n) => {
      if (n === 2 && !removed) {
        removed = true;
        await sim.removeFault(fault.id);
      }
    });
    try {
      const client = new Ushuru({ baseUrl, token, fetch: f, maxRetries: 3, retryDelayMs: { base: 10, max: 20 } });
      expect(JSON.stringify(await client.portal.checkers.pin({ KRAPIN: 'A744610021G' } as never))).toContain('A744610021G');
      expect(seen).toHaveLength(3);
      const keys = new Set(seen.map((r) => r.headers['idempotency-key']));
      expect(keys.size).toBe(1);
      expect([...keys][0]).toMatch(/^sdk_/);
    } finally {
      if (!removed) await sim.removeFault(fault.id);
    }
  });

  it('gives up after maxRetries with the class of the last answer', async () => {
    const sim = simControl(gw.simulatorUrl!);
    const fault = await sim.addFault({ route: 'portal.pinbypin', outage: { kind: 'http503' } });
    try {
      const { fetch: f, seen } = recordingFetch();
      const client = new Ushuru({ baseUrl, token, fetch: f, maxRetries: 2, retryDelayMs: { base: 5, max: 10 } });
      await expect(client.portal.checkers.pin({ KRAPIN: 'A744610021G' } as never)).rejects.toBeInstanceOf(KraUnavailableError);
      expect(seen).toHaveLength(3);
    } finally {
      await sim.removeFault(fault.id);
    }
  });

  it('honours Retry-After on 429, and does not retry what is not retryable', async () => {
    const { tenantId } = await gw.tenant(['*']);
    const limited = await gw.token(tenantId, ['*'], { rate_limit_per_minute: 1 });
    const client = new Ushuru({ baseUrl, token: limited, maxRetries: 0 });
    await client.apps.list();
    const error = (await client.apps.list().catch((e: unknown) => e)) as RateLimitedError;
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error.retryAfter).toBeGreaterThan(0);

    const { fetch: f, seen } = recordingFetch();
    await expect(new Ushuru({ baseUrl, token, fetch: f, maxRetries: 3 }).etims.sales.get(999_998)).rejects.toBeInstanceOf(NotFoundError);
    expect(seen).toHaveLength(1);
  });

  it('network errors are UshuruConnectionError after the retries', async () => {
    const { fetch: f, seen } = recordingFetch();
    const client = new Ushuru({ baseUrl: 'http://127.0.0.1:9', token, fetch: f, maxRetries: 1, retryDelayMs: { base: 5, max: 5 } });
    await expect(client.apps.list()).rejects.toBeInstanceOf(UshuruConnectionError);
    expect(seen).toHaveLength(2);
    expect(() => new Ushuru({ baseUrl: '', token })).toThrow('baseUrl');
  });
});
