/**
 * Request schemas of KRA apps, with the field rules of Salami's KRA app model: TIN 11 characters,
 * branch id 2 characters, device serial at most 100.
 */
import { z } from 'zod';
import { nameText, positiveIdParam } from '../http/input-rules.js';
import { appSettingsSchema } from './settings.js';

export const KRA_PIN_RE = /^[AP]\d{9}[A-Z]$/;

const name = nameText(100);
const environment = z.enum(['simulator', 'sandbox', 'production']);
// Credentials travel in HTTP headers: control characters would only fail later, at every KRA call.
const secret = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(500, 'must be at most 500 characters')
  .regex(/^[^\x00-\x1f\x7f]+$/, 'must not contain control characters');
const tin = z.string().trim().length(11, 'must be 11 characters').regex(KRA_PIN_RE, 'must be a KRA PIN such as P051234567Q');
const bhfId = z
  .string()
  .trim()
  .regex(/^\d{2}$/, 'must be 2 digits, e.g. 00');
const dvcSrlNo = z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters');
const settings = appSettingsSchema;

export const createPortalAppSchema = z.strictObject({
  type: z.literal('portal'),
  name,
  environment,
  is_active: z.boolean().default(true),
  consumer_key: secret,
  consumer_secret: secret,
  settings: settings.default({}),
});

export const createEtimsAppSchema = z.strictObject({
  type: z.literal('etims'),
  name,
  environment,
  is_active: z.boolean().default(true),
  tin,
  bhf_id: bhfId,
  dvc_srl_no: dvcSrlNo,
  cmc_key: secret.optional(),
  /** For the GavaConnect OSCU host, which needs OAuth credentials besides the device headers. */
  consumer_key: secret.optional(),
  consumer_secret: secret.optional(),
  settings: settings.default({}),
});

export const createAppSchema = z.discriminatedUnion('type', [createPortalAppSchema, createEtimsAppSchema]);
export type CreateAppInput = z.output<typeof createAppSchema>;

export const updateAppSchema = z
  .object({
    name,
    environment,
    is_active: z.boolean(),
    settings,
    consumer_key: secret.nullable(),
    consumer_secret: secret.nullable(),
    cmc_key: secret.nullable(),
    tin,
    bhf_id: bhfId,
    dvc_srl_no: dvcSrlNo,
  })
  .partial()
  .strict();
export type UpdateAppInput = z.output<typeof updateAppSchema>;

export const appIdParams = z.object({ id: positiveIdParam });
