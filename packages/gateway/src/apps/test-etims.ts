/**
 * The eTIMS half of the app test: a cheap authenticated OSCU read (`selectCodeList` for changes since
 * now, which KRA answers with `001` and no data). It proves the host answers and accepts this
 * device's cmcKey — and, on the GavaConnect host, that the OAuth credentials work too.
 */
import { isKraCallError } from '@ushuru/kra';
import type { GatewayDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { ok } from '../http/envelope.js';
import { kraFailureToApiError } from '../kra/errors.js';
import { oscuClientForApp, transportOf } from '../kra/clients.js';
import { kraTimestamp } from '../kra/time.js';
import type { AppWithSecrets } from './service.js';

type Base = { app_id: number; app_name: string; environment: string };

export async function testEtimsApp(deps: GatewayDeps, app: AppWithSecrets, base: Base, testedAt: () => string) {
  const transport = transportOf(app);
  const failed = (message: string, extra: Record<string, unknown> = {}, code: 'kra_auth_failed' | 'kra_error' = 'kra_auth_failed') =>
    new ApiError(code, message, { data: { ...base, transport, status: 'failed', tested_at: testedAt(), ...extra } }, 422);

  if (!app.secrets.cmc_key) {
    throw failed(
      `This eTIMS app has no cmcKey yet: initialize the device with POST /api/etims/device/initialize (or store an existing key with PATCH /api/kra/apps/${app.id}).`,
    );
  }
  try {
    const client = oscuClientForApp(deps, app);
    const res = await client.selectCodeList({ lastReqDt: kraTimestamp(deps.clock.now()) }, { timeoutMs: deps.config.kraTimeoutMs });
    if (!res.ok) {
      throw failed(`KRA refused this device's credentials: ${res.resultMsg} (resultCd ${res.resultCd}).`, {
        kra_result: { resultCd: res.resultCd, resultMsg: res.resultMsg },
      });
    }
    return ok(
      { ...base, transport, status: 'connected', kra_result: { resultCd: res.resultCd, resultMsg: res.resultMsg }, tested_at: testedAt() },
      'eTIMS credentials are valid. KRA answered an authenticated request.',
    );
  } catch (err) {
    if (err instanceof ApiError) throw err;
    if (isKraCallError(err, 'auth_failed')) throw failed('Failed to generate access token. Please verify your consumer key and secret.');
    const mapped = kraFailureToApiError(err);
    throw new ApiError(mapped.code, mapped.message, { ...mapped.details, data: { ...base, transport, status: 'failed', tested_at: testedAt() } });
  }
}
