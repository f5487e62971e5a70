/**
 * The SDK README's example, run as a user runs it: a plain Node ES module importing the built
 * `@ushuru/sdk`, against a listening gateway with the simulator, configured by USHURU_URL and
 * USHURU_TOKEN only.
 */
import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestGateway, type TestGateway } from '../../gateway/src/test-support/gateway.js';
import { ensureBuilt } from '../../../scripts/ensure-built.mjs';

const run = promisify(execFile);
const sdkDir = fileURLToPath(new URL('..', import.meta.url));

/** The README's first ```js block. */
function readmeExample(): string {
  const block = /```js\n([\s\S]*?)```/.exec(readFileSync(join(sdkDir, 'README.md'), 'utf8'));
  if (!block) throw new Error('packages/sdk/README.md has no js example');
  return block[1]!;
}

describe('the SDK README', () => {
  let gw: TestGateway;
  let url: string;
  let token: string;
  // Inside the package, so that `@ushuru/sdk` resolves as it does for an installed package.
  const file = join(sdkDir, '.readme-example.mjs');

  beforeAll(async () => {
    ensureBuilt({ quiet: true });
    gw = await createTestGateway({ simulator: true });
    url = await gw.app.listen({ host: '127.0.0.1', port: 0 });
    token = (await gw.tenant(['*'])).token;
  }, 120_000);
  afterAll(async () => {
    rmSync(file, { force: true });
    await gw?.close();
  });

  it('runs: checks a PIN, initializes a device, sells, prints the receipt URL and reads a refusal', async () => {
    writeFileSync(file, readmeExample());
    const { stdout, stderr } = await run(process.execPath, [file], { env: { ...process.env, USHURU_URL: url, USHURU_TOKEN: token }, timeout: 60_000 });
    expect(stderr).toBe('');
    expect(stdout).toContain('PIN check:');
    expect(stdout).toMatch(/sale \d+ signed KRA verification: https:\/\/etims-sbx\.kra\.go\.ke\//);
    expect(stdout).toMatch(new RegExp(`receipt: ${url.replaceAll('.', '\\.')}/api/etims/sales/\\d+/receipt\\?layout=80mm`));
    expect(stdout).toContain('refused: lines.0.quantity');
    expect(stdout).not.toContain(token);
  }, 90_000);
});
