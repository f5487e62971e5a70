/**
 * Webhook signatures, as Stripe signs its own: `Ushuru-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256
 * of "<t>.<body>">`. The timestamp is inside the signed text, so a receiver that refuses old
 * timestamps (five minutes is the usual tolerance) cannot be fooled by a replayed delivery.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'Ushuru-Signature';

/** A new signing secret (`whsec_` + 32 random bytes, base64url). */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** The header value for `body` sent at `unixSeconds`. */
export function signWebhook(secret: string, unixSeconds: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

/**
 * What a receiver runs: true when `header` signs `body` with `secret` and its timestamp is within
 * `toleranceSeconds` of `nowSeconds`. Comparison in constant time.
 */
export function verifyWebhookSignature(secret: string, header: string, body: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const parts = new Map(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds || !/^[0-9a-f]{64}$/.test(v1)) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(v1, 'hex'));
}
