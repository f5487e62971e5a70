/**
 * The gate every business API passes through, in KRA's order: bearer token first (the API gateway),
 * then a body that must at least be JSON, then the API's own validation.
 */
import type { SimHandler, SimRequest, SimResponse } from '../core/types.js';
import type { PortalContext } from './context.js';
import { invalidAccessToken, malformedJson } from './envelopes.js';
import { bearerToken } from './tokens.js';

/** A business API: receives the JSON object body (`{}` when the body is empty or not an object). */
export type PortalApi = (body: Record<string, unknown>, ctx: PortalContext, req: SimRequest) => SimResponse;

/** Wraps a business API with the token and JSON checks. */
export function businessHandler(ctx: PortalContext, api: PortalApi): SimHandler {
  return (req) => {
    const token = bearerToken(req.headers.authorization);
    if (token === undefined || !ctx.tokens.isValid(token)) return invalidAccessToken(ctx.newRequestId());
    if (req.bodyInvalid) return malformedJson(ctx.newRequestId());
    return api(asRecord(req.body) ?? {}, ctx, req);
  };
}

/** `value` as a plain object, or undefined. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * The `TAXPAYERDETAILS` block, found under `REQUEST` (KRA's TCC-application collection) or at the top
 * (everyone else). Both are accepted on every path, since which one KRA enforces is unsettled.
 */
export function taxpayerDetails(body: Record<string, unknown>): Record<string, unknown> | undefined {
  return asRecord(asRecord(body.REQUEST)?.TAXPAYERDETAILS) ?? asRecord(body.TAXPAYERDETAILS);
}
