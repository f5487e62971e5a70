/**
 * Finding the registered item a document line names. Items registered on KRA by other software are
 * known here once the app's items have been synced: when a code is missing and the app never
 * synced its items, they are synced once, then looked up again.
 */
import type { AppWithSecrets } from '../../apps/service.js';
import type { GatewayDeps } from '../../deps.js';
import { findItem } from '../items-service.js';
import { syncDataset } from '../sync/service.js';

/** Syncs the app's items unless that was done before; true when it synced now. */
export async function syncItemsIfNeverSynced(deps: GatewayDeps, app: AppWithSecrets): Promise<boolean> {
  const cursor = await deps.db
    .selectFrom('etims_sync_cursors')
    .select('last_success_at')
    .where('app_id', '=', app.id)
    .where('dataset', '=', 'items')
    .executeTakeFirst();
  if (cursor?.last_success_at) return false;
  await syncDataset(deps, app, 'items');
  return true;
}

/** Our copy of each registered item among `codes` (a Map by code; missing codes are absent), syncing once when needed. */
export async function registeredItems(deps: GatewayDeps, app: AppWithSecrets, codes: readonly string[]): Promise<Map<string, Record<string, unknown>>> {
  const lookup = async () => {
    const found = new Map<string, Record<string, unknown>>();
    for (const code of new Set(codes)) {
      const row = await findItem(deps, app, code);
      if (row && row.source !== 'pending') found.set(code, { ...(JSON.parse(row.data) as Record<string, unknown>), itemCd: code });
    }
    return found;
  };
  const found = await lookup();
  if (found.size < new Set(codes).size && (await syncItemsIfNeverSynced(deps, app))) return lookup();
  return found;
}
