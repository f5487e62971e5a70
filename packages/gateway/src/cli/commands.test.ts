/**
 * The `ushuru` commands that talk to a running gateway, as a user runs them: the BUILT binary (a real
 * process, `npm run build` first) against a gateway listening on loopback with the simulator behind
 * it. Storage-independent, so SQLite only.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, runCli, type CliRun } from '../test-support/cli.js';
import { openBranch, SIM_BRANCHES, type TestBranch } from '../test-support/etims-branch.js';
import { createTestGateway, TEST_ENGINE, type TestGateway } from '../test-support/gateway.js';

let dir: string;
let gw: TestGateway;
let url: string;
let token: string;
let branch: TestBranch;
let portalAppId: number;

/** The environment of a user with no USHURU_* settings, whose config file lives in the test's directory. */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, USHURU_CONFIG: join(dir, 'config.json'), ...extra };
  for (const name of ['USHURU_URL', 'USHURU_TOKEN', 'USHURU_APP', 'USHURU_PROFILE']) if (!(name in extra)) delete env[name];
  return env;
}

/** Runs `ushuru ...args`; resolves with the exit code and output whatever the code. */
function ushuru(args: string[], options: { env?: Record<string, string>; input?: string } = {}): Promise<CliRun> {
  return runCli(args, userEnv(options.env), dir, options.input ?? '');
}

/** `ushuru` with the test token in the environment, as a script would run it. */
function withToken(args: string[], input?: string): Promise<CliRun> {
  return ushuru(args, { env: { USHURU_URL: url, USHURU_TOKEN: token }, ...(input !== undefined ? { input } : {}) });
}

async function json<T = unknown>(args: string[]): Promise<T> {
  const r = await withToken([...args, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as T;
}

describe.skipIf(TEST_ENGINE !== 'sqlite')('ushuru commands against a running gateway', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ushuru-cli-api-'));
    gw = await createTestGateway({ simulator: true });
    await gw.app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(gw.app.server.address() as { port: number }).port}`;
    ({ token } = await gw.tenant(['*']));
    branch = await openBranch(gw, token, SIM_BRANCHES[0]);
    const portal = await gw.request('POST', '/api/kra/apps', {
      token,
      body: { type: 'portal', name: 'portal', environment: 'simulator', consumer_key: 'ushuru-sim-key', consumer_secret: 'ushuru-sim-secret' },
    });
    portalAppId = (portal.json() as { data: { id: number } }).data.id;
  }, 60_000);
  afterAll(async () => {
    await gw?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('logs in (checking the token first), saves a 0600 profile and uses it; never prints the token', async () => {
    const bad = await ushuru(['login', '--profile', 'typo'], { input: `${url}\nush_not_a_real_token_000000\n` });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('refused this API token (nothing was saved)');
    expect(existsSync(join(dir, 'config.json'))).toBe(false);

    const login = await ushuru(['login'], { input: `${url}\n${token}\n` });
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toContain(`Logged in to ${url} with ush_…${token.slice(-4)}`);
    expect(login.stdout + login.stderr).not.toContain(token);
    const path = join(dir, 'config.json');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ current: 'default', profiles: { default: { url, token } } });

    // The saved profile is used when nothing else is given.
    const apps = await ushuru(['app', 'list', '--json']);
    expect(apps.code, apps.stderr).toBe(0);
    expect(JSON.parse(apps.stdout)).toEqual(expect.arrayContaining([expect.objectContaining({ id: branch.appId })]));
    const profiles = await ushuru(['profiles']);
    expect(profiles.stdout).toMatch(/\*\s+default\s+http:\/\/127\.0\.0\.1:\d+\s+ush_…/);
    expect(profiles.stdout).not.toContain(token);

    // A second profile by flags, then logout.
    expect((await ushuru(['login', '--profile', 'second', '--url', url, '--token', token])).code).toBe(0);
    const out = await ushuru(['logout', '--profile', 'second']);
    expect(out.stdout).toContain('Removed profile "second"');
    expect((await ushuru(['app', 'list', '--profile', 'second'])).stderr).toContain('No profile "second"');
  });

  it('adds, lists, shows, tests and updates apps', async () => {
    const portal = await json<{ id: number; credentials_set: string[] }>([
      'app',
      'add',
      'portal',
      '--name',
      'checkers',
      '--environment',
      'simulator',
      '--consumer-key',
      'ushuru-sim-key',
      '--consumer-secret',
      'ushuru-sim-secret',
    ]);
    expect(portal.credentials_set).toEqual(['consumer_key', 'consumer_secret']);
    const list = await withToken(['app', 'list']);
    expect(list.stdout).toMatch(new RegExp(`^\\s*${portal.id}\\s+checkers\\s+portal\\s+simulator\\s+yes`, 'm'));
    const tested = await withToken(['app', 'test', String(portal.id)]);
    expect(tested.code, tested.stderr).toBe(0);
    expect(tested.stdout).toMatch(/Status\s+connected/);
    const updated = await withToken(['app', 'update', String(portal.id), '--name', 'KRA checkers', '--setting', 'receipt_footer=Asante']);
    expect(updated.stdout).toMatch(/Name\s+KRA checkers/);
    expect(await json(['app', 'show', String(portal.id)])).toMatchObject({ name: 'KRA checkers', settings: { receipt_footer: 'Asante' } });
    const refused = await withToken(['app', 'add', 'etims', '--name', 'x', '--environment', 'simulator', '--tin', 'nope', '--branch', '00', '--serial', 's']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/tin: must be/);
  });

  it('creates, lists and revokes tokens', async () => {
    const created = await json<{ id: string; token: string; scopes: string[] }>(['token', 'create', '--name', 'till 3', '--scopes', 'etims:read,etims:write']);
    expect(created).toMatchObject({ scopes: ['etims:read', 'etims:write'], token: expect.stringMatching(/^ush_/) });
    const list = await withToken(['token', 'list']);
    expect(list.stdout).toMatch(new RegExp(`${created.id}\\s+till 3\\s+ush_[\\w-]+…\\s+etims:read,etims:write`));
    expect(list.stdout).not.toContain(created.token);
    // The new token works until it is revoked.
    expect((await ushuru(['outbox', 'status', '--app', String(branch.appId)], { env: { USHURU_URL: url, USHURU_TOKEN: created.token } })).code).toBe(0);
    expect((await withToken(['token', 'revoke', created.id])).stdout).toContain(`Token ${created.id} "till 3" revoked`);
    const after = await ushuru(['outbox', 'status', '--app', String(branch.appId)], { env: { USHURU_URL: url, USHURU_TOKEN: created.token } });
    expect(after.code).toBe(1);
    expect(after.stderr).toContain('The gateway refused the API token');
    expect(after.stderr).not.toContain(created.token);
  });

  it('initializes a device, syncs reference data and shows the status', async () => {
    const b = SIM_BRANCHES[2];
    const app = await json<{ id: number }>([
      'app',
      'add',
      'etims',
      '--name',
      'Second',
      '--environment',
      'simulator',
      '--tin',
      b.tin,
      '--branch',
      b.bhfId,
      '--serial',
      b.serial,
    ]);
    const init = await withToken(['etims', 'init', '--app', String(app.id)]);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toMatch(/Device initialized on KRA\.\nTaxpayer\s+SIM SUPPLIES/);
    const sync = await withToken(['etims', 'sync', 'codes', '--app', String(app.id)]);
    expect(sync.code, sync.stderr).toBe(0);
    expect(sync.stdout).toMatch(/Synced 1 dataset\(s\): \d+ record\(s\), 0 failure\(s\)/);
    expect(sync.stdout).toMatch(/codes\s+synced/);
    expect((await withToken(['etims', 'sync', 'codes', '--app', String(app.id)])).stdout).toMatch(/codes\s+up_to_date/);
    expect(await withToken(['etims', 'sync', 'bogus'])).toMatchObject({ code: 1, stderr: expect.stringContaining('Unknown dataset "bogus"') });
    const status = await json<{ device: { initialized: boolean }; sync: Array<{ dataset: string }>; outbox: { depth: number } }>([
      'etims',
      'status',
      '--app',
      String(app.id),
    ]);
    expect(status).toMatchObject({ device: { initialized: true }, sync: [{ dataset: 'codes' }], outbox: { depth: 0 } });
    expect((await withToken(['etims', 'status', '--app', String(app.id)])).stdout).toMatch(/Device\s+initialized/);
  });

  it('submits a JSON-lines file: summary, a failures file, exit 1; a re-run sells nothing twice', async () => {
    const sale = (n: string, quantity: number) =>
      JSON.stringify({ trader_invoice_number: n, lines: [{ item_code: branch.items.maize, quantity, unit_price: 116 }] });
    const file = join(dir, 'sales.jsonl');
    writeFileSync(file, [sale('J-1', 1), sale('J-2', 0), sale('J-3', 2), 'not json', ''].join('\n'));
    const app = ['--app', String(branch.appId)];
    const first = await withToken(['sales', 'submit', file, ...app]);
    expect(first.code).toBe(1);
    expect(first.stdout).toContain('4 sale(s): 2 signed, 0 queued, 2 refused.');
    expect(first.stdout).toContain('line 2 (J-2):');
    expect(first.stdout).toContain('lines.0.quantity');
    expect(first.stdout).toContain(`Failures written to ${file}.failed.jsonl`);
    const failures = readFileSync(`${file}.failed.jsonl`, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(failures).toEqual([
      expect.objectContaining({
        source: 'line 2',
        status: 'refused',
        error: expect.objectContaining({ code: 'validation_error', fields: { 'lines.0.quantity': expect.any(Array) } }),
        sale: JSON.parse(sale('J-2', 0)),
      }),
      expect.objectContaining({ source: 'line 4', error: expect.objectContaining({ code: 'bad_input' }), raw: 'not json' }),
    ]);

    // The same file again: the gateway replays its first answers (same Idempotency-Keys).
    const again = await withToken(['sales', 'submit', file, ...app, '--json']);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout)).toMatchObject({ summary: { total: 4, signed: 2, refused: 2 }, failures_file: `${file}.failed.jsonl` });
    const listed = await json<Array<{ trader_invoice_number: string }>>(['sales', 'list', ...app, '--limit', '50']);
    expect(
      listed
        .filter((s) => s.trader_invoice_number.startsWith('J-'))
        .map((s) => s.trader_invoice_number)
        .sort(),
    ).toEqual(['J-1', 'J-3']);

    // The failure, fixed in the failures file, goes through.
    writeFileSync(`${file}.failed.jsonl`, JSON.stringify({ ...failures[0], sale: JSON.parse(sale('J-2', 3)) }) + '\n');
    const fixed = await withToken(['sales', 'submit', `${file}.failed.jsonl`, ...app]);
    expect(fixed.code, fixed.stdout).toBe(0);
    expect(fixed.stdout).toContain('1 sale(s): 1 signed, 0 queued, 0 refused.');
  });

  it('submits a CSV file of sale lines grouped by trader invoice number', async () => {
    const file = join(dir, 'day.csv');
    writeFileSync(
      file,
      [
        'trader_invoice_number,customer_name,item_code,quantity,unit_price,discount_rate',
        `C-1,"Wanjiru, Mama Mboga",${branch.items.maize},2,116,`,
        `C-1,,${branch.items.delivery},1,200,`,
        `C-2,,${branch.items.maize},1,116,5`,
        `C-3,,KE2NTU9999999,1,116,`,
      ].join('\r\n') + '\r\n',
    );
    const r = await withToken(['sales', 'submit', file, '--app', String(branch.appId)]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('3 sale(s): 2 signed, 0 queued, 1 refused.');
    expect(r.stdout).toContain('row 5 (C-3)');
    const failed = JSON.parse(readFileSync(`${file}.failed.jsonl`, 'utf8').trim());
    expect(failed).toMatchObject({ source: 'row 5', sale: { trader_invoice_number: 'C-3', lines: [{ item_code: 'KE2NTU9999999' }] } });
    const c1 = await json<{ status: string; total_amount: string; trader_invoice_number: string }>(['sales', 'show', 'C-1', '--app', String(branch.appId)]);
    expect(c1).toMatchObject({ status: 'signed', total_amount: '432.00' });
  });

  it('shows and lists sales, credits them, prints receipts and the outbox', async () => {
    const app = ['--app', String(branch.appId)];
    const shown = await withToken(['sales', 'show', 'J-1', ...app]);
    expect(shown.stdout).toMatch(/Status\s+signed/);
    expect(shown.stdout).toMatch(/Verify at\s+https:\/\/etims-sbx\.kra\.go\.ke\//);
    const list = await withToken(['sales', 'list', ...app, '--status', 'signed', '--limit', '2']);
    expect(list.stdout.trim().split('\n')).toHaveLength(3);
    expect(list.stdout).toMatch(/^\s*ID\s+TRADER INVOICE\s+KRA NO/);

    const partial = await json<{ kind: string; status: string; trader_invoice_number: string }>([
      'credit-note',
      'create',
      'C-1',
      ...app,
      '--number',
      'CN-1',
      '--reason',
      '06',
      '--line',
      `${branch.items.maize}=1`,
    ]);
    expect(partial).toMatchObject({ kind: 'credit_note', status: 'signed', trader_invoice_number: 'CN-1' });
    const express = await withToken(['credit-note', 'express', 'C-1', ...app, '--number', 'CN-2', '--reason', '06']);
    expect(express.code, express.stderr).toBe(0);
    expect(express.stdout).toMatch(/Status\s+signed/);
    expect((await withToken(['credit-note', 'create', 'C-1', ...app, '--number', 'CN-3', '--reason', '06', '--line', 'oops'])).stderr).toContain(
      '--line takes ITEM_CODE=QUANTITY',
    );

    const pdf = join(dir, 'receipt.pdf');
    const printed = await withToken(['receipt', 'J-1', ...app, '--pdf', pdf, '--layout', 'a4']);
    expect(printed.code, printed.stderr).toBe(0);
    expect(readFileSync(pdf).subarray(0, 4).toString()).toBe('%PDF');
    const html = await withToken(['receipt', 'J-1', ...app]);
    expect(html.stdout).toMatch(/^<!doctype html>/i);
    expect((await withToken(['receipt', 'CN-1', '--credit-note', ...app, '--out', join(dir, 'cn.html')])).stdout).toContain('written to');

    const outbox = await withToken(['outbox', 'status', ...app]);
    expect(outbox.stdout).toMatch(/Waiting\s+0: every document has been signed or rejected/);
    expect(await withToken(['outbox', 'retry', 'J-1', ...app])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('only a queued or unknown document can be pushed'),
    });
  });

  it('prints the X report, takes and lists Z reports', async () => {
    const app = ['--app', String(branch.appId)];
    const x = await json<{ report: string; sales: { count: number } }>(['reports', 'x', ...app]);
    expect(x).toMatchObject({ report: 'X', sales: { count: expect.any(Number) } });
    expect(x.sales.count).toBeGreaterThanOrEqual(4);
    const shown = await withToken(['reports', 'x', ...app]);
    expect(shown.stdout).toMatch(/X report of \d{4}-\d{2}-\d{2} \(the day so far\)/);
    expect(shown.stdout).toMatch(/BAND\s+RATE %/);
    const pdf = join(dir, 'z.pdf');
    const z = await withToken(['reports', 'z', 'take', ...app, '--pdf', pdf]);
    expect(z.code, z.stderr).toBe(0);
    expect(z.stdout).toMatch(/Z report no\. 1 of /);
    expect(readFileSync(pdf).subarray(0, 4).toString()).toBe('%PDF');
    expect(await json(['reports', 'z', 'list', ...app])).toEqual([expect.objectContaining({ number: 1 })]);
    expect((await withToken(['reports', 'z', 'take', ...app])).code).toBe(1);
  });

  it('checks a PIN and runs any checker by name', async () => {
    const app = ['--app', String(portalAppId)];
    const pin = await withToken(['pin', 'check', 'A744610021G', ...app]);
    expect(pin.code, pin.stderr).toBe(0);
    expect(pin.stdout).toMatch(/PINDATA:\n\s+KRAPIN: A744610021G\n\s+TypeOfTaxpayer: Individual\n\s+Name: JOHN KAMAU MWANGI/);
    expect(await json(['checker', 'run', 'pin', '--KRAPIN', 'A744610021G', ...app])).toEqual(await json(['pin', 'check', 'A744610021G', ...app]));
    expect((await withToken(['checker', 'run', 'pin', ...app])).stderr).toContain('The pin checker needs --KRAPIN');
    expect((await withToken(['checker', 'list'])).stdout).toMatch(/tcc\s+--kraPIN --tccNumber/);
    const invalid = await withToken(['pin', 'check', 'nope', ...app]);
    expect(invalid.code).toBe(1);
    // The field error, said once (the gateway's message is that error), and the request id to quote.
    expect(invalid.stderr).toMatch(/^Error: KRAPIN: must be a KRA PIN[^\n]*\n\s+request id: req_\S+\n$/);
    expect(invalid.stderr).toMatch(/request id: req_/);
  });

  it('tails the request log, and follows it', async () => {
    const tail = await withToken(['logs', 'tail', '-n', '3', '--json']);
    const entries = tail.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: number });
    expect(entries).toHaveLength(3);
    expect(entries[0]!.id).toBeLessThan(entries[2]!.id);
    expect((await withToken(['logs', 'tail', '-n', '1'])).stdout).toMatch(/^\d{4}-\d{2}-\d{2}T\S+\s+\d{3}\s+\w+/);
    expect((await withToken(['logs', 'tail', '--follow', '--interval', '0'])).stderr).toContain('--interval must be a whole number from 1 to 60');

    const child = spawn(process.execPath, [CLI, 'logs', 'tail', '-n', '0', '--follow', '--interval', '1', '--json'], {
      env: userEnv({ USHURU_URL: url, USHURU_TOKEN: token }),
    });
    try {
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      // Calls made after the command's first fetch show up at its next poll. When it starts is up to
      // a busy machine, so keep calling until one appears rather than guessing a delay.
      await expect
        .poll(
          async () => {
            expect((await branch.call('GET', '/api/etims/health')).statusCode).toBe(200);
            return out;
          },
          { timeout: 20_000, interval: 500 },
        )
        .toContain('"route":"/api/etims/health"');
      const exited = new Promise<number | null>((r) => child.on('close', r));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('reports errors readably: bad token, no connection, unreachable gateway; never the token', async () => {
    const secret = 'ush_wrongwrongwrongwrong1234';
    const bad = await ushuru(['sales', 'list', '--url', url, '--token', secret]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('The gateway refused the API token');
    expect(bad.stderr).toMatch(/request id: req_/);
    expect(bad.stdout + bad.stderr).not.toContain(secret);

    const none = await ushuru(['app', 'list'], { env: { USHURU_CONFIG: join(dir, 'none.json') } });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('Not connected to a gateway');
    expect(none.stderr).toContain('ushuru login');

    const down = await ushuru(['app', 'list', '--url', 'http://127.0.0.1:9', '--token', secret]);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('Could not reach http://127.0.0.1:9');
    expect(down.stderr).toContain('Is the gateway running');
    expect(down.stderr).not.toContain(secret);
  });
});
