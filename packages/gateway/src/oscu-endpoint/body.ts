/**
 * Reading a request body as KRA would: JSON (of any content type, as KRA's hosts accept), within the
 * gateway's body bounds, then the operation's field table (etims/oscu-schemas), whose coercions are
 * what lets KRA accept numbers sent as text. A problem is KRA's 910 naming the field in KRA's way
 * (`itemList[0].qty`); the device fields a body repeats must be this app's.
 */
import type { OscuOperationName } from '@ushuru/kra';
import type { AppWithSecrets } from '../apps/service.js';
import { ApiError } from '../errors.js';
import { assertBodyShape, BODY_LIMITS, exceedsJsonDepth } from '../http/body-guard.js';
import { parseDescribed } from '../http/field-errors.js';
import { OSCU_REQUEST_SCHEMAS } from '../etims/oscu-schemas/index.js';
import { zodValidationError } from '../etims/validate.js';
import type { Rejection } from './envelopes.js';

/** A body as read: a JSON object, or why it is not one. */
export type ReadBody = { ok: true; body: Record<string, unknown> } | { ok: false; rejection: Rejection };

/** Parses the raw text of a request. */
export function readBody(text: string | undefined): ReadBody {
  if (text === undefined || text.trim() === '') return { ok: false, rejection: { reason: 'body-missing', detail: 'request body is empty' } };
  if (exceedsJsonDepth(text, BODY_LIMITS.maxDepth)) {
    return { ok: false, rejection: { reason: 'body-invalid', detail: `request body is nested more than ${BODY_LIMITS.maxDepth} levels deep` } };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, rejection: { reason: 'body-invalid', detail: 'request body is not valid JSON' } };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, rejection: { reason: 'body-invalid', detail: 'request body must be a JSON object' } };
  }
  try {
    assertBodyShape(value);
  } catch (err) {
    return { ok: false, rejection: { reason: 'body-invalid', detail: err instanceof ApiError ? err.message : 'request body is too large' } };
  }
  return { ok: true, body: value as Record<string, unknown> };
}

/** `itemList.0.qty: must be a number` → `itemList[0].qty must be a number`, as KRA names fields. */
function kraWording(message: string): string {
  const colon = message.indexOf(': ');
  if (colon < 0) return message;
  const field = message.slice(0, colon).replace(/\.(\d+)(?=\.|$)/g, '[$1]');
  return `${field} ${message.slice(colon + 2)}`;
}

/** The body checked against the operation's field table, coerced to KRA's types; a 910 detail when it fails. */
export function checkFields(
  operation: OscuOperationName,
  app: AppWithSecrets,
  body: Record<string, unknown>,
): { body: Record<string, unknown> } | { problem: string } {
  // A key in a body is never forwarded: the real one travels in the header.
  const { cmcKey: _cmcKey, ...rest } = body;
  if (operation !== 'selectInitOsdcInfo') {
    if (rest.tin !== undefined && rest.tin !== app.tin) return { problem: `tin must be the device's PIN ${app.tin ?? ''} (or left out)` };
    if (rest.bhfId !== undefined && rest.bhfId !== app.bhf_id) return { problem: `bhfId must be the device's branch ${app.bhf_id ?? ''} (or left out)` };
  }
  const parsed = parseDescribed(OSCU_REQUEST_SCHEMAS[operation], rest);
  if (!parsed.success) return { problem: kraWording(zodValidationError(parsed.error).message) };
  return { body: parsed.data as Record<string, unknown> };
}
