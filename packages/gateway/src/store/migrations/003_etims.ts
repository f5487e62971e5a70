/**
 * eTIMS OSCU: initialized devices, per-(app, dataset) sync cursors with a lease, and the synced
 * copies of KRA's reference data, items, customers, imports, incoming purchases and stock moves.
 * Portable: ISO text timestamps, 0/1 integers, JSON as text, composite primary keys for upserts.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../db.js';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  const appRef = 'kra_apps.id';

  await db.schema
    .createTable('etims_devices')
    .addColumn('app_id', 'integer', (c) => c.primaryKey().references(appRef).onDelete('cascade'))
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('tin', 'text', (c) => c.notNull())
    .addColumn('bhf_id', 'text', (c) => c.notNull())
    .addColumn('dvc_srl_no', 'text', (c) => c.notNull())
    .addColumn('sdc_id', 'text')
    .addColumn('mrc_no', 'text')
    .addColumn('dvc_id', 'text')
    .addColumn('taxpr_nm', 'text')
    .addColumn('bhf_nm', 'text')
    .addColumn('info', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('initialized_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('etims_devices_tenant').on('etims_devices').column('tenant_id').execute();

  await db.schema
    .createTable('etims_sync_cursors')
    .addColumn('app_id', 'integer', (c) => c.notNull().references(appRef).onDelete('cascade'))
    .addColumn('dataset', 'text', (c) => c.notNull())
    .addColumn('last_req_dt', 'text')
    .addColumn('last_result_cd', 'text')
    .addColumn('last_error', 'text')
    .addColumn('last_attempt_at', 'text')
    .addColumn('last_success_at', 'text')
    .addColumn('records_last_run', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    .addPrimaryKeyConstraint('etims_sync_cursors_pk', ['app_id', 'dataset'])
    .execute();

  const synced = (t: string) =>
    db.schema
      .createTable(t)
      .addColumn('app_id', 'integer', (c) => c.notNull().references(appRef).onDelete('cascade'))
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('synced_at', 'text', (c) => c.notNull());

  await synced('etims_codes')
    .addColumn('cd_cls', 'text', (c) => c.notNull())
    .addColumn('cd', 'text', (c) => c.notNull())
    .addColumn('cd_cls_nm', 'text')
    .addColumn('cd_nm', 'text')
    .addColumn('use_yn', 'text')
    .addColumn('srt_ord', 'integer')
    .addPrimaryKeyConstraint('etims_codes_pk', ['app_id', 'cd_cls', 'cd'])
    .execute();

  await synced('etims_item_classes')
    .addColumn('item_cls_cd', 'text', (c) => c.notNull())
    .addColumn('item_cls_nm', 'text')
    .addColumn('item_cls_lvl', 'integer')
    .addColumn('tax_ty_cd', 'text')
    .addColumn('use_yn', 'text')
    .addPrimaryKeyConstraint('etims_item_classes_pk', ['app_id', 'item_cls_cd'])
    .execute();

  await synced('etims_notices')
    .addColumn('notice_no', 'integer', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('reg_dt', 'text')
    .addPrimaryKeyConstraint('etims_notices_pk', ['app_id', 'notice_no'])
    .execute();

  await synced('etims_branches')
    .addColumn('bhf_id', 'text', (c) => c.notNull())
    .addColumn('bhf_nm', 'text')
    .addColumn('bhf_stts_cd', 'text')
    .addColumn('hq_yn', 'text')
    .addPrimaryKeyConstraint('etims_branches_pk', ['app_id', 'bhf_id'])
    .execute();

  await synced('etims_imported_items')
    .addColumn('task_cd', 'text', (c) => c.notNull())
    .addColumn('dcl_de', 'text', (c) => c.notNull())
    .addColumn('item_seq', 'integer', (c) => c.notNull())
    .addColumn('item_nm', 'text')
    .addColumn('hs_cd', 'text')
    .addColumn('status_cd', 'text')
    .addPrimaryKeyConstraint('etims_imported_items_pk', ['app_id', 'task_cd', 'dcl_de', 'item_seq'])
    .execute();

  await synced('etims_purchases_incoming')
    .addColumn('purchase_key', 'text', (c) => c.notNull())
    .addColumn('spplr_tin', 'text')
    .addColumn('spplr_nm', 'text')
    .addColumn('spplr_invc_no', 'text')
    .addColumn('sales_dt', 'text')
    .addColumn('tot_amt', 'double precision')
    .addPrimaryKeyConstraint('etims_purchases_incoming_pk', ['app_id', 'purchase_key'])
    .execute();

  await synced('etims_stock_moves')
    .addColumn('move_key', 'text', (c) => c.notNull())
    .addColumn('cust_tin', 'text')
    .addColumn('cust_bhf_id', 'text')
    .addColumn('sar_no', 'integer')
    .addColumn('ocrn_dt', 'text')
    .addColumn('tot_amt', 'double precision')
    .addPrimaryKeyConstraint('etims_stock_moves_pk', ['app_id', 'move_key'])
    .execute();

  // Items belong to a PIN (an item code is unique per TIN, docs/kra/etims-oscu.md §6.1), not to one branch.
  await db.schema
    .createTable('etims_items')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('tin', 'text', (c) => c.notNull())
    .addColumn('item_cd', 'text', (c) => c.notNull())
    .addColumn('app_id', 'integer', (c) => c.references(appRef).onDelete('set null'))
    .addColumn('item_nm', 'text', (c) => c.notNull())
    .addColumn('item_cls_cd', 'text')
    .addColumn('item_ty_cd', 'text')
    .addColumn('tax_ty_cd', 'text')
    .addColumn('dft_prc', 'double precision')
    .addColumn('use_yn', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('etims_items_pk', ['tenant_id', 'tin', 'item_cd'])
    .execute();

  await db.schema
    .createTable('etims_item_code_seq')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('tin', 'text', (c) => c.notNull())
    .addColumn('next_seq', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('etims_item_code_seq_pk', ['tenant_id', 'tin'])
    .execute();

  await db.schema
    .createTable('etims_item_compositions')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('tin', 'text', (c) => c.notNull())
    .addColumn('item_cd', 'text', (c) => c.notNull())
    .addColumn('cpst_item_cd', 'text', (c) => c.notNull())
    .addColumn('cpst_qty', 'double precision', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('etims_item_compositions_pk', ['tenant_id', 'tin', 'item_cd', 'cpst_item_cd'])
    .execute();

  // Customers, users and insurers are saved per branch (saveBhf*), so they hang off the app.
  const branchRecord = (t: string, key: string) =>
    db.schema
      .createTable(t)
      .addColumn('app_id', 'integer', (c) => c.notNull().references(appRef).onDelete('cascade'))
      .addColumn(key, 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint(`${t}_pk`, ['app_id', key]);
  await branchRecord('etims_customers', 'cust_no').addColumn('cust_tin', 'text').execute();
  await branchRecord('etims_branch_users', 'user_id').execute();
  await branchRecord('etims_insurances', 'isrcc_cd').execute();
}
