/**
 * `selectInitOsdcInfo` on the endpoint: KRA's init answer built from the device Ushuru already holds
 * (etims_devices), with the VIRTUAL key in `data.info.cmcKey`, so code written as
 * `response.data.info.cmcKey` keeps working; KRA is asked only when the app's device was never
 * initialized. Like KRA, the key is answered once on host A (a later init is 902, "installed"), except
 * to a caller that shows the key or, on host B, holds a bearer token from the client secret.
 */
import type { AppWithSecrets } from '../apps/service.js';
import type { GatewayDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { initializeDevice } from '../etims/device-service.js';
import { claimFirstInit, matchesHash, openVirtualKey, type CredentialsRow } from './credentials.js';
import { failed, succeeded, type OscuOutcome } from './envelopes.js';

/** What identifies the caller of an init besides the body. */
export interface InitCaller {
  /** A `cmcKey` header, when the client sent one. */
  cmcKey: string | undefined;
  /** Host B: the bearer token was already checked. */
  authenticated: boolean;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v.trim() : undefined);

export async function answerInit(
  deps: GatewayDeps,
  app: AppWithSecrets,
  creds: CredentialsRow,
  body: Record<string, unknown>,
  caller: InitCaller,
): Promise<OscuOutcome> {
  // An unknown device is 901 on KRA, whichever of the three does not match.
  if (text(body.tin) !== app.tin || text(body.bhfId) !== app.bhf_id || text(body.dvcSrlNo) !== app.dvc_srl_no) return failed('901');
  if (caller.cmcKey !== undefined && !matchesHash(caller.cmcKey, creds.cmc_key_hash)) return failed('901');
  const key = openVirtualKey(deps, creds);
  if (!key) return failed('901');
  const entitled = caller.cmcKey !== undefined || caller.authenticated || (await claimFirstInit(deps, creds));
  if (!entitled) return failed('902');

  let row = await deps.db.selectFrom('etims_devices').select('info').where('app_id', '=', app.id).executeTakeFirst();
  if (!row) {
    try {
      await initializeDevice(deps, app);
    } catch (err) {
      // KRA's own refusal of the real init (901, 902, …) is the answer the client would have had.
      const kra = err instanceof ApiError ? (err.details.kra_response as { resultCd?: string; resultMsg?: string } | undefined) : undefined;
      if (kra?.resultCd && kra.resultMsg) return { resultCd: kra.resultCd, resultMsg: kra.resultMsg, data: null };
      throw err;
    }
    row = await deps.db.selectFrom('etims_devices').select('info').where('app_id', '=', app.id).executeTakeFirstOrThrow();
  }
  const info = JSON.parse(row.info) as Record<string, unknown>;
  return succeeded({ info: { ...info, cmcKey: key } });
}
