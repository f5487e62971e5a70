/**
 * The published packages work for someone who installs them: `npm pack` of @ushuru/kra,
 * @ushuru/simulator, @ushuru/sdk and @ushuru/gateway, installed into an empty folder; kra and simulator imported by a
 * plain Node 20 ES module (which runs the kra README's OSCU example against the packed simulator) and
 * by a strict TypeScript project; the gateway's `ushuru` command run from its bin link.
 * Engine-independent, so it runs in the SQLite pass only.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../scripts/ensure-built.mjs';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const engine = process.env.USHURU_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';

/** The first ```js block of the kra README: the example a user copies. */
function readmeExample(): string {
  const readme = readFileSync(join(root, 'packages/kra/README.md'), 'utf8');
  const block = /```js\n([\s\S]*?)```/.exec(readme);
  if (!block) throw new Error('packages/kra/README.md has no js example');
  return block[1]!;
}

describe.skipIf(engine !== 'sqlite')('packed packages', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ushuru-pack-'));
  const npm = (args: string[], cwd: string) =>
    run('npm', args, { cwd, env: { ...process.env, npm_config_fund: 'false', npm_config_audit: 'false' }, maxBuffer: 16 * 1024 * 1024 });

  beforeAll(async () => {
    ensureBuilt({ quiet: true });
    for (const pkg of ['kra', 'simulator', 'sdk', 'gateway']) await npm(['pack', '--pack-destination', dir, '--silent'], join(root, 'packages', pkg));
    const tarballs = readdirSync(dir).filter((f) => f.endsWith('.tgz'));
    expect(tarballs.sort()).toEqual(['ushuru-gateway-0.1.0.tgz', 'ushuru-kra-0.1.0.tgz', 'ushuru-sdk-0.1.0.tgz', 'ushuru-simulator-0.1.0.tgz']);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    await npm(['install', '--no-package-lock', '--ignore-scripts', ...tarballs.map((t) => `./${t}`)], dir);
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ships compiled JavaScript with declarations, and no tests', async () => {
    const { stdout } = await npm(['pack', '--dry-run', '--json'], join(root, 'packages', 'kra'));
    const files = (JSON.parse(stdout) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path);
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/index.d.ts');
    expect(files).toContain('README.md');
    expect(files.filter((f) => f.includes('.test.') || f.endsWith('.tsbuildinfo'))).toEqual([]);
  });

  it('runs the kra README example from a plain Node ES module, against the packed simulator', async () => {
    writeFileSync(join(dir, 'example.mjs'), readmeExample());
    writeFileSync(
      join(dir, 'main.mjs'),
      [
        "import { startSimulator } from '@ushuru/simulator';",
        'const sim = await startSimulator({ port: 0 });',
        'process.env.KRA_OSCU_URL = `${sim.url}/etims-api`;',
        'try {',
        "  await import('./example.mjs');",
        '} finally {',
        '  await sim.stop();',
        '}',
      ].join('\n'),
    );
    const { stdout } = await run(process.execPath, ['main.mjs'], { cwd: dir });
    expect(stdout).toContain('VAT band B: 16 %');
    expect(stdout).toMatch(/signed: receipt 1, signature [A-Z0-9]{16}/);
  });

  it('imports the SDK from a plain Node ES module, with no dependency of its own', async () => {
    writeFileSync(
      join(dir, 'sdk.mjs'),
      [
        "import { Ushuru, ValidationError, verifyWebhook, OSCU_OPERATIONS } from '@ushuru/sdk';",
        "const sdk = new Ushuru({ baseUrl: 'http://127.0.0.1:9', token: 'ush_x', maxRetries: 0 });",
        'console.log(typeof sdk.etims.sales.create, typeof sdk.portal.checkers.pin, OSCU_OPERATIONS.length, typeof verifyWebhook, ValidationError.name);',
      ].join('\n'),
    );
    const { stdout } = await run(process.execPath, ['sdk.mjs'], { cwd: dir });
    expect(stdout.trim()).toBe('function function 21 function ValidationError');
    const manifest = JSON.parse(readFileSync(join(dir, 'node_modules/@ushuru/sdk/package.json'), 'utf8')) as { dependencies?: object };
    expect(manifest.dependencies ?? {}).toEqual({});
  });

  it('gives the installed gateway an `ushuru` command (npx ushuru)', async () => {
    const { stdout } = await run(join(dir, 'node_modules/.bin/ushuru'), ['--help'], { cwd: dir });
    expect(stdout).toContain('Usage: ushuru');
    expect(stdout).toContain('sim');
  });

  it('type-checks in a strict TypeScript project', async () => {
    writeFileSync(
      join(dir, 'index.ts'),
      [
        "import { createLegacyOscuTransport, createOscuClient, isKraCallError, type OscuResult, type SalesTransactionData } from '@ushuru/kra';",
        "import { startSimulator, type RunningSimulator } from '@ushuru/simulator';",
        "const oscu = createOscuClient({ transport: createLegacyOscuTransport({ baseUrl: 'http://127.0.0.1:9/etims-api' }), tin: 'A123456789Z', bhfId: '00' });",
        "export const codes: Promise<OscuResult> = oscu.call('selectCodeList', { lastReqDt: '20180101000000' });",
        'export const signature = (data: SalesTransactionData): string => data.rcptSign;',
        'export const isTimeout = (err: unknown): boolean => isKraCallError(err, "timeout");',
        'export const sim: Promise<RunningSimulator> = startSimulator({ port: 0 });',
        '// @ts-expect-error -- not an OSCU operation',
        "oscu.call('selectEverything', {});",
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: ['node'],
          typeRoots: [join(root, 'node_modules/@types')],
        },
        files: ['index.ts'],
      }),
    );
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    const result = await run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: dir }).catch((err: { stdout?: string }) => ({
      stdout: err.stdout ?? String(err),
    }));
    expect(result.stdout).toBe('');
  });
});
