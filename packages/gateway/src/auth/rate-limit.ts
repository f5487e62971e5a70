/**
 * Per-token rate limits (default 200 requests a minute, settable per token), in fixed one-minute
 * windows. Counted in memory for one process, or in Redis so that N gateway processes share one
 * budget per token; when Redis fails the memory limiter takes over rather than letting every request
 * through or failing them all.
 *
 * With Redis a process takes a token's budget in reservations rather than with one call per
 * request (a call per request was ~5 % of a process's CPU with three processes): up to 1 % of the
 * limit at a time, at least 1, and never more than is left. At most that share per process is held
 * back from the others for the rest of the window, and a limit under 200 a minute is still counted
 * exactly, one call per request. Nothing is ever granted beyond the limit. A reservation, and a
 * refusal, last only until the window they were taken in ends.
 *
 * A decision this process can take alone (the memory limiter, a request covered by a reservation)
 * is returned as it is, not in a promise: it is taken on every request.
 */
import type { Redis } from 'ioredis';

/** The outcome of one request against a token's budget. */
export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
}

export interface RateLimiter {
  /** The decision, at once when this process can take it alone, else once Redis has answered. */
  consume(tokenId: string, limitPerMinute: number): RateLimitDecision | Promise<RateLimitDecision>;
}

export interface RateLimiterOptions {
  keyPrefix?: string;
  /** The window (tests shorten it). Default one minute. */
  windowMs?: number;
}

/** The share of a limit one reservation takes. */
const RESERVATION_SHARE = 0.01;
/** Reservations kept per process (one per token in use); the oldest goes first beyond it. */
const MAX_RESERVATIONS = 10_000;
/**
 * Windows the memory limiter keeps (one per token in use): the oldest goes first beyond it, which
 * can only give that token a fresh window early. 100,000 windows are about 10 MiB.
 */
const MAX_MEMORY_WINDOWS = 100_000;

/**
 * Takes up to ARGV[1] of the budget ARGV[2] from the window counter KEYS[1] (ARGV[3]: window in ms),
 * never more than is left: returns { granted, used after it, ms until the window ends }.
 */
const TAKE_BUDGET = `
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
local grant = tonumber(ARGV[2]) - used
if grant > tonumber(ARGV[1]) then grant = tonumber(ARGV[1]) end
if grant < 0 then grant = 0 end
if grant > 0 then
  used = redis.call('INCRBY', KEYS[1], grant)
  if used == grant then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
end
return { grant, used, redis.call('PTTL', KEYS[1]) }
`;

type BudgetRedis = Redis & { ushuruTakeBudget(key: string, want: number, limit: number, windowMs: number): Promise<[number, number, number]> };

/** What this process holds of a token's budget in the current window. */
interface Reservation {
  /** Requests it may still let through without asking Redis. */
  left: number;
  /** The window's count in Redis when it was taken (every process's reservations). */
  used: number;
  /** When the window ends (epoch ms). */
  endsAt: number;
}

/** A token's count in its current window (memory limiter). */
interface Window {
  count: number;
  endsAt: number;
}

/** Builds a limiter: in memory, or sharing each token's budget through `redis`. */
export function createRateLimiter(redis?: Redis, options: RateLimiterOptions = {}): RateLimiter {
  const keyPrefix = options.keyPrefix ?? 'ushuru:rl';
  const windowMs = options.windowMs ?? 60_000;
  const windows = new Map<string, Window>();
  const reservations = new Map<string, Reservation>();
  const taking = new Map<string, Promise<void>>();

  /** Counts the request in this process's own window for the token (a window starts with its first request). */
  function inMemory(tokenId: string, limit: number): RateLimitDecision {
    const key = `${limit}:${tokenId}`;
    const now = Date.now();
    let window = windows.get(key);
    if (window === undefined || window.endsAt <= now) {
      // Kept in the order windows started, so that the first one is the oldest.
      windows.delete(key);
      if (windows.size >= MAX_MEMORY_WINDOWS) windows.delete(windows.keys().next().value as string);
      window = { count: 0, endsAt: now + windowMs };
      windows.set(key, window);
    }
    if (window.count <= limit) window.count++;
    return {
      allowed: window.count <= limit,
      limit,
      remaining: Math.max(0, limit - window.count),
      resetSeconds: Math.max(1, Math.ceil((window.endsAt - now) / 1000)),
    };
  }

  if (!redis) return { consume: inMemory };
  const budget = redis as BudgetRedis;
  if (typeof budget.ushuruTakeBudget !== 'function') redis.defineCommand('ushuruTakeBudget', { numberOfKeys: 1, lua: TAKE_BUDGET });

  /** Asks Redis for the next reservation of `key` (one request at a time per key in this process). */
  async function take(key: string, limit: number): Promise<void> {
    const want = Math.max(1, Math.floor(limit * RESERVATION_SHARE));
    const [granted, used, ttl] = await budget.ushuruTakeBudget(key, want, limit, windowMs);
    // Dropping one only costs its holder a call to Redis (and the others at most its leftover).
    if (reservations.size >= MAX_RESERVATIONS && !reservations.has(key)) reservations.delete(reservations.keys().next().value as string);
    reservations.set(key, { left: Number(granted), used: Number(used), endsAt: Date.now() + (Number(ttl) > 0 ? Number(ttl) : windowMs) });
  }

  /** Lets one request through from this process's reservation, if it holds one for this window. */
  function fromReservation(key: string, limit: number): RateLimitDecision | undefined {
    const held = reservations.get(key);
    const now = Date.now();
    if (!held || held.endsAt <= now) return undefined;
    const resetSeconds = Math.max(1, Math.ceil((held.endsAt - now) / 1000));
    // Redis granted nothing: the budget is spent until the window ends, whoever asks.
    if (held.left === 0 && held.used >= limit) return { allowed: false, limit, remaining: 0, resetSeconds };
    if (held.left === 0) return undefined;
    held.left--;
    return { allowed: true, limit, remaining: Math.max(0, limit - held.used) + held.left, resetSeconds };
  }

  return {
    consume(tokenId, limit) {
      const key = `${keyPrefix}:${limit}:${tokenId}`;
      return fromReservation(key, limit) ?? viaRedis(tokenId, key, limit);
    },
  };

  /** The decision once this process holds a reservation for the window (or Redis is found down). */
  async function viaRedis(tokenId: string, key: string, limit: number): Promise<RateLimitDecision> {
    // Each turn either lets this request through, or refuses it, or some request of this process
    // takes at least one more unit of the budget: at most `limit` turns before Redis grants none.
    for (let turn = 0; turn <= limit + 1; turn++) {
      const decided = fromReservation(key, limit);
      if (decided) return decided;
      let pending = taking.get(key);
      if (!pending) {
        pending = take(key, limit).finally(() => taking.delete(key));
        taking.set(key, pending);
      }
      try {
        await pending;
      } catch {
        // Redis is unreachable: this process counts on its own until it is back.
        return inMemory(tokenId, limit);
      }
    }
    return { allowed: false, limit, remaining: 0, resetSeconds: Math.max(1, Math.ceil(windowMs / 1000)) };
  }
}
