/**
 * `ushuru etims sale <file|-> --app ID [--wait MS] [--json]`: submits a sale (the body of
 * `POST /api/etims/sales`, as JSON) from this process, on the same store as the server, and waits
 * for KRA's signature. `ushuru etims outbox [--app ID]` shows what waits in the outbox.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { getAppWithSecrets } from '../apps/service.js';
import { loadConfig } from '../config.js';
import { ApiError } from '../errors.js';
import { acceptSale } from '../etims/documents/accept.js';
import { saleInput } from '../etims/documents/input.js';
import { PENDING_STATUSES } from '../etims/documents/outbox.js';
import { presentDocument } from '../etims/documents/records.js';
import { parseOr422 } from '../etims/validate.js';
import { withCallContext } from '../requestlog/call-context.js';
import { createRuntime, type Runtime } from '../runtime.js';

/** The runtime of a CLI command: the server's store and config, quieter logs. */
export async function openRuntime(): Promise<Runtime> {
  const config = { ...loadConfig(), logLevel: 'warn' as const };
  // A simulator app needs the simulator the server runs: reach it on its fixed port (default 8090).
  const simPort = config.simulator.port;
  return createRuntime(config, { simulatorUrl: () => (typeof simPort === 'number' && simPort > 0 ? `http://127.0.0.1:${simPort}` : undefined) });
}

/** An ApiError as the lines a person needs: the message, then each field. */
export function describeError(err: ApiError): string {
  const errors = (err.details.errors ?? {}) as Record<string, string[]>;
  const fields = Object.entries(errors).map(([field, messages]) => `  ${field}: ${messages.join('; ')}`);
  return [err.message, ...fields].join('\n');
}

/** The active eTIMS app `--app` names, or the only one there is. */
export async function findEtimsApp(runtime: Runtime, appRef: string | undefined) {
  let query = runtime.deps.db.selectFrom('kra_apps').select(['id', 'tenant_id']).where('type', '=', 'etims').where('is_active', '=', 1);
  if (appRef !== undefined) {
    if (!/^\d{1,9}$/.test(appRef)) throw new Error(`--app must be the id of an eTIMS app, got "${appRef}".`);
    query = query.where('id', '=', Number(appRef));
  }
  const apps = await query.execute();
  if (apps.length === 0) throw new Error(appRef ? `No active eTIMS app ${appRef}.` : 'No active eTIMS app.');
  if (apps.length > 1) throw new Error(`${apps.length} active eTIMS apps: choose one with --app (${apps.map((a) => a.id).join(', ')}).`);
  return getAppWithSecrets(runtime.deps, apps[0]!.tenant_id, Number(apps[0]!.id));
}

/** Registers `ushuru etims sale` and `ushuru etims outbox` under `etims`. */
export function registerEtimsDocumentCommands(etims: Command): void {
  etims
    .command('sale <file>')
    .description('Submit a sale (JSON body of POST /api/etims/sales; "-" reads stdin) and wait for KRA to sign it')
    .option('--app <id>', 'the eTIMS app (branch) to sell on; required when there are several')
    .option('--wait <ms>', 'how long to wait for KRA before leaving the sale queued', '30000')
    .option('--json', 'print the document as JSON')
    .action(async (file: string, opts: { app?: string; wait: string; json?: boolean }) => {
      const waitMs = Number(opts.wait);
      if (!Number.isInteger(waitMs) || waitMs < 0) throw new Error(`--wait must be a whole number of milliseconds, got "${opts.wait}".`);
      const text = readFileSync(file === '-' ? 0 : file, 'utf8');
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw new Error(`${file} is not JSON.`);
      }
      const runtime = await openRuntime();
      try {
        const app = await findEtimsApp(runtime, opts.app);
        const deps = runtime.deps;
        const doc = await withCallContext(
          { tenantId: app.tenant_id, tokenId: null, route: 'cli:etims sale', requestId: `cli_${process.pid}_sale` },
          async () => {
            const accepted = await acceptSale(deps, app, parseOr422(saleInput, body), { registerItems: false });
            const deadline = Date.now() + waitMs;
            let row = accepted;
            // Bounded: each drain sends what is due; between drains the backoff runs.
            while ((PENDING_STATUSES as readonly string[]).includes(row.status) && Date.now() < deadline) {
              await deps.outbox.drain(app.id);
              row = await deps.outbox.waitForOutcome(accepted.id, Math.min(500, Math.max(0, deadline - Date.now())));
            }
            return row;
          },
        );
        const shown = presentDocument(doc, app.environment);
        if (opts.json) console.log(JSON.stringify(shown, null, 2));
        else if (doc.status === 'signed')
          console.log(
            `Sale ${doc.trd_invc_no} signed by KRA: invoice ${doc.invc_no}, receipt ${shown.receipt?.curRcptNo ?? '?'}/${shown.receipt?.totRcptNo ?? '?'}, total ${doc.tot_amt}.\n` +
              `  signature ${shown.receipt?.rcptSign ?? ''}\n  verify at ${shown.receipt?.verification_url ?? ''}`,
          );
        else console.log(`Sale ${doc.trd_invc_no} is ${doc.status} (id ${doc.id})${doc.kra_result_msg ? `: ${doc.kra_result_msg}` : ''}.`);
        if (doc.status === 'rejected') process.exitCode = 1;
      } catch (err) {
        if (err instanceof ApiError) throw new Error(describeError(err));
        throw err;
      } finally {
        await runtime.close();
      }
    });

  etims
    .command('outbox')
    .description('Show the documents waiting in the eTIMS outbox, per app')
    .option('--app <id>', 'only this eTIMS app')
    .option('--json', 'print JSON')
    .action(async (opts: { app?: string; json?: boolean }) => {
      const runtime = await openRuntime();
      try {
        let query = runtime.deps.db
          .selectFrom('etims_documents')
          .select((eb) => ['app_id', 'status', eb.fn.count<number>('id').as('n'), eb.fn.min('created_at').as('oldest')])
          .where('status', 'in', [...PENDING_STATUSES])
          .groupBy(['app_id', 'status'])
          .orderBy('app_id');
        if (opts.app) query = query.where('app_id', '=', Number(opts.app));
        const rows = (await query.execute()).map((r) => ({ app_id: r.app_id, status: r.status, waiting: Number(r.n), oldest_created_at: r.oldest }));
        if (opts.json) console.log(JSON.stringify(rows));
        else if (rows.length === 0) console.log('The outbox is empty: every document has been signed or rejected.');
        else for (const r of rows) console.log(`app ${r.app_id}  ${r.status.padEnd(8)} ${String(r.waiting).padStart(6)}  oldest ${r.oldest_created_at}`);
      } finally {
        await runtime.close();
      }
    });
}
