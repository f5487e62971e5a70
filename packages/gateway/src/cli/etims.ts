/**
 * `ushuru etims sync [dataset] [--full] [--app ID] [--tenant ID]`: syncs eTIMS reference data for
 * one app or every active eTIMS app, with a progress bar and a summary. Talks to KRA directly
 * from this process (same store, same leases as the server's worker).
 */
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { getAppWithSecrets } from '../apps/service.js';
import { loadConfig } from '../config.js';
import { ApiError } from '../errors.js';
import { DATASET_NAMES, isDatasetName, type DatasetName } from '../etims/sync/datasets.js';
import { syncDataset } from '../etims/sync/service.js';
import { withCallContext } from '../requestlog/call-context.js';
import { createRuntime } from '../runtime.js';
import { registerEtimsReconcileCommand } from './etims-reconcile.js';
import { registerEtimsDocumentCommands } from './etims-sale.js';

interface SyncOptions {
  full?: boolean;
  app?: string;
  tenant?: string;
}

/** Registers `ushuru etims …`. */
export function registerEtimsCommands(program: Command): void {
  const etims = program.command('etims').description('eTIMS OSCU tools');
  registerEtimsDocumentCommands(etims);
  registerEtimsReconcileCommand(etims);
  etims
    .command('sync [dataset]')
    .description(`Sync reference data from KRA (${DATASET_NAMES.join(', ')}; default: all)`)
    .option('--full', 'start from 20180101000000 instead of the stored cursor')
    .option('--app <id>', 'only this eTIMS app')
    .option('--tenant <id>', "only this tenant's eTIMS apps")
    .action(async (dataset: string | undefined, opts: SyncOptions) => {
      if (dataset !== undefined && dataset !== 'all' && !isDatasetName(dataset)) {
        throw new Error(`Unknown dataset "${dataset}". Choose one of: ${DATASET_NAMES.join(', ')}, all.`);
      }
      const datasets: readonly DatasetName[] = dataset === undefined || dataset === 'all' ? DATASET_NAMES : [dataset];
      const config = { ...loadConfig(), logLevel: 'warn' as const };
      // A simulator app needs the simulator the server runs: reach it on its fixed port (default 8090).
      const simPort = config.simulator.port;
      const runtime = await createRuntime(config, {
        simulatorUrl: () => (typeof simPort === 'number' && simPort > 0 ? `http://127.0.0.1:${simPort}` : undefined),
      });
      try {
        let query = runtime.deps.db.selectFrom('kra_apps').select(['id', 'tenant_id', 'name']).where('type', '=', 'etims').where('is_active', '=', 1);
        if (opts.app) query = query.where('id', '=', Number(opts.app));
        if (opts.tenant) query = query.where('tenant_id', '=', opts.tenant);
        const apps = await query.orderBy('id').execute();
        if (apps.length === 0) throw new Error('No active eTIMS app matches.');

        const bar = new SingleBar({ format: ' {bar} {value}/{total} | app {app} {dataset} | {records} records', hideCursor: true }, Presets.shades_classic);
        const rows: string[] = [];
        let failures = 0;
        let total = 0;
        bar.start(apps.length * datasets.length, 0, { app: '', dataset: '', records: 0 });
        for (const a of apps) {
          const app = await getAppWithSecrets(runtime.deps, a.tenant_id, Number(a.id));
          for (const name of datasets) {
            bar.update({ app: a.id, dataset: name, records: total });
            try {
              const out = await withCallContext(
                { tenantId: a.tenant_id, tokenId: null, route: 'cli:etims sync', requestId: `cli_${process.pid}_${a.id}_${name}` },
                () => syncDataset(runtime.deps, app, name, { full: opts.full === true }),
              );
              total += out.records;
              rows.push(`  app ${a.id}  ${name.padEnd(15)} ${out.status.padEnd(11)} ${String(out.records).padStart(6)} records  cursor ${out.cursor}`);
            } catch (err) {
              failures++;
              const message = err instanceof ApiError || err instanceof Error ? err.message : String(err);
              rows.push(`  app ${a.id}  ${name.padEnd(15)} FAILED      ${message}`);
            }
            bar.increment(1, { records: total });
          }
        }
        bar.stop();
        console.log(`\nSynced ${apps.length} app(s), ${datasets.length} dataset(s) each: ${total} record(s), ${failures} failure(s).\n${rows.join('\n')}`);
        if (failures > 0) process.exitCode = 1;
      } finally {
        await runtime.close();
      }
    });
}
