/**
 * Per-API credential pairs of a portal app. KRA may issue one consumer key/secret per API product
 * (docs/kra/portal.md §1.1), so an app may carry, besides its own pair, a pair per portal API id:
 * sent as `settings.credentials.<apiId> = {consumer_key, consumer_secret}` (or `null` to remove it).
 * They are taken out of the settings before anything is stored and sealed like the app's own secrets,
 * as fields `api:<apiId>:consumer_key` / `api:<apiId>:consumer_secret`; they are never returned.
 */
import { isPortalApiId, type PortalApiId } from '@ushuru/kra';
import { validationError, type FieldErrors } from '../errors.js';

/** Prefix of the sealed per-API secret fields. */
export const API_SECRET_PREFIX = 'api:';

/** The sealed field name of one half of an API's pair. */
export function apiSecretField(apiId: PortalApiId, half: 'consumer_key' | 'consumer_secret'): string {
  return `${API_SECRET_PREFIX}${apiId}:${half}`;
}

/** An opened per-API pair. */
export interface ApiCredentials {
  consumerKey: string;
  consumerSecret: string;
}

/** Settings without `credentials`, and the secret field changes they asked for (null = remove). */
export interface SplitSettings {
  settings: Record<string, unknown>;
  secretChanges: Record<string, string | null>;
}

const MAX_SECRET = 500;

function secretProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return 'is required';
  if (value.length > MAX_SECRET) return `must be at most ${MAX_SECRET} characters`;
  return undefined;
}

/**
 * Takes `settings.credentials` out of an app's settings and turns it into sealed-field changes.
 * Throws a 422 naming `settings.credentials.<apiId>…` for an unknown API id or an incomplete pair.
 */
export function splitApiCredentials(input: Record<string, unknown>): SplitSettings {
  const { credentials, ...settings } = input;
  const secretChanges: Record<string, string | null> = {};
  if (credentials === undefined) return { settings, secretChanges };
  const errors: FieldErrors = {};
  if (credentials === null || typeof credentials !== 'object' || Array.isArray(credentials)) {
    throw validationError({
      'settings.credentials': ['must be an object keyed by portal API id, e.g. {"pinByPin": {"consumer_key": "…", "consumer_secret": "…"}}'],
    });
  }
  for (const [apiId, pair] of Object.entries(credentials)) {
    const path = `settings.credentials.${apiId}`;
    if (!isPortalApiId(apiId)) {
      errors[path] = ['is not a portal API id (pinByPin, pinById, obligations, …, vatWithholdingPrn, …)'];
      continue;
    }
    if (pair === null) {
      secretChanges[apiSecretField(apiId, 'consumer_key')] = null;
      secretChanges[apiSecretField(apiId, 'consumer_secret')] = null;
      continue;
    }
    if (typeof pair !== 'object' || Array.isArray(pair)) {
      errors[path] = ['must be {"consumer_key", "consumer_secret"} or null'];
      continue;
    }
    const { consumer_key: key, consumer_secret: secret } = pair as Record<string, unknown>;
    const keyProblem = secretProblem(key);
    const secretProblemText = secretProblem(secret);
    if (keyProblem) errors[`${path}.consumer_key`] = [keyProblem];
    if (secretProblemText) errors[`${path}.consumer_secret`] = [secretProblemText];
    if (keyProblem || secretProblemText) continue;
    secretChanges[apiSecretField(apiId, 'consumer_key')] = (key as string).trim();
    secretChanges[apiSecretField(apiId, 'consumer_secret')] = (secret as string).trim();
  }
  if (Object.keys(errors).length > 0) throw validationError(errors);
  return { settings, secretChanges };
}

/** Groups opened `api:<id>:…` fields back into pairs; half-set pairs are ignored. */
export function collectApiCredentials(opened: Record<string, string>): Partial<Record<PortalApiId, ApiCredentials>> {
  const out: Partial<Record<PortalApiId, ApiCredentials>> = {};
  for (const [field, value] of Object.entries(opened)) {
    const m = /^api:([A-Za-z]+):consumer_key$/.exec(field);
    if (!m?.[1] || !isPortalApiId(m[1])) continue;
    const secret = opened[apiSecretField(m[1], 'consumer_secret')];
    if (secret) out[m[1]] = { consumerKey: value, consumerSecret: secret };
  }
  return out;
}
