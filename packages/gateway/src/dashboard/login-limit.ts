/**
 * Login attempts are limited per address and per client IP with the gateway's own rate limiter
 * (in memory, or Redis across processes), so password guessing is slow whichever one an attacker varies.
 */
import type { RateLimiter } from '../auth/rate-limit.js';

/** Attempts a minute for one email address. */
export const LOGIN_LIMIT_PER_EMAIL = 5;
/** Attempts a minute from one IP address (an office behind one NAT logs in more than one person). */
export const LOGIN_LIMIT_PER_IP = 30;

/** Counts an attempt; returns the seconds to wait when either limit is exceeded, else undefined. */
export async function consumeLoginAttempt(limiter: RateLimiter, email: string, ip: string): Promise<number | undefined> {
  const byEmail = await limiter.consume(`dashboard-login:email:${email}`, LOGIN_LIMIT_PER_EMAIL);
  const byIp = await limiter.consume(`dashboard-login:ip:${ip}`, LOGIN_LIMIT_PER_IP);
  const blocked = [byEmail, byIp].filter((d) => !d.allowed);
  return blocked.length > 0 ? Math.max(...blocked.map((d) => d.resetSeconds)) : undefined;
}
