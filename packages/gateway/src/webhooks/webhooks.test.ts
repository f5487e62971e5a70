/**
 * Webhooks end to end: a receiver on 127.0.0.1 (private targets allowed for this test) gets signed
 * events for signed and refused documents, a failing receiver is retried until it answers, redirects
 * are not followed, the log and resend work, and the secret is shown once and never again.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBranch, SIM_BRANCHES, type TestBranch } from '../test-support/etims-branch.js';
import { createTestGateway, type TestGateway } from '../test-support/gateway.js';
import { simControl } from '../test-support/sim-control.js';
import { SIGNATURE_HEADER, verifyWebhookSignature } from './signature.js';
import { isPrivateAddress, targetProblem } from './targets.js';

interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let gw: TestGateway;
let token: string;
let branch: TestBranch;
let receiver: Server;
let base: string;
const received: Received[] = [];
/** Status the receiver answers per path (default 200). */
const answers = new Map<string, number[]>();
const bodies: string[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body });
      const queue = answers.get(req.url ?? '') ?? [];
      const status = queue.shift() ?? 200;
      res.writeHead(status, status === 302 ? { location: 'http://169.254.169.254/' } : {});
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;
  gw = await createTestGateway({
    simulator: true,
    env: { USHURU_WEBHOOKS_ALLOW_PRIVATE: 'true', USHURU_WEBHOOK_RETRY_BASE_MS: '20', USHURU_WEBHOOK_RETRY_MAX_MS: '50', USHURU_OUTBOX_RETRY_BASE_MS: '20' },
  });
  token = (await gw.tenant(['*'])).token;
  branch = await openBranch(gw, token, SIM_BRANCHES[0]);
}, 60_000);
afterAll(async () => {
  await gw.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

async function createHook(path: string, events: string[]) {
  const res = await gw.request('POST', '/api/webhooks', { token, body: { url: `${base}${path}`, events } });
  bodies.push(res.body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().data as { id: number; secret: string };
}

async function waitFor<T>(find: () => T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 300; i++) {
    await gw.deps.webhooks.deliverDue();
    const hit = find();
    if (hit) return hit;
    await new Promise((r) => setTimeout(r, 30));
  }
  throw new Error(`no ${what}`);
}

describe('webhooks', () => {
  let hook: { id: number; secret: string };

  it('creates an endpoint, showing its secret once', async () => {
    hook = await createHook('/signed', ['document.signed', 'document.rejected']);
    expect(hook.secret).toMatch(/^whsec_/);
    const listed = await gw.request('GET', '/api/webhooks', { token });
    bodies.push(listed.body);
    expect(listed.json().data[0]).toMatchObject({ id: hook.id, events: ['document.signed', 'document.rejected'], is_active: true });
    expect(listed.body).not.toContain(hook.secret);
  });

  it('delivers document.signed for a signed sale, signed with the endpoint secret', async () => {
    const sale = await branch.call('POST', '/api/etims/sales', {
      trader_invoice_number: 'WH-1',
      lines: [{ item_code: branch.items.maize, quantity: 1, unit_price: 100 }],
    });
    expect(sale.statusCode).toBe(201);
    const got = await waitFor(() => received.find((r) => r.path === '/signed' && r.body.includes('"WH-1"')), 'document.signed delivery');
    const payload = JSON.parse(got.body);
    expect(payload).toMatchObject({
      type: 'document.signed',
      id: expect.stringMatching(/^evt_/),
      data: { kind: 'sale', reference: 'WH-1', number: sale.json().data.invoice_number },
    });
    const signature = String(got.headers[SIGNATURE_HEADER.toLowerCase()]);
    expect(verifyWebhookSignature(hook.secret, signature, got.body, Math.floor(Date.now() / 1000))).toBe(true);
    expect(verifyWebhookSignature(hook.secret, signature, got.body.replace('WH-1', 'WH-2'), Math.floor(Date.now() / 1000))).toBe(false);
    expect(verifyWebhookSignature(hook.secret, signature, got.body, Math.floor(Date.now() / 1000) + 3600)).toBe(false);
    expect(verifyWebhookSignature('whsec_other', signature, got.body, Math.floor(Date.now() / 1000))).toBe(false);
  });

  it('delivers document.signed for a sale of services only (no stock to move: signed without a transaction on PostgreSQL)', async () => {
    const sale = await branch.call('POST', '/api/etims/sales', {
      trader_invoice_number: 'WH-SVC',
      lines: [{ item_code: branch.items.delivery, quantity: 1, unit_price: 200 }],
    });
    expect(sale.statusCode, sale.body).toBe(201);
    const got = await waitFor(() => received.find((r) => r.path === '/signed' && r.body.includes('"WH-SVC"')), 'document.signed delivery');
    expect(JSON.parse(got.body)).toMatchObject({ type: 'document.signed', data: { reference: 'WH-SVC', number: sale.json().data.invoice_number } });
  });

  it('delivers document.rejected with KRA’s message', async () => {
    // The stock movements of earlier sales first: switched to VAT on top, KRA would refuse them too.
    await gw.deps.outbox.drain(branch.appId, 10_000);
    await simControl(gw.simulatorUrl!).updateSettings({ vatConvention: 'exclusive' });
    const refused = await branch
      .call('POST', '/api/etims/sales', { trader_invoice_number: 'WH-BAD', lines: [{ item_code: branch.items.maize, quantity: 1, unit_price: 100 }] })
      .finally(async () => {
        // Under load KRA's refusal may come after the submission's wait: let the outbox finish first.
        await gw.deps.outbox.drain(branch.appId, 10_000);
        await simControl(gw.simulatorUrl!).updateSettings({ vatConvention: 'either' });
      });
    expect([202, 422]).toContain(refused.statusCode);
    expect((await branch.call('GET', '/api/etims/sales/WH-BAD')).json().data.status).toBe('rejected');
    const got = await waitFor(() => received.find((r) => r.body.includes('"document.rejected"') && r.body.includes('"WH-BAD"')), 'document.rejected delivery');
    expect(JSON.parse(got.body).data).toMatchObject({ reference: 'WH-BAD', kra_result_code: '910' });
  });

  it('retries a failing receiver with backoff until it answers 2xx, and logs each attempt', async () => {
    const flaky = await createHook('/flaky', ['webhook.test']);
    answers.set('/flaky', [500, 503]);
    const test = await gw.request('POST', `/api/webhooks/${flaky.id}/test`, { token });
    expect(test.json().data).toMatchObject({ status: 'pending', last_status_code: 500 });
    for (let i = 0; i < 100; i++) {
      await gw.deps.webhooks.deliverDue();
      const log = (await gw.request('GET', `/api/webhooks/${flaky.id}/deliveries`, { token })).json().data;
      if (log[0].status === 'delivered') break;
      await new Promise((r) => setTimeout(r, 30));
    }
    const log = (await gw.request('GET', `/api/webhooks/${flaky.id}/deliveries`, { token })).json().data;
    expect(log[0]).toMatchObject({ event: 'webhook.test', status: 'delivered', attempts: 3, last_status_code: 200 });
    expect(received.filter((r) => r.path === '/flaky')).toHaveLength(3);
    // One event id across the retries: receivers de-duplicate on it.
    expect(new Set(received.filter((r) => r.path === '/flaky').map((r) => r.headers['ushuru-event-id'])).size).toBe(1);

    const resent = await gw.request('POST', `/api/webhooks/${flaky.id}/deliveries/${log[0].id}/resend`, { token });
    expect(resent.json().data).toMatchObject({ status: 'delivered', attempts: 4 });
    expect(received.filter((r) => r.path === '/flaky')).toHaveLength(4);
  });

  it('does not follow redirects', async () => {
    const moved = await createHook('/moved', ['webhook.test']);
    answers.set('/moved', [302]);
    const test = await gw.request('POST', `/api/webhooks/${moved.id}/test`, { token });
    expect(test.json().data).toMatchObject({ status: 'pending', last_status_code: 302, last_error: expect.stringContaining('redirects are not followed') });
  });

  it('refuses targets that are not public http(s) URLs unless private ones are allowed', async () => {
    for (const url of ['ftp://example.com/x', 'not a url', 'https://user:pw@example.com/x']) {
      const res = await gw.request('POST', '/api/webhooks', { token, body: { url, events: ['document.signed'] } });
      expect(res.statusCode, url).toBe(422);
      expect(Object.keys(res.json().errors)).toEqual(['url']);
    }
    expect(targetProblem('http://127.0.0.1:9/x', false)).toMatch(/public address/);
    expect(targetProblem('http://localhost/x', false)).toMatch(/public address/);
    expect(targetProblem('http://[::1]/x', false)).toMatch(/public address/);
    expect(targetProblem('https://hooks.example.com/x', false)).toBeUndefined();
    expect(['10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '::ffff:127.0.0.1', 'fd00::1'].every(isPrivateAddress)).toBe(true);
    expect(['8.8.8.8', '41.90.1.1', '2001:4860::8888'].some(isPrivateAddress)).toBe(false);
    const bad = await gw.request('POST', '/api/webhooks', { token, body: { url: `${base}/x`, events: ['nope'] } });
    expect(Object.keys(bad.json().errors)).toEqual(['events.0']);
  });

  it('hides one tenant’s endpoints from another, and deletes', async () => {
    const other = await gw.tenant(['*']);
    expect((await gw.request('GET', `/api/webhooks/${hook.id}`, { token: other.token })).statusCode).toBe(404);
    expect((await gw.request('GET', '/api/webhooks', { token: other.token })).json().data).toEqual([]);
    expect((await gw.request('DELETE', `/api/webhooks/${hook.id}`, { token })).statusCode).toBe(200);
    expect((await gw.request('GET', `/api/webhooks/${hook.id}`, { token })).statusCode).toBe(404);
    // Nothing is queued for it any more, although the tenant's endpoints were cached while it existed.
    const sale = await branch.call('POST', '/api/etims/sales', {
      trader_invoice_number: 'WH-AFTER-DELETE',
      lines: [{ item_code: branch.items.maize, quantity: 1, unit_price: 100 }],
    });
    expect(sale.statusCode).toBe(201);
    await gw.deps.webhooks.deliverDue();
    const pending = (await gw.rawRows('webhook_deliveries')).filter((d) => String(d.payload).includes('WH-AFTER-DELETE'));
    expect(pending).toEqual([]);
  });

  it('never shows a secret again: not in answers after creation, logs or stored rows', async () => {
    const secrets = bodies.flatMap((b) => [...b.matchAll(/whsec_[A-Za-z0-9_-]+/g)].map((m) => m[0]));
    expect(secrets.length).toBeGreaterThan(0);
    const rows = JSON.stringify(await gw.rawRows('webhooks'));
    for (const secret of secrets) {
      expect(gw.logs()).not.toContain(secret);
      expect(rows).not.toContain(secret);
      for (const r of received) expect(r.body).not.toContain(secret);
    }
  });
});
