/**
 * Credentials of the KRA-compatible OSCU endpoint, one set per eTIMS app: the opaque id in its URLs,
 * a virtual cmcKey (what the integration sends where it sent KRA's key) and, for host B, OAuth client
 * credentials and the bearer tokens issued for them. Secrets are random (256 bits) and kept as SHA-256
 * hashes, compared in constant time; the virtual key is also kept sealed, because KRA's init answer
 * carries the key and a hash cannot be answered back. Issuing again rotates everything but the URL.
 */
import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { AppWithSecrets } from '../apps/service.js';
import type { GatewayDeps } from '../deps.js';
import type { OscuCredentialsTable } from '../store/schema.js';
import { isoMillis } from '../clock.js';

export type CredentialsRow = Selectable<OscuCredentialsTable>;

/** What the integration is given once, on issue or rotation. */
export interface IssuedCredentials {
  opaqueId: string;
  cmcKey: string;
  clientId: string;
  clientSecret: string;
}

/** Lifetime of a bearer token from the endpoint's token URL (KRA's own tokens live an hour). */
export const BEARER_TTL_SECONDS = 3600;

const sha256 = (secret: string): string => hash('sha256', secret, 'hex');

/** Constant-time comparison of a presented secret with a stored hash. */
export function matchesHash(presented: string | undefined, storedHash: string | null): boolean {
  if (!presented || !storedHash) return false;
  const a = Buffer.from(sha256(presented), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

const sealAad = (tenantId: string, appId: number): string => `${tenantId}:oscu_credentials:${appId}:cmc_key`;

/**
 * Issues the app's credentials, or rotates them: a new virtual key, client id and secret (the old ones
 * stop working at once, and so do tokens issued for them); the opaque id is kept, so the base URLs
 * the integration is configured with stay valid.
 */
export async function issueCredentials(deps: GatewayDeps, app: AppWithSecrets): Promise<IssuedCredentials> {
  // KRA's keys are 32 hex characters; ours are longer (256 bits) but of the same alphabet.
  const cmcKey = randomBytes(32).toString('hex');
  const clientId = `oscu_${randomBytes(12).toString('hex')}`;
  const clientSecret = randomBytes(32).toString('base64url');
  const now = isoMillis(deps.clock.now());
  const secrets = {
    cmc_key_hash: sha256(cmcKey),
    cmc_key_sealed: deps.secretBox.seal(cmcKey, sealAad(app.tenant_id, app.id)),
    client_id: clientId,
    client_secret_hash: sha256(clientSecret),
    init_answered_at: null,
    revoked_at: null,
    updated_at: now,
  };
  const opaqueId = await deps.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('oscu_credentials').select('opaque_id').where('app_id', '=', app.id).executeTakeFirst();
    await trx.deleteFrom('oscu_bearer_tokens').where('app_id', '=', app.id).execute();
    if (existing) {
      await trx.updateTable('oscu_credentials').set(secrets).where('app_id', '=', app.id).execute();
      return existing.opaque_id;
    }
    const fresh = randomBytes(18).toString('base64url');
    await trx
      .insertInto('oscu_credentials')
      .values({ app_id: app.id, tenant_id: app.tenant_id, opaque_id: fresh, created_at: now, ...secrets })
      .execute();
    return fresh;
  });
  return { opaqueId, cmcKey, clientId, clientSecret };
}

/** Revokes the app's credentials (the URL keeps answering, refusing every key); false when it had none. */
export async function revokeCredentials(deps: GatewayDeps, appId: number): Promise<boolean> {
  const now = isoMillis(deps.clock.now());
  return deps.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('oscu_bearer_tokens').where('app_id', '=', appId).execute();
    const res = await trx
      .updateTable('oscu_credentials')
      .set({ cmc_key_hash: null, cmc_key_sealed: null, client_secret_hash: null, revoked_at: now, updated_at: now })
      .where('app_id', '=', appId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  });
}

/** The credentials behind an opaque id, if any. */
export async function credentialsByOpaqueId(deps: GatewayDeps, opaqueId: string): Promise<CredentialsRow | undefined> {
  return deps.db.selectFrom('oscu_credentials').selectAll().where('opaque_id', '=', opaqueId).executeTakeFirst();
}

/** The virtual key itself, for KRA's init answer; undefined once revoked. */
export function openVirtualKey(deps: GatewayDeps, creds: CredentialsRow): string | undefined {
  return creds.cmc_key_sealed ? deps.secretBox.open(creds.cmc_key_sealed, sealAad(creds.tenant_id, creds.app_id)) : undefined;
}

/** Records that a host-A init answered the key; false when one already had (KRA then answers 902). */
export async function claimFirstInit(deps: GatewayDeps, creds: CredentialsRow): Promise<boolean> {
  const res = await deps.db
    .updateTable('oscu_credentials')
    .set({ init_answered_at: isoMillis(deps.clock.now()) })
    .where('app_id', '=', creds.app_id)
    .where('init_answered_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** HTTP Basic `client_id:client_secret` against the stored credentials. */
export function checkClientCredentials(creds: CredentialsRow, authorization: string | undefined): boolean {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? '');
  if (!m) return false;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  const id = decoded.slice(0, colon);
  const secret = decoded.slice(colon + 1);
  // The secret is compared even when the id differs, so timing does not tell which one was wrong.
  const secretOk = matchesHash(secret, creds.client_secret_hash);
  return secretOk && id === creds.client_id;
}

/** Issues a bearer token for the app (stored hashed, with its expiry). */
export async function issueBearer(deps: GatewayDeps, appId: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const now = deps.clock.now();
  await deps.db.deleteFrom('oscu_bearer_tokens').where('app_id', '=', appId).where('expires_at', '<', isoMillis(now)).execute();
  await deps.db
    .insertInto('oscu_bearer_tokens')
    .values({ token_hash: sha256(token), app_id: appId, expires_at: isoMillis(now + BEARER_TTL_SECONDS * 1000), created_at: isoMillis(now) })
    .execute();
  return token;
}

/** Whether `authorization` carries a live bearer token of the app. */
export async function checkBearer(deps: GatewayDeps, appId: number, authorization: string | undefined): Promise<boolean> {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!m) return false;
  const row = await deps.db.selectFrom('oscu_bearer_tokens').select(['app_id', 'expires_at']).where('token_hash', '=', sha256(m[1]!)).executeTakeFirst();
  return row !== undefined && row.app_id === appId && Date.parse(row.expires_at) > deps.clock.now();
}
