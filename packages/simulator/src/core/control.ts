/**
 * The control API (`/__sim/*`): the same operations tests can call in-process on the `control`
 * object, exposed over HTTP for integrators driving the simulator from another process.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FaultRule, FaultRuleInput } from './faults.js';
import { FaultRuleError } from './faults.js';
import { SimSettingsError, type SimSettings } from './settings.js';
import type { SimStats } from './stats.js';
import type { SimResponse } from './types.js';

/** Operations on a running simulator. */
export interface SimControl {
  /** Active fault rules, in evaluation order. */
  listFaults(): FaultRule[];
  /** Adds a rule (validated; throws FaultRuleError when invalid) and returns it with its id. */
  addFault(rule: FaultRuleInput): FaultRule;
  /** Removes a rule; false when the id is unknown. */
  removeFault(id: string): boolean;
  /** Removes every rule; returns how many there were. */
  clearFaults(): number;
  /** Clears all state, faults, stats and clock advances, and reloads the fixtures. Registered clients stay. */
  reset(): void;
  /** Per-route calls/errors and module counters. */
  stats(): SimStats;
  /** Accepts another OAuth consumer key/secret pair at the token endpoint. */
  registerClient(consumerKey: string, consumerSecret: string): void;
  /** Moves the simulator clock forward; returns the new simulator time (epoch ms). */
  advanceClock(ms: number): number;
  /** The simulator's current time (epoch ms). */
  now(): number;
  /** Every registered KRA route. */
  routes(): Array<{ method: string; path: string; routeId: string }>;
  /**
   * Pre-approves an OSCU device serial for a TIN and branch, as KRA does after an eTIMS service
   * request (throws DeviceApprovalError on bad input). Approving the same serial again is harmless.
   */
  approveDevice(input: { tin: string; bhfId: string; dvcSrlNo: string; taxprNm?: string }): unknown;
  /** Every approved device, with its cmcKey once initialized (for lost-key scenarios). */
  listDevices(): unknown[];
  /** The run-time switches (e.g. `vatConvention`), as they are now. */
  settings(): SimSettings;
  /**
   * Changes some switches and returns all of them. Throws SimSettingsError on an unknown key or
   * value; `reset()` restores the values the simulator was started with.
   */
  updateSettings(patch: Partial<SimSettings>): SimSettings;
}

/** Path prefix of the control API; never subject to faults. */
export const CONTROL_PREFIX = '/__sim';

/** Who may use the HTTP control API: everyone, no one, or holders of a token. */
export type ControlAccess = 'open' | 'off' | { token: string };

/** Header that carries the control token when access is `{ token }`. */
export const CONTROL_TOKEN_HEADER = 'x-sim-control-token';

/**
 * True when a control request may proceed. The token is compared in constant time; a refused
 * request is answered exactly like an unknown path, so a caller learns nothing about the API.
 */
export function controlAllowed(access: ControlAccess, presented: string | string[] | undefined): boolean {
  if (access === 'open') return true;
  if (access === 'off' || typeof presented !== 'string') return false;
  const want = Buffer.from(access.token);
  const got = Buffer.from(presented);
  return want.length === got.length && timingSafeEqual(want, got);
}

/** Answers one control API call. */
export function handleControlRequest(control: SimControl, method: string, path: string, rawBody: string): SimResponse {
  let body: unknown;
  if (rawBody.trim() !== '') {
    try {
      body = JSON.parse(rawBody);
    } catch {
      return { status: 400, body: { error: 'invalid_json', message: 'request body is not valid JSON' } };
    }
  }
  const sub = path.slice(CONTROL_PREFIX.length);
  try {
    if (sub === '/faults' && method === 'GET') return { body: { faults: control.listFaults() } };
    if (sub === '/faults' && method === 'POST') {
      const rule = control.addFault(body as FaultRuleInput);
      return { status: 201, body: { id: rule.id, rule } };
    }
    if (sub === '/faults' && method === 'DELETE') return { body: { cleared: control.clearFaults() } };
    if (sub.startsWith('/faults/') && method === 'DELETE') {
      const id = decodeURIComponent(sub.slice('/faults/'.length));
      return control.removeFault(id) ? { body: { removed: id } } : { status: 404, body: { error: 'not_found', message: `no fault rule ${id}` } };
    }
    if (sub === '/reset' && method === 'POST') {
      control.reset();
      return { body: { reset: true } };
    }
    if (sub === '/stats' && method === 'GET') return { body: control.stats() };
    if (sub === '/clients' && method === 'POST') {
      const { consumerKey, consumerSecret } = (body ?? {}) as Record<string, unknown>;
      if (typeof consumerKey !== 'string' || consumerKey === '' || typeof consumerSecret !== 'string' || consumerSecret === '') {
        return { status: 400, body: { error: 'validation_error', message: 'consumerKey and consumerSecret must be non-empty strings' } };
      }
      control.registerClient(consumerKey, consumerSecret);
      return { status: 201, body: { registered: consumerKey } };
    }
    if (sub === '/clock' && method === 'GET') return { body: { now: control.now() } };
    if (sub === '/clock' && method === 'POST') {
      const { advanceMs, ms } = (body ?? {}) as Record<string, unknown>;
      const by = advanceMs ?? ms;
      if (typeof by !== 'number' || !Number.isFinite(by) || by < 0) {
        return { status: 400, body: { error: 'validation_error', message: 'advanceMs must be a non-negative number' } };
      }
      return { body: { now: control.advanceClock(by) } };
    }
    if (sub === '/routes' && method === 'GET') return { body: { routes: control.routes() } };
    if (sub === '/devices' && method === 'GET') return { body: { devices: control.listDevices() } };
    if (sub === '/devices' && method === 'POST') {
      return { status: 201, body: { device: control.approveDevice((body ?? {}) as Parameters<SimControl['approveDevice']>[0]) } };
    }
    if (sub === '/settings' && method === 'GET') return { body: control.settings() };
    if (sub === '/settings' && method === 'POST') return { body: control.updateSettings((body ?? {}) as Partial<SimSettings>) };
  } catch (error) {
    if (error instanceof FaultRuleError || error instanceof SimSettingsError)
      return { status: 400, body: { error: 'validation_error', message: error.message } };
    if (error instanceof Error && error.name === 'DeviceApprovalError') return { status: 400, body: { error: 'validation_error', message: error.message } };
    throw error;
  }
  return { status: 404, body: { error: 'not_found', message: `no control operation ${method} ${path}` } };
}
