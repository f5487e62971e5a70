/**
 * API tokens: creation (plaintext returned once), listing (never the token), revocation and the
 * lookup that authenticates each request.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { isoSeconds, type Clock } from '../clock.js';
import { ApiError, validationError } from '../errors.js';
import type { RowCache } from '../infra/row-cache.js';
import type { ApiTokensTable, Database } from '../store/schema.js';
import { allows, expandScopes, unknownScopes, type Scope } from './scopes.js';
import { generateToken, hashesEqual, hashToken, isWellFormedToken, tokenPrefix } from './token-format.js';
import { cacheTags } from '../infra/cache-tags.js';

/** A token as listed: everything but the secret. */
export interface TokenView {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  rate_limit_per_minute: number | null;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
  created_at: string;
}

/** What authentication attaches to a request. */
export interface AuthContext {
  tenantId: string;
  tokenId: string;
  /** Scope names as granted (groups unexpanded), echoed in 403 bodies. */
  grantedScopes: string[];
  scopes: Set<Scope>;
  rateLimitPerMinute: number | null;
}

export interface CreateTokenInput {
  name: string;
  scopes: string[];
  expires_at?: string | null;
  rate_limit_per_minute?: number | null;
}

/** The token that asks for a new one, and the limit it runs under when it has none of its own. */
export interface TokenGrantor {
  auth: AuthContext;
  defaultRateLimitPerMinute: number;
}

/**
 * What a token may hand on: only scopes it holds (`*` only when it holds `*`), and a rate limit no
 * higher than its own unless it holds `*`. Without this, a token with just `admin` could mint a `*`
 * token and escalate to every scope. A new token without a limit inherits the grantor's own.
 */
function limitToGrantor(input: CreateTokenInput, grantor: TokenGrantor): CreateTokenInput {
  if (grantor.auth.grantedScopes.includes('*')) return input;
  const beyond = input.scopes.filter((name) => name === '*' || [...expandScopes([name])].some((s) => !allows(grantor.auth.scopes, s)));
  if (beyond.length > 0) {
    throw validationError(
      { scopes: beyond.map((s) => `"${s}" is not held by the token making this request`) },
      `scopes: a token can only grant scopes it holds (not ${beyond.join(', ')}).`,
    );
  }
  const own = grantor.auth.rateLimitPerMinute ?? grantor.defaultRateLimitPerMinute;
  const asked = input.rate_limit_per_minute ?? grantor.auth.rateLimitPerMinute;
  if (asked !== null && asked !== undefined && asked > own) {
    throw validationError({ rate_limit_per_minute: [`must be at most ${own}, the limit of the token making this request`] });
  }
  return { ...input, rate_limit_per_minute: asked ?? null };
}

/**
 * Creates a token; returns its view and the plaintext, which is never retrievable again. With a
 * `grantor` (an API request), the new token cannot exceed it; without one (the operator's CLI) it can.
 */
export async function createApiToken(
  db: Kysely<Database>,
  clock: Clock,
  tenantId: string,
  requested: CreateTokenInput,
  grantor?: TokenGrantor,
): Promise<{ token: string; view: TokenView }> {
  const unknown = unknownScopes(requested.scopes);
  if (unknown.length > 0) {
    throw validationError({ scopes: unknown.map((s) => `Unknown scope "${s}".`) }, `Unknown scope: ${unknown.join(', ')}.`);
  }
  const input = grantor ? limitToGrantor(requested, grantor) : requested;
  if (input.expires_at && Date.parse(input.expires_at) <= clock.now()) {
    throw validationError({ expires_at: ['The expiry must be in the future.'] });
  }
  const token = generateToken();
  const row: ApiTokensTable = {
    id: 'tok_' + randomBytes(9).toString('base64url'),
    tenant_id: tenantId,
    name: input.name,
    token_hash: hashToken(token),
    token_prefix: tokenPrefix(token),
    scopes: JSON.stringify([...new Set(input.scopes)]),
    rate_limit_per_minute: input.rate_limit_per_minute ?? null,
    expires_at: input.expires_at ? isoSeconds(Date.parse(input.expires_at)) : null,
    revoked_at: null,
    last_used_at: null,
    created_at: isoSeconds(clock.now()),
  };
  await db.insertInto('api_tokens').values(row).execute();
  return { token, view: toView(row) };
}

/** The tenant's tokens, newest first. */
export async function listApiTokens(db: Kysely<Database>, tenantId: string): Promise<TokenView[]> {
  const rows = await db.selectFrom('api_tokens').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map(toView);
}

/** What revoking needs: the store, the time, and the cache whose copies of the token must go. */
export interface TokenWriteDeps {
  db: Kysely<Database>;
  clock: Clock;
  rowCache: RowCache;
}

/**
 * Revokes a token of the tenant; 404 when it is not the tenant's. Revoking twice is harmless. The
 * answer leaves only once every process has dropped its cached copy (see infra/row-cache.ts).
 */
export async function revokeApiToken(deps: TokenWriteDeps, tenantId: string, id: string): Promise<TokenView> {
  const row = await deps.db.selectFrom('api_tokens').selectAll().where('id', '=', id).where('tenant_id', '=', tenantId).executeTakeFirst();
  if (!row) throw new ApiError('not_found', 'Token not found.');
  if (!row.revoked_at) {
    row.revoked_at = isoSeconds(deps.clock.now());
    await deps.db.updateTable('api_tokens').set({ revoked_at: row.revoked_at }).where('id', '=', id).execute();
  }
  await deps.rowCache.invalidate([cacheTags.token(id)]);
  return toView(row);
}

/** Deletes a token outright (the dashboard's short-lived internal tokens) and drops its cached copies. */
export async function deleteApiToken(deps: TokenWriteDeps, id: string): Promise<void> {
  await deps.db.deleteFrom('api_tokens').where('id', '=', id).execute();
  await deps.rowCache.invalidate([cacheTags.token(id)]);
}

/** A token row as authentication needs it; cached by hash, checked against the clock on every use. */
interface CachedToken {
  auth: AuthContext;
  revokedAt: string | null;
  expiresAt: string | null;
}

/**
 * Authenticates a bearer token. Returns null for anything that must be a 401: malformed, unknown,
 * expired or revoked. The lookup is by hash (an index); the final comparison is constant-time. The
 * row is reused from `cache` when given (never a miss: a token made a moment ago on another
 * process is found); revocation and expiry are checked on every request.
 */
export async function authenticateToken(db: Kysely<Database>, clock: Clock, presented: string, cache?: RowCache): Promise<AuthContext | null> {
  if (!isWellFormedToken(presented)) return null;
  const hash = hashToken(presented);
  const load = () => loadToken(db, hash);
  const token = cache ? await cache.read(tokenCacheKey(hash), load, (t) => [cacheTags.token(t.auth.tokenId)]) : await load();
  return judge(token, clock);
}

/**
 * {@link authenticateToken} answered from the cache alone, without waiting: the caller, or null for
 * a 401; undefined when the cache does not hold the token (then call authenticateToken).
 */
export function authenticateTokenFromCache(clock: Clock, presented: string, cache: RowCache): AuthContext | null | undefined {
  if (!isWellFormedToken(presented)) return null;
  const token = cache.peek<CachedToken>(tokenCacheKey(hashToken(presented)));
  return token === undefined ? undefined : judge(token, clock);
}

function tokenCacheKey(hash: string): string {
  return `token:${hash}`;
}

function judge(token: CachedToken | undefined, clock: Clock): AuthContext | null {
  if (!token) return null;
  if (token.revokedAt) return null;
  if (token.expiresAt && Date.parse(token.expiresAt) <= clock.now()) return null;
  return token.auth;
}

/**
 * Tokens mostly hold one of a few scope lists: cached tokens share one expanded set per list (a set
 * per token was most of a cached token's memory with 100,000 tenants). Never changed after creation.
 */
const scopeSets = new Map<string, Set<Scope>>();
function sharedScopeSet(json: string, granted: string[]): Set<Scope> {
  let set = scopeSets.get(json);
  if (!set) {
    set = expandScopes(granted);
    if (scopeSets.size >= 1_000) scopeSets.clear();
    scopeSets.set(json, set);
  }
  return set;
}

async function loadToken(db: Kysely<Database>, hash: string): Promise<CachedToken | undefined> {
  const row = await db.selectFrom('api_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();
  if (!row || !hashesEqual(row.token_hash, hash)) return undefined;
  const granted = JSON.parse(row.scopes) as string[];
  // Frozen: the same object serves many requests.
  return Object.freeze({
    auth: Object.freeze({
      tenantId: row.tenant_id,
      tokenId: row.id,
      grantedScopes: Object.freeze(granted) as string[],
      scopes: sharedScopeSet(row.scopes, granted),
      rateLimitPerMinute: row.rate_limit_per_minute,
    }),
    revokedAt: row.revoked_at,
    expiresAt: row.expires_at,
  });
}

function toView(row: ApiTokensTable): TokenView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.token_prefix,
    scopes: JSON.parse(row.scopes) as string[],
    rate_limit_per_minute: row.rate_limit_per_minute,
    expires_at: row.expires_at,
    revoked_at: row.revoked_at,
    last_used_at: row.last_used_at,
    created_at: row.created_at,
  };
}
