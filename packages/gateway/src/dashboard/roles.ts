/**
 * Dashboard roles mapped onto the API's scopes: what a user may do in the dashboard is what a token
 * with these scopes may do through the API, and the dashboard's internal calls run with exactly them.
 */
import { allows, expandScopes, type Scope } from '../auth/scopes.js';

export const ROLES = ['admin', 'member', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_SCOPES: Record<Role, readonly string[]> = {
  admin: ['*'],
  // Everything but administration: no apps, tokens, users or webhooks to add or change.
  member: ['etims:read', 'etims:write', 'kra:checkers', 'kra:payments', 'kra:compliance', 'kra:registration', 'kra:returns'],
  viewer: ['etims:read'],
};

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin: everything, including apps, tokens, users and webhooks',
  member: 'Member: invoices, credit notes, reports and device operations',
  viewer: 'Viewer: read only',
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** True when the role holds `scope` (groups expanded, `etims:write` implies `etims:read`). */
export function roleAllows(role: Role, scope: Scope): boolean {
  return allows(expandScopes(ROLE_SCOPES[role]), scope);
}
