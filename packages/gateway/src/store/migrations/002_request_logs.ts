/**
 * The request log: one row per KRA call made through the gateway (portal APIs and eTIMS OSCU), for
 * `GET /api/logs`. No foreign key to tenants: log writes are batched and must never fail a batch
 * over a row whose tenant went away.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../db.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('request_logs')
    .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('token_id', 'text')
    .addColumn('app_id', 'integer')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('route', 'text', (c) => c.notNull())
    .addColumn('kra_path', 'text')
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('kra_http_status', 'integer')
    .addColumn('kra_code', 'text')
    .addColumn('error', 'text')
    .addColumn('latency_ms', 'integer', (c) => c.notNull())
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('request_body', 'text')
    .addColumn('response_body', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // Listing is always per tenant, newest first, paged by id; time filters use created_at.
  await db.schema.createIndex('request_logs_tenant_id').on('request_logs').columns(['tenant_id', 'id']).execute();
  await db.schema.createIndex('request_logs_tenant_created').on('request_logs').columns(['tenant_id', 'created_at']).execute();
}
