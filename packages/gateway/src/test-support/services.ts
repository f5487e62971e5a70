/**
 * Optional services of the test machine. Locally a missing Redis skips the tests that need it (with
 * a notice); under CI (CI=true) it fails them, so CI can never pass without having run them.
 */
import { connect } from 'node:net';

export const TEST_REDIS_URL = process.env.USHURU_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** True when something accepts TCP connections at `url`'s host and port. */
export function isReachable(url: string, defaultPort: number): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: u.hostname, port: Number(u.port || defaultPort) }, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
    socket.setTimeout(1000, () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** Whether Redis tests should run: always under CI, else only when Redis answers. */
export async function redisTestsEnabled(): Promise<boolean> {
  if (process.env.CI === 'true') return true;
  const up = await isReachable(TEST_REDIS_URL, 6379);
  if (!up) console.warn(`Redis is not reachable at ${TEST_REDIS_URL}: skipping Redis tests (they always run under CI).`);
  return up;
}
