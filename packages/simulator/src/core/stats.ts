/**
 * Call and error counts per route plus the counters API modules bump (tokens issued, documents
 * signed, ...), exposed at `GET /__sim/stats`.
 */
import type { SimCounters } from './types.js';

/** Calls and errors of one route. */
export interface RouteStats {
  calls: number;
  errors: number;
}

/** The body of `GET /__sim/stats`. */
export interface SimStats {
  routes: Record<string, RouteStats>;
  tokensIssued: number;
  documentsSigned: number;
  duplicatesRefused: number;
  sequenceRefused: number;
  extra: Record<string, number>;
}

/** Creates zeroed counters. The object is shared with modules, so it is reset in place, never replaced. */
export function createCounters(): SimCounters {
  return { tokensIssued: 0, documentsSigned: 0, duplicatesRefused: 0, sequenceRefused: 0, extra: {} };
}

/** Zeroes `counters` in place (modules keep a reference to this very object). */
export function resetCounters(counters: SimCounters): void {
  counters.tokensIssued = 0;
  counters.documentsSigned = 0;
  counters.duplicatesRefused = 0;
  counters.sequenceRefused = 0;
  for (const key of Object.keys(counters.extra)) delete counters.extra[key];
}

/** Adds `by` to a free-form counter. */
export function bumpExtra(counters: SimCounters, name: string, by = 1): void {
  counters.extra[name] = (counters.extra[name] ?? 0) + by;
}

/** Per-route call/error counts. */
export class RouteStatsBook {
  private readonly byRoute = new Map<string, RouteStats>();

  /** Counts one call to `routeId`. */
  recordCall(routeId: string): void {
    this.entry(routeId).calls++;
  }

  /** Counts one failed call (injected fault, HTTP error or a KRA error body) to `routeId`. */
  recordError(routeId: string): void {
    this.entry(routeId).errors++;
  }

  /** Forgets every count. */
  clear(): void {
    this.byRoute.clear();
  }

  /** A snapshot suitable for JSON. */
  snapshot(counters: SimCounters): SimStats {
    const routes: Record<string, RouteStats> = {};
    for (const [routeId, stats] of this.byRoute) routes[routeId] = { ...stats };
    return {
      routes,
      tokensIssued: counters.tokensIssued,
      documentsSigned: counters.documentsSigned,
      duplicatesRefused: counters.duplicatesRefused,
      sequenceRefused: counters.sequenceRefused,
      extra: { ...counters.extra },
    };
  }

  private entry(routeId: string): RouteStats {
    let stats = this.byRoute.get(routeId);
    if (!stats) {
      stats = { calls: 0, errors: 0 };
      this.byRoute.set(routeId, stats);
    }
    return stats;
  }
}

/**
 * Whether a KRA body reports a failure, by KRA's own success rule (docs/kra/portal.md §4) plus the
 * OSCU one (`resultCd` other than 000 / 001). Used only for statistics, so it stays shallow and cheap.
 */
export function isKraErrorBody(body: unknown): boolean {
  if (body === null || typeof body !== 'object') return false;
  const record = body as Record<string, unknown>;
  if ('ErrorCode' in record || 'errorCode' in record || 'fault' in record) return true;
  if (typeof record.resultCd === 'string') return record.resultCd !== '000' && record.resultCd !== '001';
  const wrapped = record.RESPONSE;
  const scope = wrapped && typeof wrapped === 'object' ? (wrapped as Record<string, unknown>) : record;
  for (const key of ['Status', 'status', 'response_status']) {
    const status = scope[key];
    if (status === 'NOK' || status === 'ERROR') return true;
  }
  return false;
}
