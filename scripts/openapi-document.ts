/**
 * The gateway's OpenAPI document as `/openapi.json` serves it, made in-process on a throwaway
 * SQLite database (routes are registered without touching storage).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../packages/gateway/src/config.js';
import { buildApp } from '../packages/gateway/src/http/app.js';
import { ROUTES } from '../packages/gateway/src/routes.js';
import { createRuntime } from '../packages/gateway/src/runtime.js';

export async function openApiDocument(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'ushuru-openapi-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    USHURU_DATABASE_URL: `sqlite:${join(dir, 'openapi.db')}`,
    USHURU_MASTER_KEY: randomBytes(32).toString('base64'),
    USHURU_DATA_DIR: dir,
    USHURU_LOG_LEVEL: 'silent',
    USHURU_SIMULATOR_PORT: 'off',
  });
  const runtime = await createRuntime(config);
  try {
    const app = await buildApp(runtime.deps, { routes: ROUTES });
    try {
      await app.ready();
      return (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as Record<string, unknown>;
    } finally {
      await app.close();
    }
  } finally {
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
