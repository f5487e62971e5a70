/**
 * Who a KRA call is made for. It travels with the dependencies: each route handler (and each worker
 * job) gets `withCallContext(deps, …)`, and the code that talks to KRA reads `deps.callContext`, so
 * that every call is logged with its tenant, token, route and request id without threading them
 * through every service function. (An AsyncLocalStorage did this before; on Node 20 it cost about a
 * tenth of the gateway's CPU per request, through the promise hooks it turns on for every promise.)
 */
import type { GatewayDeps } from '../deps.js';

export interface CallContext {
  tenantId: string;
  /** The API token behind the call; null for the worker and the CLI. */
  tokenId: string | null;
  /** The gateway route (`/api/etims/items`) or the job (`worker:etims-sync`, `cli:etims sync`). */
  route: string;
  /** `X-Request-Id`, or a job id. */
  requestId: string;
}

/** The same dependencies, with `context` as the call context of the KRA calls made with them. */
export function withCallContext(deps: GatewayDeps, context: CallContext): GatewayDeps {
  return { ...deps, callContext: context };
}
