/** The `ushuru` command as a user runs it (a real process; storage-independent, so SQLite only). */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_ENGINE } from '../test-support/gateway.js';
import { testServerFactory } from '../test-support/server.js';
import { simControl } from '../test-support/sim-control.js';

const run = promisify(execFile);
const root = new URL('../../../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'ushuru-cli-'));
const env = { ...process.env, USHURU_DATABASE_URL: `sqlite:${join(dir, 'cli.db')}`, USHURU_LOG_LEVEL: 'silent', NODE_ENV: 'development' };

/** The compiled command, as `npx ushuru` runs it (`npm test` builds first). */
const CLI = join(root, 'packages/gateway/dist/cli/main.js');

function ushuru(...args: string[]) {
  return run(process.execPath, [CLI, ...args], { env, cwd: dir });
}

describe.skipIf(TEST_ENGINE !== 'sqlite')('ushuru CLI', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a tenant with --json and lists it', async () => {
    const { stdout } = await ushuru('tenant', 'create', 'Acme Ltd', '--json');
    const created = JSON.parse(stdout);
    expect(created).toEqual({ tenant: { id: expect.any(String), name: 'Acme Ltd' }, token: expect.stringMatching(/^ush_/) });
    const list = JSON.parse((await ushuru('tenant', 'list', '--json')).stdout);
    expect(list.map((t: { name: string }) => t.name)).toContain('Acme Ltd');
  });

  it('creates a token for an existing tenant by name, and names bad input', async () => {
    const { stdout } = await ushuru('tenant', 'token', 'Acme Ltd', '--scopes', 'kra:checkers,etims:read', '--json');
    expect(JSON.parse(stdout)).toEqual({ tenant: { id: expect.any(String), name: 'Acme Ltd' }, token: expect.stringMatching(/^ush_/) });
    await expect(ushuru('tenant', 'token', 'Nobody')).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('No tenant') });
    await expect(ushuru('tenant', 'token', 'Acme Ltd', '--scopes', 'kra:everything')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('kra:everything'),
    });
  });

  it('migrates idempotently', async () => {
    await ushuru('migrate');
    expect((await ushuru('migrate')).stdout).toContain('up to date');
  });

  it('stops on bad configuration with a message naming the variable', async () => {
    const bad = run(process.execPath, [CLI, 'tenant', 'list'], {
      env: { ...env, USHURU_PORT: 'eighty' },
    });
    await expect(bad).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('USHURU_PORT') });
  });

  it('runs as `npx ushuru` in a checkout (the bin npm links)', async () => {
    const { stdout } = await run(join(root, 'node_modules/.bin/ushuru'), ['--help'], { env, cwd: dir });
    expect(stdout).toContain('Usage: ushuru');
    for (const command of ['start', 'migrate', 'tenant', 'sim', 'etims']) expect(stdout).toContain(command);
  });

  it('validates sim options', async () => {
    await expect(ushuru('sim', '--port', 'x')).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('--port') });
  });
});

describe('ushuru sim fault flags', () => {
  it('turns flags into fault rules', async () => {
    const { faultRulesFrom } = await import('./sim.js');
    expect(faultRulesFrom({ route: 'portal.', latency: '250', errorRate: '0.5', errorKind: 'http503', fault: [] })).toEqual([
      { route: 'portal.', latencyMs: 250, errorRate: 0.5, errorKind: 'http503' },
    ]);
    expect(faultRulesFrom({ outage: true, fault: ['{"route":"oscuA.","rateLimit":{"kind":"oscu990"}}'] })).toEqual([
      { outage: { enabled: true } },
      { route: 'oscuA.', rateLimit: { kind: 'oscu990' } },
    ]);
    expect(faultRulesFrom({ fault: [] })).toEqual([]);
  });

  it.each([
    [{ errorRate: '2', fault: [] }, '--error-rate'],
    [{ errorKind: 'boom', fault: [] }, '--error-kind'],
    [{ rateLimit: 'http418', fault: [] }, '--rate-limit'],
    [{ latency: '-1', fault: [] }, '--latency'],
    [{ fault: ['{nope'] }, '--fault'],
  ])('names the bad flag: %j', async (opts, flag) => {
    const { faultRulesFrom } = await import('./sim.js');
    expect(() => faultRulesFrom(opts)).toThrowError(flag);
  });

  it('takes --vat-convention inclusive|exclusive|either and names the flag otherwise', async () => {
    const { parseVatConvention } = await import('./sim.js');
    expect(['inclusive', 'exclusive', 'either'].map(parseVatConvention)).toEqual(['inclusive', 'exclusive', 'either']);
    expect(() => parseVatConvention('vat-on-top')).toThrowError(/--vat-convention must be one of either, exclusive, inclusive, got "vat-on-top"/);
    const { parseDocumentRules } = await import('./sim.js');
    expect(parseDocumentRules({ sequence: 'strict', creditNoteWindow: '6', maxCreditNotes: 'none' })).toEqual({
      sequence: 'strict',
      creditNoteWindowMonths: 6,
      maxCreditNotesPerSale: null,
      stockBeforeSale: false,
    });
    expect(parseDocumentRules({ sequence: 'unique', creditNoteWindow: 'none', maxCreditNotes: '2', stockBeforeSale: true })).toMatchObject({
      sequence: 'unique',
      creditNoteWindowMonths: null,
      maxCreditNotesPerSale: 2,
      stockBeforeSale: true,
    });
    expect(() => parseDocumentRules({ sequence: 'loose', creditNoteWindow: '6', maxCreditNotes: 'none' })).toThrowError(
      /--sequence must be one of strict, unique/,
    );
    expect(() => parseDocumentRules({ sequence: 'strict', creditNoteWindow: '0', maxCreditNotes: 'none' })).toThrowError(/--credit-note-window/);
  });

  it.skipIf(TEST_ENGINE !== 'sqlite')('starts with faults switched on', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(
      process.execPath,
      [CLI, 'sim', '--port', '0', '--outage', '--vat-convention', 'inclusive', '--stock-before-sale', '--sequence', 'unique'],
      {
        cwd: root,
      },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /listening on (http:\/\/\S+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.on('exit', () => reject(new Error(out)));
      });
      const res = await fetch(`${url}/checker/v1/pinbypin`, { method: 'POST', body: '{}' });
      expect(res.status).toBe(503);
      expect(await simControl(url).faults()).toHaveLength(1);
      expect(await simControl(url).settings()).toMatchObject({
        vatConvention: 'inclusive',
        stockBeforeSale: true,
        sequence: 'unique',
        creditNoteWindowMonths: 6,
      });
    } finally {
      child.kill('SIGTERM');
    }
  });
});

describe.skipIf(TEST_ENGINE !== 'sqlite')('ushuru etims sync', () => {
  const servers = testServerFactory();
  afterAll(() => servers.cleanup());

  it("syncs through the server's simulator with a summary, and names a bad dataset", async () => {
    const simPort = await freePort();
    const gateway = await servers.start({ USHURU_SIMULATOR_PORT: String(simPort) });
    const token = gateway.bootstrap!.token;
    const init = await fetch(`${gateway.url}/api/etims/device/initialize`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'x-kra-app-id': '2' },
    });
    expect(init.status).toBe(200);

    const cliEnv = {
      ...process.env,
      USHURU_DATABASE_URL: `sqlite:${join(servers.dir, 'ushuru.db')}`,
      USHURU_DATA_DIR: servers.dir,
      USHURU_SIMULATOR_PORT: String(simPort),
    };
    const cli = (...args: string[]) => run(process.execPath, [CLI, 'etims', 'sync', ...args], { env: cliEnv });
    const first = await cli('codes', '--app', '2');
    expect(first.stdout).toMatch(/Synced 1 app\(s\), 1 dataset\(s\) each: \d+ record\(s\), 0 failure\(s\)/);
    expect(first.stdout).toMatch(/codes\s+synced/);
    const second = await cli('codes', '--app', '2');
    expect(second.stdout).toMatch(/codes\s+up_to_date/);
    await expect(cli('bogus')).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('Unknown dataset "bogus"') });

    // A sale from a file, signed by the server's simulator, as a person at a terminal would send it.
    const saleFile = join(servers.dir, 'sale.json');
    writeFileSync(saleFile, JSON.stringify({ trader_invoice_number: 'CLI-1', lines: [{ item_code: 'KE3OUU0000005', quantity: 2, unit_price: 116 }] }));
    const etims = (...args: string[]) => run(process.execPath, [CLI, 'etims', ...args], { env: cliEnv });
    const sold = await etims('sale', saleFile, '--app', '2');
    expect(sold.stdout).toMatch(/Sale CLI-1 signed by KRA: invoice 1, receipt \d+\/\d+, total 232\.00\./);
    expect(sold.stdout).toContain('https://etims-sbx.kra.go.ke/common/link/etims/receipt/indexEtimsReceiptData?Data=A123456789Z00');
    const shown = await fetch(`${gateway.url}/api/etims/sales/CLI-1`, { headers: { authorization: `Bearer ${token}`, 'x-kra-app-id': '2' } });
    expect(await shown.json()).toMatchObject({ data: { status: 'signed', invoice_number: 1 } });
    // Bad input names the field and stores nothing; the outbox is empty.
    writeFileSync(saleFile, JSON.stringify({ trader_invoice_number: 'CLI-2', lines: [{ item_code: 'KE2NTU0000001', quantity: 0, unit_price: 1 }] }));
    await expect(etims('sale', saleFile, '--app', '2')).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('lines.0.quantity') });
    expect((await etims('outbox')).stdout).toContain('The outbox is empty');
  });
});

/** A TCP port that is free right now on 127.0.0.1. */
async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
