/** Tenants: the unit of isolation. Every other row belongs to exactly one tenant. */
import { unsafeTextProblem } from '../http/input-rules.js';
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { isoSeconds, type Clock } from '../clock.js';
import type { Database } from '../store/schema.js';

export interface Tenant {
  id: string;
  name: string;
  created_at: string;
}

/** Creates a tenant named `name` (trimmed, 1–100 characters). */
export async function createTenant(db: Kysely<Database>, clock: Clock, name: string): Promise<Tenant> {
  const clean = name.trim();
  if (clean.length < 1 || clean.length > 100) throw new Error('tenant name must be 1–100 characters');
  const problem = unsafeTextProblem(clean);
  if (problem) throw new Error(`tenant name ${problem}`);
  const tenant = { id: randomUUID(), name: clean, created_at: isoSeconds(clock.now()) };
  await db.insertInto('tenants').values(tenant).execute();
  return tenant;
}

/** All tenants, oldest first. */
export async function listTenants(db: Kysely<Database>): Promise<Tenant[]> {
  return db.selectFrom('tenants').selectAll().orderBy('created_at').orderBy('id').execute();
}

/** Number of tenants; zero means the gateway has never been bootstrapped. */
export async function countTenants(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('tenants')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
