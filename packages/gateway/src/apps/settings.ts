/**
 * The settings an app may carry, checked when they are written, so that a typo or a bad override is
 * a 422 naming the setting instead of a failure on every later KRA call.
 */
import { isReservedKraHeader, kraPathProblem, OSCU_OPERATIONS, PORTAL_APIS, PORTAL_REQUEST_WRAPPERS, type KraPathFamily } from '@ushuru/kra';
import { z } from 'zod';

/**
 * A path of one KRA API family (never a host, never outside KRA's API: see packages/kra/src/paths.ts).
 * The same rule is applied again when a call is made, after the URL is joined and normalised.
 */
function kraPath(family: KraPathFamily) {
  return z.string().superRefine((path, ctx) => {
    const problem = kraPathProblem(path, family);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

/** Extra headers: plain names, printable values, at most 20, and none the gateway sets itself. */
const extraHeaders = z
  .record(
    z.string(),
    z
      .string()
      .max(500)
      .regex(/^[\x20-\x7e]*$/, 'must be printable ASCII'),
  )
  .superRefine((headers, ctx) => {
    const names = Object.keys(headers);
    if (names.length > 20) ctx.addIssue({ code: 'custom', message: 'must have at most 20 headers' });
    for (const name of names) {
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) ctx.addIssue({ code: 'custom', path: [name], message: 'must be a header name' });
      else if (isReservedKraHeader(name))
        ctx.addIssue({ code: 'custom', path: [name], message: 'is a header the gateway sets itself and cannot be overridden' });
    }
  });

const portalIds = PORTAL_APIS.map((a) => a.id) as [string, ...string[]];
const oscuNames = OSCU_OPERATIONS.map((o) => o.name) as [string, ...string[]];

const portalOverride = z.strictObject({
  path: kraPath('portal').optional(),
  tokenPath: kraPath('token').optional(),
  wrapper: z.enum(PORTAL_REQUEST_WRAPPERS as unknown as [string, ...string[]]).optional(),
  successCodes: z.array(z.string().trim().min(1).max(10)).max(10).optional(),
});

/** Known settings; unknown keys are refused so that a misspelt one is not silently ignored. */
export const appSettingsSchema = z.strictObject({
  /** eTIMS: which OSCU host (`legacy` = host A, `gavaconnect` = host B). */
  transport: z.enum(['legacy', 'gavaconnect']).optional(),
  /** Token path for the app's OAuth token (credential test; host B). */
  token_path: kraPath('token').optional(),
  /** Portal: per-API overrides of path, token path, wrapper and extra success codes. */
  paths: z.partialRecord(z.enum(portalIds), portalOverride).optional(),
  /** eTIMS: per-operation path overrides. */
  oscu_paths: z.partialRecord(z.enum(oscuNames), kraPath('oscu')).optional(),
  /** eTIMS host B: extra headers some deployments need (e.g. `apigee_app_id`). */
  extra_headers: extraHeaders.optional(),
  /** eTIMS: the name of the per-line tax amount field KRA expects (`taxAmt` per KRA's samples). */
  line_tax_key: z.enum(['taxAmt', 'totTaxAmt']).optional(),
  /**
   * eTIMS documents: how line amounts relate to VAT (docs/kra/etims-oscu.md §6.4, §6.9). KRA's 2026
   * sandbox computes the taxable amount out of a VAT-inclusive line (the default); Odoo and KRA's
   * samples put VAT on top.
   */
  line_amounts: z.enum(['vat_inclusive', 'vat_exclusive']).optional(),
  /** eTIMS documents: rounding of every amount to the cent (KRA does not document it; half-up by default). */
  rounding: z.enum(['half_up', 'half_even']).optional(),
  /** eTIMS documents: the rate field of a band without lines, `zero` (2026 sandbox) or the band's rate. */
  unused_band_rate: z.enum(['zero', 'rate']).optional(),
  /** Credit notes: months after the sale within which a credit note is accepted (default 6; null = no limit). */
  credit_note_window_months: z.number().int().min(1).max(120).nullable().optional(),
  /** Credit notes: how many a sale may have (default unlimited; one intermediary reports 2). */
  max_credit_notes_per_sale: z.number().int().min(1).max(1000).nullable().optional(),
  /**
   * Sales of goods: `local` (default) refuses a sale that would take an item's stock at the branch
   * below zero, as KRA does (docs/kra/etims-oscu.md §6.9); `kra` sends it and lets KRA decide.
   */
  stock_check: z.enum(['local', 'kra']).optional(),
  /**
   * The OSCU endpoint (docs/oscu-endpoint.md): how long a `saveTrnsSalesOsdc` waits for KRA's
   * signature before answering "not registered yet, send it again" (default USHURU_DOCUMENT_WAIT_MS).
   */
  oscu_wait_ms: z.number().int().min(0).max(60_000).optional(),
  /**
   * The OSCU endpoint (docs/oscu-endpoint.md): when KRA cannot be reached (timeout, connection
   * failure, 5xx; never when KRA answers a result code), answer the list reads that have a synced
   * copy (code lists, item classes, items, branches, notices, imports, purchases, stock moves) from
   * the copy, in KRA's shapes. Default false: such reads get KRA's failure answer.
   */
  oscu_offline_reads: z.boolean().optional(),
  /** Receipts: lines printed above and below the receipt body (trade name, address, thanks…). */
  receipt_header: z.string().max(500).optional(),
  receipt_footer: z.string().max(500).optional(),
  /** Receipts: a training app prints TS/TC receipts marked "THIS IS NOT AN OFFICIAL RECEIPT". */
  training_mode: z.boolean().optional(),
  /**
   * Receipts: print before KRA signs. When set (the gateway's public address, e.g.
   * `https://pos.example.co.ke`), a document still waiting for KRA prints with a QR code of
   * `{base}/v/{opaque id}`, a public page that shows only its status and sends to KRA's page once
   * signed. Unset (the default), a receipt waits for KRA's signature.
   */
  verification_page_base_url: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .max(200)
    .refine((v) => !/[?#]/.test(v), 'must have no query or fragment')
    .optional(),
  /** Free notes for the people running the integration (labels, ticket numbers); never sent to KRA. */
  metadata: z
    .record(z.string().max(64), z.string().max(500))
    .refine((notes) => Object.keys(notes).length <= 50, 'must have at most 50 entries')
    .optional(),
  /** Portal: per-API credential pairs (sealed, never stored here; see api-credentials.ts). */
  credentials: z.record(z.string(), z.unknown().nullable()).optional(),
});

export type AppSettings = z.output<typeof appSettingsSchema>;
