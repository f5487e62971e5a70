import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('gives the documented defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(8080);
    expect(c.host).toBe('127.0.0.1');
    expect(c.databaseUrl).toBe('sqlite:./data/ushuru.db');
    expect(c.dataDir).toBe('./data');
    expect(c.redisUrl).toBeUndefined();
    expect(c.rateLimitPerMinute).toBe(200);
    expect(c.simulator.port).toBe(8090);
  });

  it.each([
    ['USHURU_PORT', 'eighty'],
    ['USHURU_PORT', '70000'],
    ['USHURU_DATABASE_URL', 'mysql://x'],
    ['USHURU_REDIS_URL', 'http://localhost'],
    ['USHURU_MASTER_KEY', 'dG9vLXNob3J0'],
    ['USHURU_KRA_SANDBOX_PORTAL_URL', 'not a url'],
    ['USHURU_LOG_LEVEL', 'loud'],
  ])('rejects a bad %s and names it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrowError(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrowError(new RegExp(name));
  });

  it('requires a master key in production, and does not echo a given one', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrowError(/USHURU_MASTER_KEY/);
    const key = Buffer.alloc(32, 7).toString('base64');
    expect(loadConfig({ NODE_ENV: 'production', USHURU_MASTER_KEY: key }).masterKey).toBe(key);
    try {
      loadConfig({ USHURU_MASTER_KEY: 'c2hvcnQtc2VjcmV0' });
    } catch (err) {
      expect(String(err)).not.toContain('c2hvcnQtc2VjcmV0');
    }
  });

  it('selects PostgreSQL from a postgres:// URL and keeps empty values as unset', () => {
    const c = loadConfig({ USHURU_DATABASE_URL: 'postgres://127.0.0.1:5432/test', USHURU_REDIS_URL: '' });
    expect(c.databaseUrl.startsWith('postgres://')).toBe(true);
    expect(c.redisUrl).toBeUndefined();
  });
});
