/**
 * The settings an app may carry, checked when they are written, so that a typo or a bad override is
 * a 422 naming the setting instead of a failure on every later KRA call.
 */
import { OSCU_OPERATIONS, PORTAL_APIS, PORTAL_REQUEST_WRAPPERS } from '@ushuru/kra';
import { z } from 'zod';

/** A path on KRA's host (never a host: overrides cannot send credentials elsewhere). */
const kraPath = z
  .string()
  .max(200)
  .regex(/^\/[A-Za-z0-9/_.\-]*$/, 'must be a path on the KRA host starting with /, e.g. /checker/v1/pinbyid');

const portalIds = PORTAL_APIS.map((a) => a.id) as [string, ...string[]];
const oscuNames = OSCU_OPERATIONS.map((o) => o.name) as [string, ...string[]];

const portalOverride = z.strictObject({
  path: kraPath.optional(),
  tokenPath: kraPath.optional(),
  wrapper: z.enum(PORTAL_REQUEST_WRAPPERS as unknown as [string, ...string[]]).optional(),
  successCodes: z.array(z.string().trim().min(1).max(10)).max(10).optional(),
});

/** Known settings; unknown keys are refused so that a misspelt one is not silently ignored. */
export const appSettingsSchema = z.strictObject({
  /** eTIMS: which OSCU host (`legacy` = host A, `gavaconnect` = host B). */
  transport: z.enum(['legacy', 'gavaconnect']).optional(),
  /** Token path for the app's OAuth token (credential test; host B). */
  token_path: kraPath.optional(),
  /** Portal: per-API overrides of path, token path, wrapper and extra success codes. */
  paths: z.partialRecord(z.enum(portalIds), portalOverride).optional(),
  /** eTIMS: per-operation path overrides. */
  oscu_paths: z.partialRecord(z.enum(oscuNames), kraPath).optional(),
  /** eTIMS host B: extra headers some deployments need (e.g. `apigee_app_id`). */
  extra_headers: z
    .record(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a header name'), z.string().max(500).regex(/^[\x20-\x7e]*$/, 'must be printable ASCII'))
    .optional(),
  /** eTIMS: the name of the per-line tax amount field KRA expects (`taxAmt` per KRA's samples). */
  line_tax_key: z.enum(['taxAmt', 'totTaxAmt']).optional(),
  /** Free notes for the people running the integration (labels, ticket numbers); never sent to KRA. */
  metadata: z.record(z.string().max(64), z.string().max(500)).optional(),
  /** Portal: per-API credential pairs (sealed, never stored here; see api-credentials.ts). */
  credentials: z.record(z.string(), z.unknown().nullable()).optional(),
});

export type AppSettings = z.output<typeof appSettingsSchema>;
