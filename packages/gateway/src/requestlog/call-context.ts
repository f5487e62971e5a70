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

/**
 * The same dependencies, with `context` as the call context of the KRA calls made with them.
 *
 * A new object whose prototype is the process's dependencies, holding only the context: copying the
 * twenty-odd dependencies for every request was about 3 % of the main thread's CPU per KRA call
 * (measured side by side). Reads go through the prototype; a context given again replaces the
 * earlier one instead of stacking.
 */
export function withCallContext(deps: GatewayDeps, context: CallContext): GatewayDeps {
  const base = (deps as Scoped)[BASE] ?? deps;
  const scoped = Object.create(base) as Scoped;
  scoped[BASE] = base;
  scoped.callContext = context;
  return scoped;
}

/** The dependencies a scoped object was made from. */
const BASE = Symbol('call-context base');
type Scoped = GatewayDeps & { [BASE]?: GatewayDeps };
