/** The `ushuru` command as a user runs it (a real process; storage-independent, so SQLite only). */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_ENGINE } from '../test-support/gateway.js';

const run = promisify(execFile);
const root = new URL('../../../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'ushuru-cli-'));
const env = { ...process.env, USHURU_DATABASE_URL: `sqlite:${join(dir, 'cli.db')}`, USHURU_LOG_LEVEL: 'silent', NODE_ENV: 'development' };

function ushuru(...args: string[]) {
  return run(join(root, 'node_modules/.bin/tsx'), [join(root, 'packages/gateway/src/cli/main.ts'), ...args], { env, cwd: dir });
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

  it('migrates idempotently', async () => {
    await ushuru('migrate');
    expect((await ushuru('migrate')).stdout).toContain('up to date');
  });

  it('stops on bad configuration with a message naming the variable', async () => {
    const bad = run(join(root, 'node_modules/.bin/tsx'), [join(root, 'packages/gateway/src/cli/main.ts'), 'tenant', 'list'], {
      env: { ...env, USHURU_PORT: 'eighty' },
    });
    await expect(bad).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('USHURU_PORT') });
  });

  it('validates sim options', async () => {
    await expect(ushuru('sim', '--port', 'x')).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('--port') });
  });
});
