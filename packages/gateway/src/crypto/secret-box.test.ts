import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox, SecretBoxError } from './secret-box.js';

describe('secret box', () => {
  const key = randomBytes(32);
  const box = createSecretBox(key);

  it('round-trips and never contains the plaintext', () => {
    const sealed = box.seal('my-consumer-secret', 't1:kra_app:1:consumer_secret');
    expect(sealed).not.toContain('my-consumer-secret');
    expect(sealed.startsWith(`v1.${box.keyId}.`)).toBe(true);
    expect(box.open(sealed, 't1:kra_app:1:consumer_secret')).toBe('my-consumer-secret');
  });

  it('uses a fresh IV each time', () => {
    expect(box.seal('x', 'a')).not.toBe(box.seal('x', 'a'));
  });

  it('refuses a ciphertext moved to another tenant, app or field (AAD)', () => {
    const sealed = box.seal('s3cret', 't1:kra_app:1:cmc_key');
    for (const aad of ['t2:kra_app:1:cmc_key', 't1:kra_app:2:cmc_key', 't1:kra_app:1:consumer_secret']) {
      expect(() => box.open(sealed, aad)).toThrowError(SecretBoxError);
    }
  });

  it('refuses tampering and a different key, without leaking the plaintext', () => {
    const sealed = box.seal('s3cret', 'a');
    const parts = sealed.split('.');
    parts[4] = Buffer.from('tampered').toString('base64url');
    expect(() => box.open(parts.join('.'), 'a')).toThrowError(SecretBoxError);
    expect(() => createSecretBox(randomBytes(32)).open(sealed, 'a')).toThrowError(/no master key/);
  });

  it('reads rows sealed with a previous key after rotation', () => {
    const old = createSecretBox(key);
    const sealed = old.seal('kept', 'a');
    const rotated = createSecretBox(randomBytes(32), [key]);
    expect(rotated.open(sealed, 'a')).toBe('kept');
  });

  it('rejects a key that is not 32 bytes', () => {
    expect(() => createSecretBox(Buffer.alloc(16))).toThrowError(/32 bytes/);
  });
});
