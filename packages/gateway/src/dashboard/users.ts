/** Dashboard users: created by `ushuru user create` or by an admin in the dashboard; always within one tenant. */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { isoSeconds, type Clock } from '../clock.js';
import { ApiError, validationError } from '../errors.js';
import type { Database, DashboardUsersTable } from '../store/schema.js';
import { isUniqueViolation } from '../store/unique-violation.js';
import { dummyHash, hashPassword, passwordProblem, verifyPassword } from './password.js';
import { isRole, type Role } from './roles.js';

export type UserRow = DashboardUsersTable;
export type UserView = Omit<UserRow, 'password_hash'>;

const EMAIL_RE = /^[^\s@<>"']{1,64}@[^\s@<>"']{1,190}\.[^\s@<>"']{2,}$/;

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

export interface NewUser {
  tenantId: string;
  email: string;
  password: string;
  role: string;
}

export async function createUser(db: Kysely<Database>, clock: Clock, input: NewUser): Promise<UserView> {
  const email = normalizeEmail(input.email);
  const errors: Record<string, string[]> = {};
  if (!EMAIL_RE.test(email)) errors.email = ['must be an email address'];
  const weak = passwordProblem(input.password);
  if (weak) errors.password = [weak];
  if (!isRole(input.role)) errors.role = ['must be admin, member or viewer'];
  if (Object.keys(errors).length > 0) throw validationError(errors);
  const tenant = await db.selectFrom('tenants').select('id').where('id', '=', input.tenantId).executeTakeFirst();
  if (!tenant) throw new ApiError('not_found', 'Tenant not found.');
  const row: UserRow = {
    id: 'usr_' + randomBytes(9).toString('base64url'),
    tenant_id: input.tenantId,
    email,
    password_hash: await hashPassword(input.password),
    role: input.role as Role,
    created_at: isoSeconds(clock.now()),
  };
  try {
    await db.insertInto('dashboard_users').values(row).execute();
  } catch (err) {
    if (isUniqueViolation(err)) throw validationError({ email: ['is already a user of this tenant'] });
    throw err;
  }
  return toView(row);
}

export async function listUsers(db: Kysely<Database>, tenantId: string): Promise<UserView[]> {
  const rows = await db.selectFrom('dashboard_users').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at').orderBy('id').execute();
  return rows.map(toView);
}

/** Removes a user of the tenant (their sessions go with them); 404 for another tenant's. */
export async function deleteUser(db: Kysely<Database>, tenantId: string, id: string): Promise<void> {
  const res = await db.deleteFrom('dashboard_users').where('id', '=', id).where('tenant_id', '=', tenantId).executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) throw new ApiError('not_found', 'User not found.');
}

/**
 * The user whose address and password match, or undefined. An address may exist in several tenants;
 * the password picks the one. The work is the same whether or not the address exists.
 */
export async function checkCredentials(db: Kysely<Database>, email: string, password: string): Promise<UserRow | undefined> {
  const rows = await db.selectFrom('dashboard_users').selectAll().where('email', '=', normalizeEmail(email)).orderBy('created_at').execute();
  if (rows.length === 0) {
    await verifyPassword(password, await dummyHash());
    return undefined;
  }
  for (const row of rows) if (await verifyPassword(password, row.password_hash)) return row;
  return undefined;
}

function toView(row: UserRow): UserView {
  const { password_hash: _hidden, ...view } = row;
  return view;
}
