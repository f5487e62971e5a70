/**
 * API token format: `ush_` + 43 base64url characters (32 random bytes). Only the SHA-256 of a token
 * is stored; the plaintext is shown once at creation.
 */
import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

const TOKEN_RE = /^ush_[A-Za-z0-9_-]{43}$/;

/** A new random token. */
export function generateToken(): string {
  return 'ush_' + randomBytes(32).toString('base64url');
}

/** True when `value` has the shape of an Ushuru token (checked before any database work). */
export function isWellFormedToken(value: string): boolean {
  return TOKEN_RE.test(value);
}

/**
 * SHA-256 hex of a token: what the database stores and looks up. Node's one-shot `hash()` (no Hash
 * object per call) takes about a quarter of the time, and this runs on every authenticated request.
 */
export function hashToken(token: string): string {
  return hash('sha256', token, 'hex');
}

/** Constant-time comparison of two hex hashes. */
export function hashesEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a, 'hex');
  const bb = Buffer.from(b, 'hex');
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}

/** The part of a token safe to display: `ush_` and four characters. */
export function tokenPrefix(token: string): string {
  return token.slice(0, 8);
}
