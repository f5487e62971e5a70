/**
 * Server-side sessions. The cookie carries 32 random bytes; the table keeps only their SHA-256, so a
 * leaked copy of the database opens no session. Each session has its own CSRF token (synchronizer
 * token pattern), sent back by every form and htmx request.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import { isoMillis } from '../clock.js';
import type { Database } from '../store/schema.js';
import type { Role } from './roles.js';

export const SESSION_COOKIE = 'ushuru_session';
/** Absolute lifetime: a stolen cookie is useful for a working day at most. */
export const SESSION_TTL_MS = 12 * 3600_000;
/** Idle timeout: a forgotten open tab logs itself out. */
export const SESSION_IDLE_MS = 2 * 3600_000;
/** last_seen_at is written at most this often, so page views are not all writes. */
const TOUCH_EVERY_MS = 60_000;

export interface Session {
  idHash: string;
  userId: string;
  tenantId: string;
  email: string;
  role: Role;
  csrfToken: string;
}

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

/** Opens a session for a user; returns the cookie value (shown to the browser only). */
export async function createSession(db: Kysely<Database>, clock: Clock, userId: string): Promise<string> {
  const cookie = randomBytes(32).toString('base64url');
  const now = clock.now();
  await db
    .insertInto('dashboard_sessions')
    .values({
      id_hash: sha256(cookie),
      user_id: userId,
      csrf_token: randomBytes(32).toString('base64url'),
      expires_at: isoMillis(now + SESSION_TTL_MS),
      last_seen_at: isoMillis(now),
      created_at: isoMillis(now),
    })
    .execute();
  return cookie;
}

/** The live session behind a cookie value, or undefined (unknown, expired or idle too long). */
export async function loadSession(db: Kysely<Database>, clock: Clock, cookie: string | undefined): Promise<Session | undefined> {
  if (!cookie || !/^[A-Za-z0-9_-]{43}$/.test(cookie)) return undefined;
  const idHash = sha256(cookie);
  const row = await db
    .selectFrom('dashboard_sessions as s')
    .innerJoin('dashboard_users as u', 'u.id', 's.user_id')
    .select(['s.id_hash', 's.user_id', 's.csrf_token', 's.expires_at', 's.last_seen_at', 'u.tenant_id', 'u.email', 'u.role'])
    .where('s.id_hash', '=', idHash)
    .executeTakeFirst();
  if (!row) return undefined;
  const now = clock.now();
  if (Date.parse(row.expires_at) <= now || Date.parse(row.last_seen_at) + SESSION_IDLE_MS <= now) {
    await db.deleteFrom('dashboard_sessions').where('id_hash', '=', idHash).execute();
    return undefined;
  }
  if (Date.parse(row.last_seen_at) + TOUCH_EVERY_MS <= now) {
    await db
      .updateTable('dashboard_sessions')
      .set({ last_seen_at: isoMillis(now) })
      .where('id_hash', '=', idHash)
      .execute();
  }
  return { idHash, userId: row.user_id, tenantId: row.tenant_id, email: row.email, role: row.role, csrfToken: row.csrf_token };
}

export async function deleteSession(db: Kysely<Database>, idHash: string): Promise<void> {
  await db.deleteFrom('dashboard_sessions').where('id_hash', '=', idHash).execute();
}

/** "Log out everywhere": every session of the user, on every device. */
export async function deleteUserSessions(db: Kysely<Database>, userId: string): Promise<void> {
  await db.deleteFrom('dashboard_sessions').where('user_id', '=', userId).execute();
}

/** Constant-time comparison of the token a request carried with the session's. */
export function csrfMatches(session: Session, presented: unknown): boolean {
  if (typeof presented !== 'string') return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(session.csrfToken);
  return a.length === b.length && timingSafeEqual(a, b);
}
