/**
 * The request pipeline shared by every KRA route: match → count → faults → handler → answer.
 * Modules only return plain responses, so every fault mode applies uniformly to portal and OSCU routes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimClock } from './clock.js';
import { CONTROL_PREFIX, CONTROL_TOKEN_HEADER, controlAllowed, handleControlRequest, type ControlAccess, type SimControl } from './control.js';
import type { FaultAction, FaultBook } from './faults.js';
import {
  gatewayTimeoutResponse,
  internalErrorResponse,
  invalidCredentialsResponse,
  methodNotAllowedResponse,
  notFoundResponse,
  oscuRateLimitedResponse,
  tooManyRequestsResponse,
  unavailableResponse,
} from './gateway-errors.js';
import { BodyTooLargeError, flattenHeaders, parseQuery, readBody, sendJson } from './http.js';
import type { ExactRouter } from './router.js';
import { isKraErrorBody, type RouteStatsBook } from './stats.js';
import type { SimRequest, SimResponse } from './types.js';

/** What the dispatcher needs. */
export interface DispatcherDeps {
  router: ExactRouter;
  faults: FaultBook;
  stats: RouteStatsBook;
  clock: SimClock;
  control: SimControl;
  /** Who may use the HTTP control API. */
  controlAccess: ControlAccess;
  /** A fresh KRA-looking request id, for error bodies. */
  newRequestId(): string;
}

/** Runs requests through the pipeline and keeps track of the ones it holds, so they can be dropped on stop. */
export class Dispatcher {
  /** Responses waiting on latency or deliberately hung: shutdown() must be able to end them. */
  private readonly held = new Set<ServerResponse>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(private readonly deps: DispatcherDeps) {}

  /** A node `(req, res)` listener. */
  readonly listener = (req: IncomingMessage, res: ServerResponse): void => {
    this.handle(req, res).catch((error: unknown) => {
      sendJson(res, 500, { fault: { faultstring: `simulator error: ${String(error)}`, detail: { errorcode: 'simulator.InternalError' } } });
    });
  };

  /** Destroys every held socket and cancels pending timers, so nothing keeps the process or a test alive. */
  shutdown(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const res of this.held) res.socket?.destroy();
    this.held.clear();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = req.url ?? '/';
    const queryAt = target.indexOf('?');
    // Split by hand: `new URL('//checker/...')` would read a doubled slash as a host name.
    const path = queryAt === -1 ? target : target.slice(0, queryAt);
    const search = queryAt === -1 ? '' : target.slice(queryAt + 1);
    const method = req.method ?? 'GET';

    let rawBody: string;
    try {
      rawBody = await readBody(req);
    } catch (error) {
      if (error instanceof BodyTooLargeError)
        return write(res, { status: 413, body: { fault: { faultstring: 'Payload Too Large', detail: { errorcode: 'protocol.http.TooBigBody' } } } });
      throw error;
    }

    if (path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`)) {
      if (!controlAllowed(this.deps.controlAccess, req.headers[CONTROL_TOKEN_HEADER])) return write(res, notFoundResponse(method, path));
      return write(res, handleControlRequest(this.deps.control, method, path, rawBody));
    }

    const match = this.deps.router.match(method, path);
    if (match.kind === 'notFound') return write(res, notFoundResponse(method, path));
    if (match.kind === 'methodNotAllowed') return write(res, methodNotAllowedResponse(match.allowed));

    const { routeId, handler } = match.route;
    const { stats, faults, clock } = this.deps;
    stats.recordCall(routeId);
    const decision = faults.decide(routeId, clock.now());
    if (decision.latencyMs > 0) {
      await this.hold(res, decision.latencyMs);
      if (this.stopped || res.destroyed) return;
    }
    if (decision.action) {
      stats.recordError(routeId);
      return this.applyFault(decision.action, routeId, req, res);
    }

    const simRequest = buildRequest(req, method, path, search, rawBody);
    let response: SimResponse;
    try {
      response = await handler(simRequest);
    } catch (error) {
      stats.recordError(routeId);
      return write(res, {
        status: 500,
        body: { fault: { faultstring: `simulator handler failed: ${String(error)}`, detail: { errorcode: 'simulator.HandlerError' } } },
      });
    }

    if (decision.applyThenTimeout) {
      // The write has landed; the caller must now find out by reconciling, as with a real timeout.
      stats.recordError(routeId);
      return this.hang(res, decision.applyThenTimeout.hangMs);
    }
    if ((response.status ?? 200) >= 400 || isKraErrorBody(response.body)) stats.recordError(routeId);
    write(res, response);
  }

  private applyFault(action: FaultAction, routeId: string, req: IncomingMessage, res: ServerResponse): void {
    switch (action.kind) {
      case 'http500':
        return write(res, internalErrorResponse());
      case 'http503':
        return write(res, unavailableResponse());
      case 'http429':
        return write(res, tooManyRequestsResponse(action.retryAfterSeconds));
      case 'oscu990':
        return write(res, oscuRateLimitedResponse(this.deps.clock.now()));
      case 'invalidCredentials':
        return write(res, invalidCredentialsResponse(routeId, this.deps.newRequestId()));
      case 'reset':
        req.socket.destroy();
        return;
      case 'hang':
        return this.hang(res, action.hangMs);
    }
  }

  /** Never answers, or answers 504 after `hangMs`; either way shutdown() can end it. */
  private hang(res: ServerResponse, hangMs: number | undefined): void {
    this.held.add(res);
    res.on('close', () => this.held.delete(res));
    if (hangMs === undefined) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.held.delete(res);
      write(res, gatewayTimeoutResponse());
    }, hangMs);
    this.timers.add(timer);
  }

  private hold(res: ServerResponse, ms: number): Promise<void> {
    this.held.add(res);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.held.delete(res);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }
}

function write(res: ServerResponse, response: SimResponse): void {
  sendJson(res, response.status ?? 200, response.body, response.headers);
}

function buildRequest(req: IncomingMessage, method: string, path: string, search: string, rawBody: string): SimRequest {
  let body: unknown;
  let bodyInvalid = false;
  if (rawBody.trim() !== '') {
    try {
      body = JSON.parse(rawBody);
    } catch {
      bodyInvalid = true;
    }
  }
  return { method, path, query: parseQuery(search), headers: flattenHeaders(req), body, rawBody, bodyInvalid };
}
