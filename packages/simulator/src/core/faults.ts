/**
 * Fault injection: rules that make a route (or every route) slow, failing, down, rate-limited, or
 * "apply then time out" (the write lands but the answer never comes, the case that forces
 * reconciliation). Rules are evaluated per request by the dispatcher, before the handler runs.
 */
import type { SeededRandom } from './prng.js';

/** How a failing call fails. `invalidCredentials` only makes sense on `portal.token`, but works anywhere. */
export type FaultErrorKind = 'http500' | 'http503' | 'reset' | 'hang' | 'invalidCredentials';

/** How a rate-limited call is refused: HTTP 429 (API gateway) or OSCU `resultCd 990` with HTTP 200. */
export type RateLimitKind = 'http429' | 'oscu990';

/** A fault rule as clients send it to `POST /__sim/faults` or `control.addFault`. */
export interface FaultRuleInput {
  /**
   * Which routes: an exact route id (`portal.pinbypin`), a prefix ending in `.` (`portal.`, `oscuA.`),
   * or `*`. Omitted means every route.
   */
  route?: string;
  /** Added before the handler runs. */
  latencyMs?: number;
  /** Probability 0..1 that a call fails with `errorKind`. Defaults to 1 when `errorKind` is given. */
  errorRate?: number;
  /** Defaults to `http500`. */
  errorKind?: FaultErrorKind;
  /** For `hang` and `applyThenTimeout`: answer 504 after this many ms instead of never. */
  hangMs?: number;
  /** Outage: every call fails (`kind`, default `http503`) while active. No from/to = active until removed. */
  outage?: { from?: number; to?: number; enabled?: boolean; kind?: FaultErrorKind };
  /** The handler runs (state changes) but no answer comes. `true` = every call, a number = probability. */
  applyThenTimeout?: boolean | number;
  /**
   * Rate limiting. Without `maxRequests` every call is refused; otherwise calls beyond `maxRequests`
   * per `windowMs` (default 60 000, simulator clock) are.
   */
  rateLimit?: { kind: RateLimitKind; maxRequests?: number; windowMs?: number; retryAfterSeconds?: number };
  /** Free text shown back in listings. */
  note?: string;
}

/** A stored rule. */
export interface FaultRule extends FaultRuleInput {
  id: string;
}

/** What the dispatcher must do to a call instead of (or besides) answering normally. */
export type FaultAction =
  | { kind: 'http500' | 'http503' | 'reset' | 'invalidCredentials' }
  | { kind: 'hang'; hangMs?: number }
  | { kind: 'http429'; retryAfterSeconds: number }
  | { kind: 'oscu990' };

/** The combined effect of every rule matching one call. */
export interface FaultDecision {
  latencyMs: number;
  /** Replaces the handler entirely. */
  action?: FaultAction;
  /** Run the handler, then never answer (or answer 504 after `hangMs`). */
  applyThenTimeout?: { hangMs?: number };
}

/** A rule that fails validation. */
export class FaultRuleError extends Error {}

const ERROR_KINDS: readonly FaultErrorKind[] = ['http500', 'http503', 'reset', 'hang', 'invalidCredentials'];
const RATE_LIMIT_KINDS: readonly RateLimitKind[] = ['http429', 'oscu990'];

/** Holds the active rules and decides, per call, which faults apply. */
export class FaultBook {
  private rules: FaultRule[] = [];
  private nextId = 1;
  private readonly windows = new Map<string, { startedAt: number; count: number }>();

  constructor(private readonly dice: () => SeededRandom) {}

  /** Validates and stores a rule; returns it with its id. */
  add(input: unknown): FaultRule {
    const rule: FaultRule = { id: `f${this.nextId++}`, ...validateFaultRule(input) };
    this.rules.push(rule);
    return rule;
  }

  /** Removes one rule; false when the id is unknown. */
  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((rule) => rule.id !== id);
    this.windows.delete(id);
    return this.rules.length !== before;
  }

  /** Removes every rule. Ids keep counting up so a stale id never hits a new rule. */
  clear(): void {
    this.rules = [];
    this.windows.clear();
  }

  /** Copies of the active rules, in evaluation order. */
  list(): FaultRule[] {
    return this.rules.map((rule) => structuredClone(rule));
  }

  /**
   * Decides the faults for one call to `routeId` at simulator time `now`. Latencies add up; for the
   * rest the first rule that fires wins, checking outages, then rate limits, then error dice.
   */
  decide(routeId: string, now: number): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0 };
    if (this.rules.length === 0) return decision;
    for (const rule of this.rules) {
      if (!routeMatches(rule.route, routeId)) continue;
      decision.latencyMs += rule.latencyMs ?? 0;
      if (decision.action) continue;
      decision.action = this.outageAction(rule, now) ?? this.rateLimitAction(rule, now) ?? this.errorAction(rule);
      if (!decision.action && !decision.applyThenTimeout && this.fires(rule.applyThenTimeout)) {
        decision.applyThenTimeout = { hangMs: rule.hangMs };
      }
    }
    return decision;
  }

  private outageAction(rule: FaultRule, now: number): FaultAction | undefined {
    const outage = rule.outage;
    if (!outage || outage.enabled === false) return undefined;
    if (outage.from !== undefined && now < outage.from) return undefined;
    if (outage.to !== undefined && now >= outage.to) return undefined;
    return toAction(outage.kind ?? 'http503', rule.hangMs);
  }

  private rateLimitAction(rule: FaultRule, now: number): FaultAction | undefined {
    const limit = rule.rateLimit;
    if (!limit) return undefined;
    if (limit.maxRequests !== undefined) {
      const windowMs = limit.windowMs ?? 60_000;
      let window = this.windows.get(rule.id);
      if (!window || now - window.startedAt >= windowMs) {
        window = { startedAt: now, count: 0 };
        this.windows.set(rule.id, window);
      }
      window.count++;
      if (window.count <= limit.maxRequests) return undefined;
    }
    return limit.kind === 'oscu990' ? { kind: 'oscu990' } : { kind: 'http429', retryAfterSeconds: limit.retryAfterSeconds ?? 1 };
  }

  private errorAction(rule: FaultRule): FaultAction | undefined {
    if (rule.errorRate === undefined && rule.errorKind === undefined) return undefined;
    const rate = rule.errorRate ?? 1;
    if (!this.fires(rate)) return undefined;
    return toAction(rule.errorKind ?? 'http500', rule.hangMs);
  }

  private fires(probability: boolean | number | undefined): boolean {
    if (probability === undefined || probability === false) return false;
    if (probability === true || probability >= 1) return true;
    if (probability <= 0) return false;
    return this.dice().next() < probability;
  }
}

function toAction(kind: FaultErrorKind, hangMs: number | undefined): FaultAction {
  return kind === 'hang' ? { kind, hangMs } : { kind };
}

/** Whether a rule's `route` selector covers `routeId`. */
export function routeMatches(selector: string | undefined, routeId: string): boolean {
  if (selector === undefined || selector === '*' || selector === '') return true;
  if (selector.endsWith('.') || selector.endsWith('*')) return routeId.startsWith(selector.replace(/\*$/, ''));
  return selector === routeId;
}

/** Checks a rule from the outside world and keeps only known fields. */
export function validateFaultRule(input: unknown): FaultRuleInput {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw new FaultRuleError('a fault rule must be a JSON object');
  const raw = input as Record<string, unknown>;
  const rule: FaultRuleInput = {};
  if (raw.route !== undefined) rule.route = requireString(raw.route, 'route');
  if (raw.latencyMs !== undefined) rule.latencyMs = requireNonNegative(raw.latencyMs, 'latencyMs');
  if (raw.errorRate !== undefined) {
    const rate = requireNonNegative(raw.errorRate, 'errorRate');
    if (rate > 1) throw new FaultRuleError('errorRate must be between 0 and 1');
    rule.errorRate = rate;
  }
  if (raw.errorKind !== undefined) rule.errorKind = requireOneOf(raw.errorKind, ERROR_KINDS, 'errorKind');
  if (raw.hangMs !== undefined) rule.hangMs = requireNonNegative(raw.hangMs, 'hangMs');
  if (raw.outage !== undefined) {
    if (raw.outage === true) rule.outage = {};
    else {
      if (raw.outage === null || typeof raw.outage !== 'object') throw new FaultRuleError('outage must be an object');
      const outage = raw.outage as Record<string, unknown>;
      rule.outage = {};
      if (outage.from !== undefined) rule.outage.from = requireNonNegative(outage.from, 'outage.from');
      if (outage.to !== undefined) rule.outage.to = requireNonNegative(outage.to, 'outage.to');
      if (outage.enabled !== undefined) rule.outage.enabled = requireBoolean(outage.enabled, 'outage.enabled');
      if (outage.kind !== undefined) rule.outage.kind = requireOneOf(outage.kind, ERROR_KINDS, 'outage.kind');
    }
  }
  if (raw.applyThenTimeout !== undefined) {
    if (typeof raw.applyThenTimeout === 'boolean') rule.applyThenTimeout = raw.applyThenTimeout;
    else {
      const rate = requireNonNegative(raw.applyThenTimeout, 'applyThenTimeout');
      if (rate > 1) throw new FaultRuleError('applyThenTimeout must be a boolean or a probability between 0 and 1');
      rule.applyThenTimeout = rate;
    }
  }
  if (raw.rateLimit !== undefined) {
    if (raw.rateLimit === null || typeof raw.rateLimit !== 'object') throw new FaultRuleError('rateLimit must be an object');
    const limit = raw.rateLimit as Record<string, unknown>;
    rule.rateLimit = { kind: requireOneOf(limit.kind, RATE_LIMIT_KINDS, 'rateLimit.kind') };
    if (limit.maxRequests !== undefined) rule.rateLimit.maxRequests = requireNonNegative(limit.maxRequests, 'rateLimit.maxRequests');
    if (limit.windowMs !== undefined) rule.rateLimit.windowMs = requireNonNegative(limit.windowMs, 'rateLimit.windowMs');
    if (limit.retryAfterSeconds !== undefined) rule.rateLimit.retryAfterSeconds = requireNonNegative(limit.retryAfterSeconds, 'rateLimit.retryAfterSeconds');
  }
  if (raw.note !== undefined) rule.note = requireString(raw.note, 'note');
  return rule;
}

function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new FaultRuleError(`${field} must be a string`);
  return value;
}

function requireBoolean(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw new FaultRuleError(`${field} must be a boolean`);
  return value;
}

function requireNonNegative(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new FaultRuleError(`${field} must be a non-negative number`);
  return value;
}

function requireOneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new FaultRuleError(`${field} must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}
