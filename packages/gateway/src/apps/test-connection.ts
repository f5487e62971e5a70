/**
 * `POST /api/kra/apps/{id}/test`: proves an app's credentials work against its KRA environment.
 * Portal apps generate a fresh OAuth token (never the cached one: the point is to test the
 * credentials as stored now). eTIMS apps make a cheap authenticated OSCU read.
 */
import { isKraCallError } from '@ushuru/kra';
import { isoSeconds } from '../clock.js';
import type { GatewayDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { ok } from '../http/envelope.js';
import { kraFailureToApiError } from '../kra/errors.js';
import { portalClientForApp } from '../kra/clients.js';
import { getAppWithSecrets } from './service.js';
import { testEtimsApp } from './test-etims.js';

/** Runs the test and answers in Salami's success (200) or failure (422) shape. */
export async function testAppConnection(deps: GatewayDeps, tenantId: string, appId: number) {
  const app = await getAppWithSecrets(deps, tenantId, appId);
  const base = { app_id: app.id, app_name: app.name, environment: app.environment };
  deps.lastUsed.touch('kra_apps', app.id);
  const testedAt = () => isoSeconds(deps.clock.now());

  if (app.type === 'etims') return testEtimsApp(deps, app, base, testedAt);

  try {
    const tokenPath = typeof app.settings.token_path === 'string' ? app.settings.token_path : undefined;
    const token = await portalClientForApp(deps, app).testCredentials(tokenPath ? { tokenPath } : {});
    return ok(
      { ...base, status: 'connected', token_generated: true, token_expires_in: token.expiresInSeconds, tested_at: testedAt() },
      'KRA credentials are valid. Token generated successfully.',
    );
  } catch (err) {
    if (isKraCallError(err, 'auth_failed')) {
      throw new ApiError(
        'kra_auth_failed',
        'Failed to generate access token. Please verify your consumer key and secret.',
        { data: { ...base, status: 'failed', token_generated: false, tested_at: testedAt() } },
        422,
      );
    }
    const mapped = kraFailureToApiError(err);
    throw new ApiError(mapped.code, mapped.message, { ...mapped.details, data: { ...base, status: 'failed', token_generated: false, tested_at: testedAt() } });
  }
}
