/**
 * Finding the registered item a document line names. Items registered on KRA by other software are
 * known here once the app's items have been synced: when a code is missing and the app never
 * synced its items, they are synced once, then looked up again.
 */
import { TAX_BANDS } from '@ushuru/kra';
import type { AppWithSecrets } from '../../apps/service.js';
import type { GatewayDeps } from '../../deps.js';
import type { FieldErrors } from '../../errors.js';
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

/**
 * The registered item of each line (`{}` for a line whose item is missing, with its 422 message in
 * `errors` under `lines.{i}.item_code`); lines whose item has no tax band are reported too.
 */
export async function lineItems(
  deps: GatewayDeps,
  app: AppWithSecrets,
  lines: ReadonlyArray<{ item_code: string }>,
  errors: FieldErrors,
): Promise<Array<Record<string, unknown>>> {
  const registered = await registeredItems(
    deps,
    app,
    lines.map((l) => l.item_code),
  );
  return lines.map((line, i) => {
    const item = registered.get(line.item_code);
    if (!item) {
      errors[`lines.${i}.item_code`] = [`${line.item_code} is not a registered item of PIN ${app.tin ?? ''} (register it with POST /api/etims/items)`];
      return {};
    }
    if (!(TAX_BANDS as readonly string[]).includes(String(item.taxTyCd))) errors[`lines.${i}.item_code`] = [`${line.item_code} has no tax band`];
    return item;
  });
}
