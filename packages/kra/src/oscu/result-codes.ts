/**
 * OSCU `resultCd` values and what to do about each (docs/kra/etims-oscu.md §4). The category drives
 * retries in the client and document states in the gateway's pipeline.
 */

/**
 * - `success`: `000` (and the [U] variants `00`, `0000`).
 * - `empty`: `001`, "no search result": a success with nothing in it (for `selectInvoiceDetails`: not on KRA).
 * - `transient`: worth retrying later (reads now, with backoff): 894, 896, 990, 991–993.
 * - `duplicate`: `994`; on a retried write, check whether the first attempt landed.
 * - `device`: header/device problems that need the operator or KRA: 900–903, 905, E04, E11.
 * - `request`: KRA refused the request's content: 910–912.
 * - `ordering`: VSCU two-step ordering (921, 922).
 * - `client_bug`: errors KRA's own client library reports about building the request (891–893, 895, 899).
 * - `unknown`: 995, 999 and codes not in the spec.
 */
export type OscuResultCategory = 'success' | 'empty' | 'transient' | 'duplicate' | 'device' | 'request' | 'ordering' | 'client_bug' | 'unknown';

/** One known result code. */
export interface OscuResultCodeInfo {
  code: string;
  category: OscuResultCategory;
  /** KRA's meaning, paraphrased from the spec. */
  meaning: string;
}

const CODES: readonly OscuResultCodeInfo[] = [
  { code: '000', category: 'success', meaning: 'succeeded' },
  { code: '001', category: 'empty', meaning: 'no search result' },
  { code: '891', category: 'client_bug', meaning: 'error building request URL' },
  { code: '892', category: 'client_bug', meaning: 'error building request headers' },
  { code: '893', category: 'client_bug', meaning: 'error building request body' },
  { code: '894', category: 'transient', meaning: 'server communication error' },
  { code: '895', category: 'client_bug', meaning: 'request method not allowed' },
  { code: '896', category: 'transient', meaning: 'request status error' },
  { code: '899', category: 'client_bug', meaning: 'client error' },
  { code: '900', category: 'device', meaning: 'no header information (tin/bhfId/cmcKey missing)' },
  { code: '901', category: 'device', meaning: 'not a valid device' },
  { code: '902', category: 'device', meaning: 'device already installed; reuse the saved cmcKey' },
  { code: '903', category: 'device', meaning: 'only an OSCU device can be verified' },
  { code: '905', category: 'device', meaning: 'only a VSCU device can be verified' },
  { code: 'E04', category: 'device', meaning: 'branch or device not found' },
  { code: 'E11', category: 'device', meaning: 'VSCU memory full' },
  { code: '910', category: 'request', meaning: 'request parameter error' },
  { code: '911', category: 'request', meaning: 'no request body' },
  { code: '912', category: 'request', meaning: 'request method error' },
  { code: '921', category: 'ordering', meaning: 'declared sales data cannot be received' },
  { code: '922', category: 'ordering', meaning: 'invoice data accepted only after sales data' },
  { code: '990', category: 'transient', meaning: 'maximum number of views exceeded' },
  { code: '991', category: 'transient', meaning: 'error during registration' },
  { code: '992', category: 'transient', meaning: 'error during modification' },
  { code: '993', category: 'transient', meaning: 'error during deletion' },
  { code: '994', category: 'duplicate', meaning: 'overlapped (duplicate) data' },
  { code: '995', category: 'unknown', meaning: 'no downloaded file' },
  { code: '999', category: 'unknown', meaning: 'unknown error' },
  { code: '00', category: 'success', meaning: 'succeeded (VSCU variant)' },
  { code: '0000', category: 'success', meaning: 'succeeded (GavaConnect variant)' },
];

/** Known OSCU result codes keyed by code. */
export const OSCU_RESULT_CODES: Readonly<Record<string, OscuResultCodeInfo>> = Object.fromEntries(CODES.map((c) => [c.code, c]));

/** How to treat one result code. */
export interface OscuResultClassification extends OscuResultCodeInfo {
  /** KRA accepted the request (`success` or `empty`). */
  ok: boolean;
  /** `001`: success with nothing in it. */
  empty: boolean;
  /** Worth sending again later (for reads: now, with backoff). */
  transient: boolean;
}

/** Classifies a `resultCd` (trimmed; numbers accepted). Unknown codes are not ok and not transient. */
export function classifyResult(code: string | number | null | undefined): OscuResultClassification {
  const normalized = code === null || code === undefined ? '' : String(code).trim();
  const info = OSCU_RESULT_CODES[normalized] ?? { code: normalized, category: 'unknown' as const, meaning: 'not in the spec' };
  // Field by field: a spread followed by more fields made a hidden class per call (docs/architecture.md).
  return {
    code: info.code,
    category: info.category,
    meaning: info.meaning,
    ok: info.category === 'success' || info.category === 'empty',
    empty: info.category === 'empty',
    transient: info.category === 'transient',
  };
}
