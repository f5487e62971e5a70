/**
 * The KRA-compatible OSCU endpoint (docs/oscu-endpoint.md): per eTIMS app, the credentials an
 * existing integration uses instead of KRA's (a virtual cmcKey, OAuth client credentials for host B)
 * and the bearer tokens issued to it; and, on documents, the `invcNo` the integration gave a sale,
 * so that its retry finds the document it already stored.
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../db.js';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('oscu_credentials')
    .addColumn('app_id', 'integer', (c) => c.primaryKey().references('kra_apps.id').onDelete('cascade'))
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    // The random path segment of the endpoint's URLs; not the app's id, so URLs reveal nothing.
    .addColumn('opaque_id', 'text', (c) => c.notNull().unique())
    // SHA-256 (hex) of the virtual cmcKey and of the client secret; null once revoked.
    .addColumn('cmc_key_hash', 'text')
    // The virtual cmcKey sealed with the master key: KRA's init answer carries the key, a hash cannot.
    .addColumn('cmc_key_sealed', 'text')
    .addColumn('client_id', 'text', (c) => c.notNull().unique())
    .addColumn('client_secret_hash', 'text')
    // When a host-A init first answered the key (KRA answers it once; 902 afterwards).
    .addColumn('init_answered_at', 'text')
    .addColumn('revoked_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('oscu_bearer_tokens')
    // SHA-256 (hex) of the bearer token; the token itself is never stored.
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('app_id', 'integer', (c) => c.notNull().references('kra_apps.id').onDelete('cascade'))
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('oscu_bearer_tokens_app').on('oscu_bearer_tokens').columns(['app_id', 'expires_at']).execute();

  // The integration's own invcNo of a document it sent through the endpoint (null for every other
  // document). One live document per number and branch; a refused one frees its number, as on KRA.
  await db.schema.alterTable('etims_documents').addColumn('oscu_invc_no', 'integer').execute();
  await db.schema
    .createIndex('etims_documents_oscu_invc_no')
    .unique()
    .on('etims_documents')
    .columns(['app_id', 'family', 'oscu_invc_no'])
    .where(sql.ref('status'), '!=', 'rejected')
    .execute();
}
