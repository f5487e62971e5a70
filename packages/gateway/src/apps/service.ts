/**
 * KRA apps: credentials for one KRA environment, of type `portal` (developer.go.ke) or `etims`
 * (one OSCU device: TIN + branch + serial). Secrets are sealed per field with AAD
 * tenant:app:field and are never returned or logged; only the gateway's KRA calls open them.
 */
import type { PortalApiId } from '@ushuru/kra';
import type { Kysely, Transaction } from 'kysely';
import { isoSeconds, type Clock } from '../clock.js';
import type { SecretBox } from '../crypto/secret-box.js';
import { ApiError, notFound, validationError } from '../errors.js';
import { positiveIdParam } from '../http/input-rules.js';
import { freezeDeep, type RowCache } from '../infra/row-cache.js';
import type { Database, KraAppsTable } from '../store/schema.js';
import { API_SECRET_PREFIX, collectApiCredentials, splitApiCredentials, type ApiCredentials } from './api-credentials.js';
import type { CreateAppInput, UpdateAppInput } from './schemas.js';
import { cacheTags } from '../infra/cache-tags.js';

/** The names of secret fields, by app type. */
export const SECRET_FIELDS = ['consumer_key', 'consumer_secret', 'cmc_key'] as const;
export type SecretField = (typeof SECRET_FIELDS)[number];

type AppRow = Omit<KraAppsTable, 'id'> & { id: number };

/** An app as the list endpoint shows it: exactly Salami's shape. */
export interface AppSummary {
  id: number;
  name: string;
  type: 'portal' | 'etims';
  environment: 'simulator' | 'sandbox' | 'production';
  is_active: boolean;
  last_used_at: string | null;
  created_at: string;
}

/** An app in detail: no secret values, only which secrets are set. */
export interface AppDetail extends AppSummary {
  settings: Record<string, unknown>;
  tin: string | null;
  bhf_id: string | null;
  dvc_srl_no: string | null;
  /** Names of the secrets that are set: `consumer_key`, …, and `api:<apiId>:consumer_key` for per-API pairs. */
  credentials_set: string[];
  updated_at: string;
}

/** An app with its secrets opened, for the code that calls KRA. Never serialised. */
export interface AppWithSecrets extends AppDetail {
  tenant_id: string;
  secrets: Partial<Record<SecretField, string>>;
  /** Per-API credential pairs (portal apps), see `api-credentials.ts`. */
  apiCredentials: Partial<Record<PortalApiId, ApiCredentials>>;
}

export interface AppServiceDeps {
  db: Kysely<Database>;
  /** The engine decides how a row is locked for a read-modify-write. */
  store: { dialect: 'sqlite' | 'postgres' };
  clock: Clock;
  secretBox: SecretBox;
  /** Opened apps of the request path; every write below invalidates the tenant's entries. */
  rowCache: RowCache;
}

function aad(tenantId: string, appId: number, field: string): string {
  return `${tenantId}:kra_app:${appId}:${field}`;
}

/** Creates an app; secrets are sealed in the same transaction as the insert (the AAD needs the id). */
export async function createApp(deps: AppServiceDeps, tenantId: string, input: CreateAppInput): Promise<AppDetail> {
  const now = isoSeconds(deps.clock.now());
  const etims = input.type === 'etims' ? input : undefined;
  if (etims && Boolean(etims.consumer_key) !== Boolean(etims.consumer_secret)) {
    throw validationError({ [etims.consumer_key ? 'consumer_secret' : 'consumer_key']: ['is required together with the other'] });
  }
  const split = splitApiCredentials(input.settings);
  const created = await deps.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('kra_apps')
      .values({
        tenant_id: tenantId,
        name: input.name,
        type: input.type,
        environment: input.environment,
        is_active: input.is_active ? 1 : 0,
        settings: JSON.stringify(split.settings),
        tin: etims?.tin ?? null,
        bhf_id: etims?.bhf_id ?? null,
        dvc_srl_no: etims?.dvc_srl_no ?? null,
        secrets: '{}',
        last_used_at: null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(inserted.id);
    const plain: Record<string, string | null | undefined> = {
      consumer_key: input.consumer_key,
      consumer_secret: input.consumer_secret,
      cmc_key: etims?.cmc_key,
      ...split.secretChanges,
    };
    const sealed = sealAll(deps.secretBox, tenantId, id, {}, plain);
    await trx
      .updateTable('kra_apps')
      .set({ secrets: JSON.stringify(sealed) })
      .where('id', '=', id)
      .execute();
    const row = await trx.selectFrom('kra_apps').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return toDetail(row as AppRow);
  });
  // A new active app changes which app a request without X-KRA-App-Id gets (or makes it ambiguous).
  await deps.rowCache.invalidate([cacheTags.apps(tenantId)]);
  return created;
}

/** The tenant's apps in Salami's list shape, by id. */
export async function listApps(deps: AppServiceDeps, tenantId: string): Promise<AppSummary[]> {
  const rows = await deps.db.selectFrom('kra_apps').selectAll().where('tenant_id', '=', tenantId).orderBy('id').execute();
  return rows.map((r) => toSummary(r as AppRow));
}

/** One app of the tenant; 404 for a missing app or another tenant's. */
export async function getApp(deps: AppServiceDeps, tenantId: string, id: number): Promise<AppDetail> {
  return toDetail(await findRow(deps, tenantId, id));
}

/** One app with its secrets opened (shared and frozen: see {@link RowCache}). */
export async function getAppWithSecrets(deps: AppServiceDeps, tenantId: string, id: number): Promise<AppWithSecrets> {
  const app = await deps.rowCache.read(
    `app:${tenantId}:${id}`,
    async () => withSecrets(deps, await findRow(deps, tenantId, id)),
    () => [cacheTags.apps(tenantId)],
  );
  return app!;
}

/** Renames, (de)activates, changes settings or replaces credentials. `null` clears an optional secret. */
export async function updateApp(deps: AppServiceDeps, tenantId: string, id: number, input: UpdateAppInput): Promise<AppDetail> {
  const row = await findRow(deps, tenantId, id);
  const errors: Record<string, string[]> = {};
  const etimsOnly = ['tin', 'bhf_id', 'dvc_srl_no', 'cmc_key'] as const;
  if (row.type === 'portal') {
    for (const f of etimsOnly) if (input[f] !== undefined) errors[f] = ['only applies to eTIMS apps'];
    if (input.consumer_key === null) errors.consumer_key = ['is required for portal apps'];
    if (input.consumer_secret === null) errors.consumer_secret = ['is required for portal apps'];
  }
  if (Object.keys(errors).length > 0) throw validationError(errors);
  // Per-API pairs in `settings.credentials` become sealed fields; pairs not mentioned stay as they are.
  const split = input.settings !== undefined ? splitApiCredentials(input.settings) : undefined;

  const secretChanges = { consumer_key: input.consumer_key, consumer_secret: input.consumer_secret, cmc_key: input.cmc_key, ...split?.secretChanges };
  const changesSecrets = Object.values(secretChanges).some((v) => v !== undefined);
  await withLockedApp(deps, tenantId, id, async (trx, locked) => {
    await trx
      .updateTable('kra_apps')
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.environment !== undefined ? { environment: input.environment } : {}),
        ...(input.is_active !== undefined ? { is_active: input.is_active ? 1 : 0 } : {}),
        ...(split ? { settings: JSON.stringify(split.settings) } : {}),
        ...(input.tin !== undefined ? { tin: input.tin } : {}),
        ...(input.bhf_id !== undefined ? { bhf_id: input.bhf_id } : {}),
        ...(input.dvc_srl_no !== undefined ? { dvc_srl_no: input.dvc_srl_no } : {}),
        // Secrets are rewritten only when this request changes one, from the row as locked now.
        ...(changesSecrets
          ? { secrets: JSON.stringify(sealAll(deps.secretBox, tenantId, id, JSON.parse(locked.secrets) as Record<string, string>, secretChanges)) }
          : {}),
        updated_at: isoSeconds(deps.clock.now()),
      })
      .where('id', '=', id)
      .where('tenant_id', '=', tenantId)
      .execute();
  });
  return getApp(deps, tenantId, id);
}

/** Stores a secret on an app (e.g. the cmcKey returned by device initialization). */
export async function storeAppSecret(deps: AppServiceDeps, tenantId: string, id: number, field: SecretField, value: string): Promise<void> {
  await withLockedApp(deps, tenantId, id, async (trx, locked) => {
    const sealed = sealAll(deps.secretBox, tenantId, id, JSON.parse(locked.secrets) as Record<string, string>, { [field]: value });
    await trx
      .updateTable('kra_apps')
      .set({ secrets: JSON.stringify(sealed), updated_at: isoSeconds(deps.clock.now()) })
      .where('id', '=', id)
      .execute();
  });
}

/**
 * Runs a read-modify-write of one app row in a transaction that holds the row: FOR UPDATE on
 * PostgreSQL; on SQLite the transaction itself serialises writers. Without it, two PATCHes (or a
 * PATCH and a device initialization) could each write back the secrets they read, and the cmcKey
 * KRA issues only once could be lost.
 */
async function withLockedApp(
  deps: AppServiceDeps,
  tenantId: string,
  id: number,
  fn: (trx: Transaction<Database>, row: AppRow) => Promise<void>,
): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const query = trx.selectFrom('kra_apps').selectAll().where('id', '=', id).where('tenant_id', '=', tenantId);
    const row = await (deps.store.dialect === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
    if (!row) throw notFound('KRA app');
    await fn(trx, row as AppRow);
  });
  // After the commit: a copy read before it must not outlive it (see infra/row-cache.ts).
  await deps.rowCache.invalidate([cacheTags.apps(tenantId)]);
}

export interface AppSelection {
  tenantId: string;
  type: 'portal' | 'etims';
  /** The `X-KRA-App-Id` header as sent, if any. */
  header: string | string[] | undefined;
}

/**
 * Picks the app a KRA call uses: the one named by `X-KRA-App-Id`, or the tenant's only active app of
 * the needed type. Every ambiguous or unusable choice is a 422 that says what to send.
 */
export async function selectApp(deps: AppServiceDeps, sel: AppSelection): Promise<AppWithSecrets> {
  const kind = sel.type === 'portal' ? 'portal' : 'eTIMS';
  if (sel.header !== undefined) {
    // The same rule as ids in paths: digits only, at most MAX_ROW_ID (PostgreSQL cannot compare beyond).
    const parsed = positiveIdParam.safeParse(Array.isArray(sel.header) ? sel.header[0] : sel.header);
    if (!parsed.success) throw validationError({ 'X-KRA-App-Id': ['must be the integer id of one of your KRA apps'] });
    const id = parsed.data;
    const app = await getAppWithSecrets(deps, sel.tenantId, id);
    if (app.type !== sel.type) {
      throw validationError({ 'X-KRA-App-Id': [`app ${id} is a ${app.type} app; this route needs a ${kind} app`] });
    }
    if (!app.is_active) throw validationError({ 'X-KRA-App-Id': [`app ${id} is inactive; activate it with PATCH /api/kra/apps/${id}`] });
    return app;
  }
  const app = await deps.rowCache.read(
    `app:${sel.tenantId}:only-active:${sel.type}`,
    () => onlyActiveApp(deps, sel, kind),
    () => [cacheTags.apps(sel.tenantId)],
  );
  return app!;
}

/** The tenant's only active app of the type; a 422 saying what to do when there is none or several. */
async function onlyActiveApp(deps: AppServiceDeps, sel: AppSelection, kind: string): Promise<AppWithSecrets> {
  const active = await deps.db
    .selectFrom('kra_apps')
    .selectAll()
    .where('tenant_id', '=', sel.tenantId)
    .where('type', '=', sel.type)
    .where('is_active', '=', 1)
    .orderBy('id')
    .execute();
  if (active.length === 1) return withSecrets(deps, active[0] as AppRow);
  if (active.length === 0) {
    throw validationError({ 'X-KRA-App-Id': [`you have no active ${kind} app; create one with POST /api/kra/apps`] });
  }
  throw validationError({
    'X-KRA-App-Id': [`you have ${active.length} active ${kind} apps (${active.map((a) => a.id).join(', ')}); send X-KRA-App-Id to choose one`],
  });
}

async function findRow(deps: AppServiceDeps, tenantId: string, id: number): Promise<AppRow> {
  const row = await deps.db.selectFrom('kra_apps').selectAll().where('id', '=', id).where('tenant_id', '=', tenantId).executeTakeFirst();
  if (!row) throw notFound('KRA app');
  return row as AppRow;
}

function sealAll(
  box: SecretBox,
  tenantId: string,
  appId: number,
  current: Record<string, string>,
  changes: Record<string, string | null | undefined>,
): Record<string, string> {
  const out = { ...current };
  for (const [field, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    if (value === null) delete out[field];
    else out[field] = box.seal(value, aad(tenantId, appId, field));
  }
  return out;
}

/**
 * Opened secrets by the sealed text they came from. The same ciphertext always opens to the same
 * values, so a KRA call need not decrypt its app's credentials again (the profile of a PIN check
 * showed AES-GCM among its larger costs); a changed credential is a new ciphertext, a new entry.
 * Bounded: the oldest entries go first. The secrets live in this process's memory either way.
 */
const OPENED_CACHE_MAX = 1_000;
const openedBy = new WeakMap<object, Map<string, Pick<AppWithSecrets, 'secrets' | 'apiCredentials'>>>();

function withSecrets(deps: AppServiceDeps, row: AppRow): AppWithSecrets {
  // The box is part of the key: two gateways in one process (tests) may hold different master keys.
  const cacheKey = `${row.tenant_id}\u0000${row.id}\u0000${row.secrets}`;
  let entry = openedBy.get(deps.secretBox)?.get(cacheKey);
  if (!entry) {
    entry = openSecrets(deps, row);
    let cache = openedBy.get(deps.secretBox);
    if (!cache) openedBy.set(deps.secretBox, (cache = new Map()));
    if (cache.size >= OPENED_CACHE_MAX) cache.delete(cache.keys().next().value as string);
    cache.set(cacheKey, entry);
  }
  // Frozen: the row cache hands this one object to many requests. Copies by Object.assign: a copy by
  // spread gets a hidden class that freezing or a new field replaces with a new one, every time, on
  // Node 20 (docs/architecture.md, "Hidden classes").
  return freezeDeep(
    Object.assign(toDetail(row), { tenant_id: row.tenant_id, secrets: Object.assign({}, entry.secrets), apiCredentials: entry.apiCredentials }),
  );
}

function openSecrets(deps: AppServiceDeps, row: AppRow): Pick<AppWithSecrets, 'secrets' | 'apiCredentials'> {
  const sealed = JSON.parse(row.secrets) as Record<string, string>;
  const open = (field: string, envelope: string): string => {
    try {
      return deps.secretBox.open(envelope, aad(row.tenant_id, row.id, field));
    } catch {
      throw new ApiError('internal_error', `Stored credentials of KRA app ${row.id} cannot be decrypted with the configured master key.`);
    }
  };
  const secrets: Partial<Record<SecretField, string>> = {};
  for (const field of SECRET_FIELDS) {
    const envelope = sealed[field];
    if (envelope) secrets[field] = open(field, envelope);
  }
  const apiFields: Record<string, string> = {};
  for (const [field, envelope] of Object.entries(sealed)) {
    if (field.startsWith(API_SECRET_PREFIX) && envelope) apiFields[field] = open(field, envelope);
  }
  return { secrets, apiCredentials: collectApiCredentials(apiFields) };
}

function toSummary(row: AppRow): AppSummary {
  return {
    id: Number(row.id),
    name: row.name,
    type: row.type,
    environment: row.environment,
    is_active: Boolean(row.is_active),
    last_used_at: row.last_used_at,
    created_at: row.created_at,
  };
}

function toDetail(row: AppRow): AppDetail {
  const sealed = JSON.parse(row.secrets) as Record<string, string>;
  // Added to the summary, not spread into a new literal: that made a hidden class per app read on
  // Node 20 (docs/architecture.md, "Hidden classes").
  return Object.assign(toSummary(row), {
    settings: JSON.parse(row.settings) as Record<string, unknown>,
    tin: row.tin,
    bhf_id: row.bhf_id,
    dvc_srl_no: row.dvc_srl_no,
    credentials_set: [
      ...SECRET_FIELDS.filter((f) => Boolean(sealed[f])),
      ...Object.keys(sealed)
        .filter((f) => f.startsWith(API_SECRET_PREFIX) && Boolean(sealed[f]))
        .sort(),
    ],
    updated_at: row.updated_at,
  });
}
