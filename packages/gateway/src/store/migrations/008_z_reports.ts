/** Z reports: one closed day per branch, numbered, never changed once taken. */
import type { Kysely } from 'kysely';
import type { Dialect } from '../db.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('etims_z_reports')
    .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('app_id', 'integer', (c) => c.notNull().references('kra_apps.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('report_date', 'text', (c) => c.notNull())
    .addColumn('totals', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('etims_z_reports_number').unique().on('etims_z_reports').columns(['app_id', 'number']).execute();
  await db.schema.createIndex('etims_z_reports_date').unique().on('etims_z_reports').columns(['app_id', 'report_date']).execute();
}
