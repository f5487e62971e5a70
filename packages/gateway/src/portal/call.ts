/**
 * The one code path of every portal route: choose the app, resolve the API with the app's overrides,
 * call KRA through the shared token cache, answer, and record the call in the request log.
 */
import { isKraCallError, resolvePortalApi, type PortalApiId, type PortalApiOverrides, type PortalCallResult, type ResolvedPortalApi } from '@ushuru/kra';
import type { FastifyRequest } from 'fastify';
import type { AppWithSecrets } from '../apps/service.js';
import type { AuthContext } from '../auth/token-service.js';
import type { GatewayDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import type { Envelope } from '../http/envelope.js';
import { toApiError } from '../http/error-handler.js';
import { portalClientForApp } from '../kra/clients.js';
import { kraFailureToApiError } from '../kra/errors.js';
import { recordKraCall } from '../requestlog/record.js';
import { portalRejection, portalSuccess } from './outcome.js';

/** What a portal route hands to {@link callPortalApi}. */
export interface PortalCallInput {
  deps: GatewayDeps;
  auth: AuthContext;
  req: FastifyRequest;
  apiId: PortalApiId;
  /** The validated body (flat; the client wraps it as the API needs). */
  body: unknown;
  /** The request's portal app (see HandlerContext.kraApp). */
  kraApp: () => Promise<AppWithSecrets>;
}

/** Calls the API for the caller and returns the success envelope; throws the ApiError to answer otherwise. */
export async function callPortalApi(input: PortalCallInput): Promise<Envelope<Record<string, unknown>>> {
  const { deps, auth, req, apiId, body } = input;
  const started = performance.now();
  let app: AppWithSecrets | undefined;
  let api: ResolvedPortalApi | undefined;
  let result: PortalCallResult | undefined;
  let failure: ApiError | undefined;
  let kraHttpStatus: number | null = null;
  let kraCode: string | null = null;
  try {
    app = await input.kraApp();
    // A setting that would leave KRA's API is a config KraCallError: a 422 naming it (catch below).
    api = resolvePortalApi(apiId, (app.settings.paths as PortalApiOverrides | undefined)?.[apiId]);
    result = await portalClientForApp(deps, app, apiId).call(apiId, body);
    kraHttpStatus = result.httpStatus;
    kraCode = result.code;
    if (!result.ok) failure = portalRejection(result);
  } catch (err) {
    if (isKraCallError(err)) {
      kraHttpStatus = err.httpStatus ?? null;
      kraCode = err.kraResponse?.errorCode ?? null;
      failure = kraFailureToApiError(err);
    } else {
      failure = toApiError(err);
      if (!(err instanceof ApiError)) req.log.error({ err }, 'portal call failed unexpectedly');
    }
  }
  // A request that never reached app selection (e.g. no usable app) is not a KRA call: nothing to log.
  if (app) {
    recordKraCall(deps, {
      tenantId: auth.tenantId,
      tokenId: auth.tokenId,
      appId: app.id,
      kind: 'portal',
      route: deps.callContext?.route ?? req.url,
      kraPath: result?.kraPath ?? api?.path ?? null,
      status: failure ? failure.status : 200,
      kraHttpStatus,
      kraCode,
      error: failure?.code ?? null,
      latencyMs: performance.now() - started,
      requestId: req.id,
      requestBody: body,
      responseBody: result?.raw,
    });
  }
  if (failure) throw failure;
  return portalSuccess(result!);
}
