/**
 * Finds the master key: from configuration, or (outside production) generated once into the data
 * directory, so that `npm start` works on a fresh machine while production must bring its own key.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface MasterKeyResult {
  key: Buffer;
  /** Set when the key was generated now; the caller logs it as a warning. */
  generatedAt?: string;
}

/** Returns the configured key, or reads/creates `<dataDir>/master.key` (mode 0600). */
export function resolveMasterKey(configured: string | undefined, dataDir: string): MasterKeyResult {
  if (configured) return { key: Buffer.from(configured, 'base64') };
  const file = join(dataDir, 'master.key');
  if (existsSync(file)) {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
    return { key };
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  return { key, generatedAt: file };
}
