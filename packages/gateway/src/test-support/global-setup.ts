/**
 * Vitest global setup: names the test run (so its PostgreSQL schemas can be found) and drops those
 * schemas once every test file has finished.
 */
import { randomBytes } from 'node:crypto';

export default function setup(): () => Promise<void> {
  const id = randomBytes(3).toString('hex');
  process.env.USHURU_TEST_RUN_ID = id;
  return async () => {
    if (process.env.USHURU_TEST_DB !== 'postgres') return;
    const { dropRunSchemas } = await import('./pg-schemas.js');
    await dropRunSchemas(id);
  };
}
