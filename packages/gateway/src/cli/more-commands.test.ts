/**
 * The `ushuru` item, customer, stock, purchase, proforma, webhook and oscu commands, as a user runs
 * them: the BUILT binary (`npm run build` first) against a gateway listening on loopback with the
 * simulator behind it, and a webhook receiver. Storage-independent, so SQLite only.
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../test-support/cli.js';
import { openBranch, SIM_BRANCHES, type TestBranch } from '../test-support/etims-branch.js';
import { createTestGateway, TEST_ENGINE, type TestGateway } from '../test-support/gateway.js';

let dir: string;
let gw: TestGateway;
let url: string;
let token: string;
let branch: TestBranch;
let app: string[];
let receiver: Server;
let receiverUrl: string;
let received = 0;

/** Runs `ushuru ...args` with the test gateway and token in the environment, as a script would. */
function ushuru(args: string[], input = ''): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, USHURU_CONFIG: join(dir, 'config.json'), USHURU_URL: url, USHURU_TOKEN: token };
  delete env.USHURU_APP;
  delete env.USHURU_PROFILE;
  return runCli(args, env, dir, input);
}

async function ok(args: string[]): Promise<string> {
  const r = await ushuru(args);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

async function json<T = unknown>(args: string[]): Promise<T> {
  return JSON.parse(await ok([...args, '--json'])) as T;
}

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(content));
  return path;
}

describe.skipIf(TEST_ENGINE !== 'sqlite')('ushuru item, customer, stock, purchase, proforma, webhook and oscu commands', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ushuru-cli-more-'));
    receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        received += 1;
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hooks`;
    gw = await createTestGateway({ simulator: true, env: { USHURU_WEBHOOKS_ALLOW_PRIVATE: 'true' } });
    await gw.app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(gw.app.server.address() as { port: number }).port}`;
    ({ token } = await gw.tenant(['*']));
    branch = await openBranch(gw, token, SIM_BRANCHES[1]);
    app = ['--app', String(branch.appId)];
  }, 60_000);
  afterAll(async () => {
    await gw?.close();
    await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('adds items from flags and from a file, lists and updates them', async () => {
    const added = await ushuru(['item', 'add', ...app, '--name', 'Sugar 2kg', '--class', '5022170100', '--type', '2', '--tax-type', 'B', '--price', '250']);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/Item registered on KRA\.\nCode\s+KE2NTU\d{7}\nName\s+Sugar 2kg/);
    const code = /Code\s+(\S+)/.exec(added.stdout)![1]!;
    const fromFile = await json<{ itemCd: string; itemTyCd: string; taxTyCd: string }>([
      'item',
      'add',
      ...app,
      '--from',
      file('item.json', { itemClsCd: '5022170100', itemTyCd: '3', itemNm: 'Installation', taxTyCd: 'E', dftPrc: 1000 }),
    ]);
    expect(fromFile).toMatchObject({ itemTyCd: '3', taxTyCd: 'E', itemCd: expect.stringMatching(/^KE3NTU\d{7}$/) });

    const list = await ok(['item', 'list', ...app]);
    expect(list).toMatch(/^CODE\s+NAME\s+CLASS\s+TYPE\s+TAX\s+PRICE\s+UNITS\s+SOURCE/);
    expect(list).toMatch(new RegExp(`${code}\\s+Sugar 2kg\\s+5022170100\\s+2\\s+B\\s+250\\s+NT/U`));
    expect(await json(['item', 'list', ...app, '--search', 'install'])).toEqual([expect.objectContaining({ itemCd: fromFile.itemCd })]);

    const updated = await ushuru(['item', 'update', code, ...app, '--price', '260']);
    expect(updated.code, updated.stderr).toBe(0);
    expect(updated.stdout).toMatch(/Price\s+260/);
  });

  it('names the bad flag, and exits 1 without calling the gateway', async () => {
    const bad = await ushuru(['item', 'add', ...app, '--name', 'x', '--class', '5022170100', '--type', '2', '--tax-type', 'B', '--price', 'cheap']);
    expect(bad).toMatchObject({ code: 1, stderr: expect.stringContaining('--price must be a number (0 or more), got "cheap"') });
    expect((await ushuru(['item', 'add', ...app, '--name', 'x'])).stderr).toContain(
      'Missing --class (itemClsCd), --type (itemTyCd), --tax-type (taxTyCd), --price (dftPrc)',
    );
    const [line, type, events, missing] = await Promise.all([
      ushuru(['stock', 'move', ...app, '--type', '06', '--line', 'KE2NTU0000001=5']),
      ushuru(['stock', 'move', ...app, '--type', '99', '--line', 'X:1']),
      ushuru(['webhook', 'add', receiverUrl, '--events', 'document.signed,sale.made']),
      ushuru(['proforma', 'create', '--from', join(dir, 'missing.json')]),
    ]);
    expect(line).toMatchObject({ code: 1, stderr: expect.stringContaining('--line takes ITEM_CODE:QUANTITY') });
    expect(type).toMatchObject({ code: 1, stderr: expect.stringContaining('--type must be one of 01, 02') });
    expect(events).toMatchObject({ code: 1, stderr: expect.stringContaining('--events must be one of') });
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringContaining('--from: no file') });
    // The gateway's refusal, with the field it names.
    const refused = await ushuru([
      'item',
      'add',
      ...app,
      '--from',
      file('bad-item.json', { itemClsCd: '5022170100', itemTyCd: '2', itemNm: 'x', taxTyCd: 'B', dftPrc: 1, colour: 'red' }),
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/colour/);
    expect(refused.stderr).toMatch(/request id: req_/);
  });

  it('adds and lists customers', async () => {
    const added = await ushuru(['customer', 'add', ...app, '--pin', 'P052345678R', '--name', 'Mama Mboga Traders', '--phone', '0711000003']);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/Customer saved on KRA\.\nNumber\s+\d+\nPIN\s+P052345678R\nName\s+Mama Mboga Traders/);
    expect(await json(['customer', 'add', ...app, '--from', file('cust.json', { customer_pin: 'A098765432K', customer_name: 'Duka Moja' })])).toMatchObject({
      custTin: 'A098765432K',
      custNm: 'Duka Moja',
    });
    const list = await ok(['customer', 'list', ...app]);
    expect(list).toMatch(/^NO\s+PIN\s+NAME\s+PHONE/);
    expect(list).toMatch(/P052345678R\s+Mama Mboga Traders\s+0711000003/);
    expect(list).toContain('Duka Moja');
    expect((await ushuru(['customer', 'add', ...app, '--pin', 'nope', '--name', 'x'])).stderr).toContain('--pin must be a KRA PIN');
  });

  it('moves stock from flags and a file, and shows levels and movements', async () => {
    const moved = await ushuru(['stock', 'move', ...app, '--type', '06', '--reference', 'CLI-OPEN', '--line', `${branch.items.maize}:25`]);
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.stdout).toMatch(/Stock movement \(06 adjustment \(in\)\) recorded: (signed|queued)\./);
    const out = await json<{ kind: string; trader_invoice_number: string }>([
      'stock',
      'move',
      ...app,
      '--from',
      file('move.json', { type: '16', reference: 'CLI-WRITE-OFF', lines: [{ item_code: branch.items.maize, quantity: 5 }] }),
    ]);
    expect(out).toMatchObject({ kind: 'stock_io', trader_invoice_number: 'CLI-WRITE-OFF' });
    await gw.deps.outbox.drain(branch.appId, 10_000);

    const levels = await json<Array<{ item_code: string; quantity: string }>>(['stock', 'levels', ...app]);
    // The opening stock of the test branch, +25, -5.
    expect(levels).toEqual(expect.arrayContaining([expect.objectContaining({ item_code: branch.items.maize, quantity: '1000020.00' })]));
    expect(await ok(['stock', 'levels', ...app])).toMatch(new RegExp(`${branch.items.maize}\\s+Maize Flour 5kg\\s+2\\s+1000020\\.00`));
    const movements = await ok(['stock', 'movements', ...app, '--limit', '5']);
    expect(movements).toContain('CLI-OPEN');
    expect(movements).toContain('CLI-WRITE-OFF');
  });

  it('creates a proforma from a file, shows it and prints it as a PDF', async () => {
    const quote = file('quote.json', {
      reference: 'Q-CLI-1',
      customer_name: 'Wanjiru',
      lines: [{ item_code: branch.items.maize, quantity: 2, unit_price: '480.00' }],
    });
    const created = await ushuru(['proforma', 'create', '--from', quote, ...app]);
    expect(created.code, created.stderr).toBe(0);
    const id = /Proforma (\d+) created/.exec(created.stdout)![1]!;
    expect(created.stdout).toMatch(/Reference\s+Q-CLI-1/);
    expect(created.stdout).toMatch(/Total\s+960\.00/);
    expect(await json(['proforma', 'show', id, ...app])).toMatchObject({ reference: 'Q-CLI-1', total: '960.00' });
    const pdf = join(dir, 'quote.pdf');
    const printed = await ushuru(['proforma', 'receipt', id, ...app, '--pdf', pdf]);
    expect(printed.code, printed.stderr).toBe(0);
    expect(printed.stdout).toContain(`written to ${pdf} (PDF, 80mm`);
    expect(readFileSync(pdf).subarray(0, 4).toString()).toBe('%PDF');
    expect((await ushuru(['proforma', 'show', 'abc', ...app])).stderr).toContain('ID must be a positive whole number, got "abc"');
  });

  it('records and lists purchases, and lists incoming ones', async () => {
    const purchase = file('purchase.json', {
      reference: 'PO-CLI-1',
      supplier_name: 'Local Miller',
      lines: [{ item_code: branch.items.maize, quantity: 10, unit_price: '150.00' }],
    });
    const recorded = await ushuru(['purchase', 'record', '--from', purchase, ...app]);
    expect(recorded.code, recorded.stderr).toBe(0);
    expect(recorded.stdout).toMatch(/Purchase recorded: (signed|queued)\./);
    await gw.deps.outbox.drain(branch.appId, 10_000);
    const list = await ok(['purchase', 'list', ...app]);
    expect(list).toMatch(/^\s*ID\s+TRADER INVOICE/);
    expect(list).toContain('PO-CLI-1');
    const incoming = await json<unknown[]>(['purchase', 'incoming', ...app]);
    expect(Array.isArray(incoming)).toBe(true);
    expect(await ok(['purchase', 'incoming', ...app])).toMatch(incoming.length === 0 ? /No incoming purchases/ : /^KEY\s+SUPPLIER PIN/);
    expect((await ushuru(['purchase', 'confirm', 'NOPE_1', ...app])).code).toBe(1);
  });

  it('adds a webhook (its secret printed once), lists, tests, shows deliveries and deletes it', async () => {
    const added = await ushuru(['webhook', 'add', receiverUrl, '--events', 'document.signed,webhook.test', '--description', 'ERP']);
    expect(added.code, added.stderr).toBe(0);
    const id = /Webhook (\d+) added/.exec(added.stdout)![1]!;
    const secret = /shown this once[^\n]*\n\n\s+(\S+)\n/.exec(added.stdout)![1]!;
    expect(secret.length).toBeGreaterThanOrEqual(16);
    expect(added.stdout.split(secret)).toHaveLength(2);

    const [list, shown, listed] = await Promise.all([ok(['webhook', 'list']), ok(['webhook', 'show', id]), ok(['webhook', 'list', '--json'])]);
    expect(list).toMatch(new RegExp(`^\\s*${id}\\s+${receiverUrl.replace(/[/.]/g, '\\$&')}\\s+document\\.signed,webhook\\.test\\s+yes\\s+ERP`, 'm'));
    for (const text of [list, shown, listed]) expect(text).not.toContain(secret);

    const before = received;
    const tested = await ushuru(['webhook', 'test', id]);
    expect(tested.code, tested.stderr).toBe(0);
    expect(tested.stdout).toMatch(/Test event sent: delivery \d+ delivered \(HTTP 200\)/);
    expect(received).toBe(before + 1);
    const deliveries = await json<Array<{ id: number; event: string; status: string }>>(['webhook', 'deliveries', id]);
    expect(deliveries[0]).toMatchObject({ event: 'webhook.test', status: 'delivered' });
    expect(await ok(['webhook', 'deliveries', id])).toMatch(/webhook\.test\s+delivered\s+1\s+200/);
    expect(await ok(['webhook', 'resend', id, String(deliveries[0]!.id)])).toMatch(/Resent: delivery \d+ delivered/);

    expect(await ok(['webhook', 'delete', id])).toContain(`Webhook ${id} deleted.`);
    const gone = await ushuru(['webhook', 'show', id]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/not found/i);
  });

  it('issues OSCU endpoint credentials (secrets printed once, never listed) and revokes them', async () => {
    const issued = await ushuru(['oscu', 'credentials', String(branch.appId)]);
    expect(issued.code, issued.stderr).toBe(0);
    expect(issued.stdout).toMatch(/Legacy base URL\s+http:\/\/127\.0\.0\.1:\d+\/oscu\/\S+/);
    expect(issued.stdout).toMatch(/GavaConnect base URL\s+http/);
    expect(issued.stdout).toMatch(/Token URL\s+http/);
    const cmcKey = /cmcKey\s+(\S+)/.exec(issued.stdout)![1]!;
    const clientSecret = /client secret\s+(\S+)/.exec(issued.stdout)![1]!;
    expect(issued.stdout).toContain('shown this once');
    for (const secret of [cmcKey, clientSecret]) {
      expect(secret.length).toBeGreaterThanOrEqual(16);
      expect(issued.stdout.split(secret)).toHaveLength(2);
    }
    const elsewhere = (await Promise.all([ok(['app', 'list']), ok(['app', 'show', String(branch.appId), '--json'])])).join('\n');
    for (const secret of [cmcKey, clientSecret]) expect(elsewhere).not.toContain(secret);

    // Issuing again rotates them.
    const again = await json<{ cmc_key: string; client_secret: string }>(['oscu', 'credentials', String(branch.appId)]);
    expect(again.cmc_key).not.toBe(cmcKey);
    expect(await ok(['oscu', 'revoke', String(branch.appId)])).toContain(`OSCU endpoint credentials of app ${branch.appId} revoked`);
    const twice = await ushuru(['oscu', 'revoke', String(branch.appId)]);
    expect(twice.code).toBe(1);
    expect((await ushuru(['oscu', 'credentials', 'two'])).stderr).toContain('APP_ID must be the id of a KRA app');
  });
});
