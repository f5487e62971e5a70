/**
 * Scopes and scope groups of API tokens (README "API conventions"). A token stores what it was
 * granted (groups included, so a group widened later widens its tokens); checks expand groups.
 */

export const SCOPES = [
  'kra:apps',
  'kra:checkers',
  'kra:payments',
  'kra:compliance',
  'kra:registration',
  'kra:returns',
  'etims:read',
  'etims:write',
  'admin',
] as const;
export type Scope = (typeof SCOPES)[number];

export const SCOPE_GROUPS: Record<string, readonly Scope[]> = {
  kra_full: ['kra:apps', 'kra:checkers', 'kra:payments', 'kra:compliance', 'kra:registration', 'kra:returns'],
  kra_read_only: ['kra:apps', 'kra:checkers'],
  etims_full: ['etims:read', 'etims:write'],
  '*': SCOPES,
};

/** Every name a token may be granted: single scopes and groups. */
export const GRANTABLE = [...SCOPES, ...Object.keys(SCOPE_GROUPS)] as const;

/** Returns the names in `granted` that are neither a scope nor a group. */
export function unknownScopes(granted: readonly string[]): string[] {
  const known = new Set<string>(GRANTABLE);
  return granted.filter((s) => !known.has(s));
}

/** Expands groups into the set of single scopes a token holds. */
export function expandScopes(granted: readonly string[]): Set<Scope> {
  const out = new Set<Scope>();
  for (const name of granted) {
    const group = SCOPE_GROUPS[name];
    if (group) group.forEach((s) => out.add(s));
    else if ((SCOPES as readonly string[]).includes(name)) out.add(name as Scope);
  }
  return out;
}

/**
 * True when `granted` allows `required`. `etims:write` implies `etims:read`: a token that may sign
 * invoices may also read them back.
 */
export function allows(granted: ReadonlySet<Scope>, required: Scope): boolean {
  if (granted.has(required)) return true;
  return required === 'etims:read' && granted.has('etims:write');
}
