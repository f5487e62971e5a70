/** The `ushuru` command as a user runs it (a real process; storage-independent, so SQLite only). */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_ENGINE } from '../test-support/gateway.js';
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

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(TEST_ENGINE !== 'sqlite')('ushuru CLI', () => {
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

  it('creates a dashboard user from stdin, never echoing the password, and names bad input', async () => {
    const password = 'correct horse battery staple';
    const child = execFile(
      process.execPath,
      [CLI, 'user', 'create', '--tenant', 'Acme Ltd', '--email', 'owner@acme.example', '--role', 'admin', '--password-stdin', '--json'],
      {
        env,
        cwd: dir,
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin!.end(`${password}\n`);
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code, stderr).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ user: { email: 'owner@acme.example', role: 'admin' } });
    expect(stdout + stderr).not.toContain(password);
    const short = execFile(
      process.execPath,
      [CLI, 'user', 'create', '--tenant', 'Acme Ltd', '--email', 'x@acme.example', '--role', 'boss', '--password-stdin'],
      { env, cwd: dir },
    );
    let shortErr = '';
    short.stderr!.on('data', (d: Buffer) => (shortErr += d.toString()));
    short.stdin!.end('short\n');
    expect(await new Promise((resolve) => short.once('exit', resolve))).toBe(1);
    expect(shortErr).toMatch(/password|role/);
    expect(shortErr).not.toContain('short\n');
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
    for (const command of [
      'start',
      'migrate',
      'tenant',
      'sim',
      'login',
      'app',
      'token',
      'user',
      'etims',
      'item',
      'customer',
      'stock',
      'sales',
      'credit-note',
      'purchase',
      'proforma',
      'receipt',
      'outbox',
      'webhook',
      'oscu',
      'reports',
      'logs',
      'pin',
      'checker',
      'completion',
    ])
      expect(stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
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

describe.skipIf(TEST_ENGINE !== 'sqlite')('ushuru help and completion', () => {
  it("shows examples and the connection options in every gateway command's help", async () => {
    const { stdout } = await ushuru('sales', 'submit', '--help');
    expect(stdout).toContain('Examples:\n  $ ushuru sales submit today.csv --app 2');
    expect(stdout).toContain('Connection options:\n  --app <id>');
    expect(stdout).toContain('Line columns: item_code, quantity, unit_price');
  });

  it('prints a bash completion script generated from the command tree, which completes', async () => {
    const { stdout } = await ushuru('completion', 'bash');
    expect(stdout).toContain('complete -o default -F _ushuru_complete ushuru');
    for (const word of ['sales', 'submit', '--concurrency', 'reconcile', 'credit-note', 'express']) expect(stdout).toContain(word);
    const script = join(dir, 'ushuru.bash');
    writeFileSync(script, stdout);
    const complete = async (...words: string[]) => {
      const probe = `source ${script}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _ushuru_complete; echo "\${COMPREPLY[*]}"`;
      return (await run('bash', ['-c', probe])).stdout.trim();
    };
    expect(await complete('ushuru', 'sa')).toBe('sales');
    expect((await complete('ushuru', 'sales', 's')).split(' ')).toEqual(['submit', 'show']);
    expect(await complete('ushuru', 'sales', 'submit', '--conc')).toBe('--concurrency');
    expect((await complete('ushuru', 'reports', 'z', '')).split(' ')).toEqual(expect.arrayContaining(['take', 'list', 'show', '--help']));
  });

  it('prints a zsh completion script, and refuses other shells', async () => {
    const { stdout } = await ushuru('completion', 'zsh');
    expect(stdout).toMatch(/^#compdef ushuru\n/);
    expect(stdout).toContain('"ushuru etims") echo "init import sync status reconcile --help" ;;');
    await expect(ushuru('completion', 'fish')).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('bash or zsh') });
  });
});

describe('CLI building blocks', () => {
  it('lists the datasets the gateway syncs, in its order', async () => {
    const { SYNC_DATASETS } = await import('./etims.js');
    const { DATASET_NAMES } = await import('../etims/sync/datasets.js');
    expect(SYNC_DATASETS).toEqual(DATASET_NAMES);
  });

  it('names every checker the SDK has', async () => {
    const { CHECKERS } = await import('./checkers.js');
    const { Ushuru } = await import('@ushuru/sdk');
    const sdk = new Ushuru({ baseUrl: 'http://127.0.0.1:1', token: 'ush_x' });
    expect(
      Object.values(CHECKERS)
        .map((c) => c.method)
        .sort(),
    ).toEqual(Object.keys(sdk.portal.checkers).sort());
  });

  it("reads checker fields and the CLI's own flags among them", async () => {
    const { parseFieldArgs } = await import('./checkers.js');
    expect(parseFieldArgs(['--KRAPIN', 'A1', '--json', 'pin_no=P2', '--app=3', '--x=a=b'])).toEqual({
      fields: { KRAPIN: 'A1', pin_no: 'P2', x: 'a=b' },
      flags: { json: true, app: '3' },
    });
    expect(() => parseFieldArgs(['--KRAPIN'])).toThrowError('--KRAPIN needs a value.');
    expect(() => parseFieldArgs(['A1'])).toThrowError(/Expected --FIELD value or FIELD=value/);
  });

  it('finds the connection in flags, then the environment, then the profile', async () => {
    const { configPath, maskToken, resolveConnection, writeConfig } = await import('./connection.js');
    expect(configPath({ USHURU_CONFIG: '/x/c.json', XDG_CONFIG_HOME: '/y' })).toBe('/x/c.json');
    expect(configPath({ XDG_CONFIG_HOME: '/y' })).toBe('/y/ushuru/config.json');
    expect(maskToken('ush_abcdefghijklmnop1234')).toBe('ush_…1234');
    const path = join(dir, 'profiles.json');
    writeConfig(path, {
      current: 'a',
      profiles: { a: { url: 'http://a:1/', token: 'ush_aaaaaaaaaaaa' }, b: { url: 'http://b:2', token: 'ush_bbbbbbbbbbbb' } },
    });
    const env = { USHURU_CONFIG: path };
    expect(resolveConnection({}, env)).toMatchObject({ url: 'http://a:1', token: 'ush_aaaaaaaaaaaa', source: 'profile a' });
    expect(resolveConnection({ profile: 'b', app: '4' }, env)).toMatchObject({ url: 'http://b:2', appId: 4 });
    expect(resolveConnection({}, { ...env, USHURU_TOKEN: 'ush_envenvenvenv', USHURU_APP: '2' })).toMatchObject({
      url: 'http://a:1',
      token: 'ush_envenvenvenv',
      appId: 2,
      source: 'environment',
    });
    expect(resolveConnection({ url: 'http://c:3', token: 'ush_flagflagflag' }, env)).toMatchObject({
      url: 'http://c:3',
      token: 'ush_flagflagflag',
      source: 'flags',
    });
    expect(() => resolveConnection({ profile: 'zz' }, env)).toThrowError(/No profile "zz"/);
    expect(() => resolveConnection({ app: 'two' }, env)).toThrowError('--app must be the id of a KRA app');
    expect(() => resolveConnection({}, { USHURU_CONFIG: join(dir, 'missing.json') })).toThrowError(/Not connected to a gateway/);
  });
});
