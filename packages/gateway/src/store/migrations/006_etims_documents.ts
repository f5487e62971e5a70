/**
 * The eTIMS outbox: fiscal documents (sales and credit notes for now) and one queue row per eTIMS app
 * (branch device) holding the branch's lease and KRA's counters. The document row is the queue:
 * status, bound number, attempts, next attempt and KRA's last answer live on it, so accepting a
 * document and queuing it are one insert (docs/architecture.md, "The eTIMS outbox").
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../db.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('etims_documents')
    .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('app_id', 'integer', (c) => c.notNull().references('kra_apps.id').onDelete('cascade'))
    .addColumn('tin', 'text', (c) => c.notNull())
    .addColumn('bhf_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    // The KRA sequence the document is numbered in: `invc` (sales and credit notes share it), `pchs`
    // (purchases), `sar` (stock IO), or `none` (stock master updates, which carry no number).
    .addColumn('family', 'text', (c) => c.notNull())
    .addColumn('trd_invc_no', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('invc_no', 'integer')
    .addColumn('original_id', 'integer')
    // Credit notes: for each of their lines, the index of the sale line it credits (JSON array).
    .addColumn('source_lines', 'text')
    .addColumn('cust_tin', 'text')
    .addColumn('sales_dt', 'text', (c) => c.notNull())
    .addColumn('tot_amt', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('receipt', 'text')
    .addColumn('kra_result_cd', 'text')
    .addColumn('kra_result_msg', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('realignments', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('signed_at', 'text')
    // When the document was reported as delayed (once: log line, metric, webhook).
    .addColumn('delay_reported_at', 'text')
    // Receipts printed: the first is the original, every later one a copy.
    .addColumn('print_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // The trader's own number is unique per branch (a second sale with it is a 409 pointing at the first),
  // except on documents KRA refused: those never reached KRA, and the corrected one takes the number.
  await db.schema
    .createIndex('etims_documents_trd_invc_no')
    .unique()
    .on('etims_documents')
    .columns(['app_id', 'family', 'trd_invc_no'])
    .where(sql.ref('status'), '!=', 'rejected')
    .execute();
  // A number, once bound, belongs to one document of its sequence (sales and credit notes share one).
  await db.schema.createIndex('etims_documents_number').unique().on('etims_documents').columns(['app_id', 'family', 'invc_no']).execute();
  await db.schema.createIndex('etims_documents_queue').on('etims_documents').columns(['app_id', 'status', 'id']).execute();
  await db.schema.createIndex('etims_documents_tenant').on('etims_documents').columns(['tenant_id', 'id']).execute();
  await db.schema.createIndex('etims_documents_original').on('etims_documents').columns(['original_id']).execute();

  await db.schema
    .createTable('etims_branch_queues')
    .addColumn('app_id', 'integer', (c) => c.primaryKey().references('kra_apps.id').onDelete('cascade'))
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    // The last sale/credit-note number KRA accepted on this branch (its counter moves only on success).
    .addColumn('last_invc_no', 'integer', (c) => c.notNull().defaultTo(0))
    // The last stock IO number (`sarNo`) and purchase number KRA accepted on this branch.
    .addColumn('last_sar_no', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_pchs_no', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('blocked_until', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // Stock per branch and item, in hundredths: `qty` counts every accepted document (what the branch
  // may still sell), `kra_qty` only what KRA has recorded (what saveStockMaster reports).
  await db.schema
    .createTable('etims_stock_levels')
    .addColumn('app_id', 'integer', (c) => c.notNull().references('kra_apps.id').onDelete('cascade'))
    .addColumn('item_cd', 'text', (c) => c.notNull())
    .addColumn('qty', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('kra_qty', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('etims_stock_levels_pk', ['app_id', 'item_cd'])
    .execute();
}
