/**
 * Proformas (PS receipts, never sent to KRA) and the opaque id of a document's public verification
 * page (`/v/{public_id}`), given when its receipt is first printed before KRA signed it.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../db.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('etims_proformas')
    .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('app_id', 'integer', (c) => c.notNull().references('kra_apps.id').onDelete('cascade'))
    .addColumn('tin', 'text', (c) => c.notNull())
    .addColumn('bhf_id', 'text', (c) => c.notNull())
    .addColumn('reference', 'text')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('print_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('valid_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('etims_proformas_app').on('etims_proformas').columns(['app_id', 'id']).execute();
  await db.schema.alterTable('etims_documents').addColumn('public_id', 'text').execute();
  await db.schema.createIndex('etims_documents_public_id').unique().on('etims_documents').column('public_id').execute();
}
