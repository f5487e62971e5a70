/**
 * Encryption of stored credentials: AES-256-GCM with a 12-byte random IV and additional
 * authenticated data (AAD) binding each value to its tenant, app and field, so that a ciphertext
 * copied into another row or column fails to decrypt instead of leaking someone else's secret.
 *
 * Envelope: `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts). The key id lets a future key
 * rotation find the right key for old rows.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** Encrypts and decrypts short secrets with one master key. */
export interface SecretBox {
  readonly keyId: string;
  seal(plaintext: string, aad: string): string;
  open(envelope: string, aad: string): string;
}

/** Raised when an envelope cannot be opened (wrong key, wrong AAD, tampered). Never carries the plaintext. */
export class SecretBoxError extends Error {
  override name = 'SecretBoxError';
}

/** Builds a SecretBox from a 32-byte key (raw or base64). Older keys may be given to read rotated rows. */
export function createSecretBox(masterKey: Buffer | string, previousKeys: Array<Buffer | string> = []): SecretBox {
  const current = toKey(masterKey);
  const keys = new Map<string, Buffer>();
  for (const k of [current, ...previousKeys.map(toKey)]) keys.set(keyIdOf(k), k);
  const keyId = keyIdOf(current);

  return {
    keyId,
    seal(plaintext, aad) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current, iv);
      cipher.setAAD(Buffer.from(aad, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return ['v1', keyId, iv.toString('base64url'), tag.toString('base64url'), ciphertext.toString('base64url')].join('.');
    },
    open(envelope, aad) {
      const parts = envelope.split('.');
      if (parts.length !== 5 || parts[0] !== 'v1') throw new SecretBoxError('unrecognised secret envelope');
      const [, kid, iv, tag, ciphertext] = parts as [string, string, string, string, string];
      const key = keys.get(kid);
      if (!key) throw new SecretBoxError(`no master key with id ${kid} is configured`);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(aad, 'utf8'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretBoxError('secret could not be decrypted (wrong key or tampered data)');
      }
    },
  };
}

function toKey(key: Buffer | string): Buffer {
  const buf = typeof key === 'string' ? Buffer.from(key, 'base64') : key;
  if (buf.length !== 32) throw new SecretBoxError('master key must be 32 bytes');
  return buf;
}

/** A short public fingerprint of a key; reveals nothing usable about it. */
function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('ushuru-key-id:').update(key).digest('hex').slice(0, 8);
}
