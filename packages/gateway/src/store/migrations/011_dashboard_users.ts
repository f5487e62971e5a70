/**
 * Dashboard users and their sessions (docs: dashboard/). A user belongs to one tenant and sees only
 * its data; a session is server-side, so logging out (or out everywhere) takes effect at once.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../db.js';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('dashboard_users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    // Stored lower-cased: one address is one user per tenant whatever its case.
    .addColumn('email', 'text', (c) => c.notNull())
    // `scrypt$N$r$p$salt$hash` (dashboard/password.ts): the parameters travel with the hash.
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('dashboard_users_email').unique().on('dashboard_users').columns(['tenant_id', 'email']).execute();
  // Login looks a user up by address alone (the login form has no tenant field).
  await db.schema.createIndex('dashboard_users_by_email').on('dashboard_users').column('email').execute();

  await db.schema
    .createTable('dashboard_sessions')
    // SHA-256 (hex) of the cookie's random value: a copy of the table opens no session.
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('dashboard_users.id').onDelete('cascade'))
    // The synchronizer token every form and htmx request carries back.
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('dashboard_sessions_user').on('dashboard_sessions').column('user_id').execute();
}
