/**
 * A listening gateway exactly as `npm start` runs it (built-in simulator, bootstrap), on a fresh
 * database of the test engine. For tests of the process as a whole: README examples, shutdown.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config.js';
import { startGateway, type RunningGateway } from '../server.js';
import { TEST_ENGINE } from './gateway.js';
import { dropSchemaUnlessRunCleansUp, TEST_PG_URL, testSchemaName } from './pg-schemas.js';

/** One database (SQLite file or PostgreSQL schema) that several gateway starts can share. */
export interface TestServerFactory {
  dir: string;
  start(env?: Record<string, string>): Promise<RunningGateway>;
  /** Stops every gateway started and drops the database. */
  cleanup(): Promise<void>;
}

export function testServerFactory(): TestServerFactory {
  const dir = mkdtempSync(join(tmpdir(), 'ushuru-server-'));
  const schema = testSchemaName('srv');
  const started: RunningGateway[] = [];
  return {
    dir,
    async start(env = {}) {
      const config = loadConfig({
        NODE_ENV: 'test',
        USHURU_PORT: '0',
        USHURU_DATABASE_URL: TEST_ENGINE === 'postgres' ? TEST_PG_URL : `sqlite:${join(dir, 'ushuru.db')}`,
        USHURU_DATA_DIR: dir,
        USHURU_LOG_LEVEL: 'silent',
        USHURU_SIMULATOR_PORT: '0',
        ...env,
      });
      const gw = await startGateway(config, TEST_ENGINE === 'postgres' ? { store: { pgSchema: schema, pgPoolSize: 4 } } : {});
      started.push(gw);
      return gw;
    },
    async cleanup() {
      for (const gw of started) await gw.stop();
      if (TEST_ENGINE === 'postgres') await dropSchemaUnlessRunCleansUp(schema);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
