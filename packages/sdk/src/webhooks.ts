/**
 * Verifying a webhook delivery: `Ushuru-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`
 * (more than one v1 while a secret is being rotated). Uses Web Crypto, so it runs in Node 20,
 * browsers and edge runtimes; compares in constant time; refuses old timestamps (default 5 minutes)
 * so a captured delivery cannot be replayed later.
 */

export class WebhookVerificationError extends Error {
  override name = 'WebhookVerificationError';
}

export interface WebhookEvent {
  /** `evt_…`: the same on every retry of a delivery, so you can skip one you processed. */
  id: string;
  /** `document.signed`, `document.rejected`, `document.delayed`, `sync.failed`, `webhook.test`. */
  type: string;
  /** Unix seconds. */
  created: number;
  data: unknown;
  [key: string]: unknown;
}

export interface VerifyOptions {
  /** Largest accepted age of the signature, in seconds (default 300). */
  toleranceSeconds?: number;
  /** Now, in unix seconds (tests). */
  now?: number;
}

/** The part of Web Crypto's SubtleCrypto used here (typed locally: the SDK builds without DOM or Node types). */
interface HmacSubtle {
  importKey(format: 'raw', key: Uint8Array, algorithm: { name: 'HMAC'; hash: 'SHA-256' }, extractable: false, usages: ['sign']): Promise<unknown>;
  sign(algorithm: 'HMAC', key: unknown, data: Uint8Array): Promise<ArrayBuffer>;
}

const hex = (bytes: ArrayBuffer): string => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * Checks a delivery and returns its event. `payload` must be the raw body as received (not parsed and
 * re-serialized); `header` the `Ushuru-Signature` header; `secret` the endpoint's `whsec_…` secret.
 */
export async function verifyWebhook(
  payload: string | Uint8Array,
  header: string | null | undefined,
  secret: string,
  options: VerifyOptions = {},
): Promise<WebhookEvent> {
  if (!header) throw new WebhookVerificationError('No Ushuru-Signature header');
  const parts = header.split(',').map((p) => p.trim().split('='));
  const t = parts.find(([k]) => k === 't')?.[1];
  const signatures = parts.filter(([k]) => k === 'v1').map(([, v]) => v ?? '');
  if (!t || !/^\d+$/.test(t) || signatures.length === 0) throw new WebhookVerificationError('Malformed Ushuru-Signature header');
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const tolerance = options.toleranceSeconds ?? 300;
  if (Math.abs(now - Number(t)) > tolerance) throw new WebhookVerificationError(`Signature timestamp outside the tolerance of ${tolerance} s`);
  const body = typeof payload === 'string' ? payload : new TextDecoder().decode(payload);
  const subtle = (globalThis as { crypto?: { subtle?: HmacSubtle } }).crypto?.subtle;
  if (!subtle) throw new WebhookVerificationError('No Web Crypto in this runtime');
  const key = await subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const expected = hex(await subtle.sign('HMAC', key, new TextEncoder().encode(`${t}.${body}`)));
  if (!signatures.some((s) => constantTimeEqual(s, expected))) throw new WebhookVerificationError('Signature does not match');
  try {
    return JSON.parse(body) as WebhookEvent;
  } catch {
    throw new WebhookVerificationError('The body is not JSON');
  }
}
