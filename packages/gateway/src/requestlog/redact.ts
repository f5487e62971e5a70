/**
 * Prepares a request or response body for the request log (body capture on): every value under a
 * secret-looking key is replaced, using the same key list as the process logger, and the text is
 * capped so one huge item list cannot bloat the log table.
 */
import { REDACTED_KEYS } from '../logging.js';

const SECRET_KEYS = new Set(REDACTED_KEYS.map((k) => k.toLowerCase()));
/** Longest body text stored; longer ones are cut and marked. */
export const MAX_LOGGED_BODY_CHARS = 16_384;

function redactValue(value: unknown, depth: number): unknown {
  if (depth > 20) return '[too deep]';
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] = SECRET_KEYS.has(key.toLowerCase()) ? '[redacted]' : redactValue(inner, depth + 1);
    }
    return out;
  }
  return value;
}

/** The body as stored text: redacted, JSON, at most {@link MAX_LOGGED_BODY_CHARS}; null when absent. */
export function bodyForLog(body: unknown): string | null {
  if (body === undefined) return null;
  const text = JSON.stringify(redactValue(body, 0)) ?? null;
  if (text === null || text.length <= MAX_LOGGED_BODY_CHARS) return text;
  return `${text.slice(0, MAX_LOGGED_BODY_CHARS)}…[truncated]`;
}
