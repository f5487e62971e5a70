/**
 * Turns the flat bodies callers send into the wrapped bodies some KRA APIs require
 * (`{"TAXPAYERDETAILS":{…}}`, `{"REQUEST":{"TAXPAYERDETAILS":{…}}}`, `{"iTaxUSSDKnowStationRequest":{…}}`).
 * Callers may also send the wrapped form (Salami accepts both for TOT); a body that is already
 * wrapped — in any of the known wrappers — is re-wrapped into the one the API is configured for,
 * so the result is the same whichever form came in.
 */
import type { PortalApiDefinition, PortalRequestWrapper } from './apis.js';

const KNOWN_WRAPPER_KEYS = new Set(['REQUEST', 'TAXPAYERDETAILS', 'iTaxUSSDKnowStationRequest']);

/** Removes every known wrapper around a body (`{"REQUEST":{"TAXPAYERDETAILS":{x}}}` → `{x}`). */
export function unwrapPortalBody(body: unknown): unknown {
  let current = body;
  for (;;) {
    if (!isRecord(current)) return current;
    const keys = Object.keys(current);
    const only = keys.length === 1 ? keys[0] : undefined;
    if (only === undefined || !KNOWN_WRAPPER_KEYS.has(only)) return current;
    const inner = current[only];
    if (!isRecord(inner)) return current;
    current = inner;
  }
}

/** Wraps a body as `wrapper` says; idempotent: an already-wrapped body comes out the same. */
export function wrapPortalBody(body: unknown, wrapper: PortalRequestWrapper): unknown {
  const flat = unwrapPortalBody(body);
  if (wrapper === 'none') return flat;
  const keys = wrapper.split('.');
  let wrapped: unknown = flat;
  for (let i = keys.length - 1; i >= 0; i--) wrapped = { [keys[i] as string]: wrapped };
  return wrapped;
}

/**
 * Builds the body KRA receives for an API: applies the wrapper and, for withholding PRNs, sets
 * `transactionHeader.taxObligation` when the caller left it out (as Salami does). A caller's own
 * `taxObligation` is kept, so KRA (not us) judges a mismatch.
 */
export function preparePortalRequestBody(api: Pick<PortalApiDefinition, 'taxObligation'> & { wrapper: PortalRequestWrapper }, body: unknown): unknown {
  let prepared = body;
  if (api.taxObligation && isRecord(body) && isRecord(body.transactionHeader)) {
    const header = body.transactionHeader;
    if (header.taxObligation === undefined || header.taxObligation === null || header.taxObligation === '') {
      prepared = { ...body, transactionHeader: { ...header, taxObligation: api.taxObligation } };
    }
  }
  return wrapPortalBody(prepared, api.wrapper);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
