/**
 * Who a KRA call is made for: set once around each route handler (and each worker or CLI job), read
 * by the code that talks to KRA, so that every call is logged with its tenant, token, route and
 * request id without threading them through every service function.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface CallContext {
  tenantId: string;
  /** The API token behind the call; null for the worker and the CLI. */
  tokenId: string | null;
  /** The gateway route (`/api/etims/items`) or the job (`worker:etims-sync`, `cli:etims sync`). */
  route: string;
  /** `X-Request-Id`, or a job id. */
  requestId: string;
}

const storage = new AsyncLocalStorage<CallContext>();

/** Runs `fn` with `context` as the current call context. */
export function withCallContext<T>(context: CallContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** The current call context, if any. */
export function currentCallContext(): CallContext | undefined {
  return storage.getStore();
}
