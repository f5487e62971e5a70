/**
 * Exact, case-sensitive routing: KRA's paths are case-sensitive (`ExciseLicenseByPin`), so a client
 * that gets the case wrong must see the same 404 it would see from KRA's API gateway.
 */
import type { SimHandler, SimRouter } from './types.js';

/** A registered route. */
export interface SimRoute {
  method: 'GET' | 'POST';
  path: string;
  routeId: string;
  handler: SimHandler;
}

/** The outcome of matching a request. */
export type RouteMatch = { kind: 'found'; route: SimRoute } | { kind: 'methodNotAllowed'; allowed: string[] } | { kind: 'notFound' };

/** The router modules register on; the dispatcher matches requests against it. */
export class ExactRouter implements SimRouter {
  private readonly byPath = new Map<string, Map<string, SimRoute>>();

  /** Registers a route; registering the same method and path twice is a programming error. */
  add(method: 'GET' | 'POST', path: string, routeId: string, handler: SimHandler): void {
    let byMethod = this.byPath.get(path);
    if (!byMethod) {
      byMethod = new Map();
      this.byPath.set(path, byMethod);
    }
    if (byMethod.has(method)) throw new Error(`route already registered: ${method} ${path}`);
    byMethod.set(method, { method, path, routeId, handler });
  }

  /** Finds the route for `method path`. */
  match(method: string, path: string): RouteMatch {
    const byMethod = this.byPath.get(path);
    if (!byMethod) return { kind: 'notFound' };
    const route = byMethod.get(method);
    if (route) return { kind: 'found', route };
    return { kind: 'methodNotAllowed', allowed: [...byMethod.keys()] };
  }

  /** Every registered route, for `GET /__sim/routes`. */
  list(): Array<{ method: string; path: string; routeId: string }> {
    const out: Array<{ method: string; path: string; routeId: string }> = [];
    for (const byMethod of this.byPath.values()) {
      for (const route of byMethod.values()) out.push({ method: route.method, path: route.path, routeId: route.routeId });
    }
    return out;
  }
}
