/**
 * `ushuru etims init|import|sync|status`: an eTIMS branch's device and reference data, through the
 * gateway. (`ushuru etims reconcile` is `ushuru reports reconcile`, kept here where eTIMS users look.)
 */
import type { Command } from 'commander';
import { apiCommand, clientOf, type CommonFlags } from './command.js';
import { CliError, formatFields, formatTable, printJson, writeOut } from './output.js';
import { progressBar } from './progress.js';
import { registerReconcileCommand } from './reconcile.js';

/**
 * The datasets `POST /api/etims/sync/{dataset}` takes, in the order `all` syncs them. Kept here
 * rather than imported from the server's sync module so that the CLI does not load the store layer;
 * a test checks the two lists agree.
 */
export const SYNC_DATASETS = ['codes', 'item-classes', 'notices', 'branches', 'items', 'imported-items', 'purchases', 'stock-moves'] as const;

interface SyncOutcome {
  dataset: string;
  status: string;
  result_cd?: string;
  records: number;
  cursor?: string;
}

interface SyncCursor {
  dataset: string;
  last_req_dt: string | null;
  last_result_cd: string | null;
  last_error: string | null;
  last_success_at: string | null;
  records_last_run: number;
  running: boolean;
}

interface DeviceView {
  app_id: number;
  app_name: string;
  environment: string;
  tin: string;
  bhf_id: string;
  dvc_srl_no: string;
  initialized: boolean;
  sdc_id: string | null;
  mrc_no: string | null;
  initialized_at: string | null;
  info?: { taxprNm?: string; bhfNm?: string } | null;
}

interface OutboxView {
  app_id: number;
  depth: number;
  by_status: Record<string, number>;
  last_invoice_number: number | null;
  oldest_waiting: { id: number; created_at?: string } | null;
}

export function registerEtimsCommands(program: Command): void {
  const etims = program.command('etims').description('eTIMS OSCU: device, reference data, status');

  apiCommand(etims, 'init', "Initialize the app's device on KRA (selectInitOsdcInfo); the gateway keeps the cmcKey sealed", [
    'ushuru etims init --app 2',
  ]).action(async (opts: CommonFlags) => {
    const { sdk } = clientOf(opts);
    const info = (await sdk.etims.device.initialize()) as Record<string, unknown>;
    if (opts.json) return printJson(info);
    writeOut(
      `Device initialized on KRA.\n${formatFields([
        ['Taxpayer', info.taxprNm],
        ['PIN / branch', `${String(info.tin ?? '-')} / ${String(info.bhfId ?? '-')}`],
        ['Branch name', info.bhfNm],
        ['SDC id', info.sdcId],
        ['MRC number', info.mrcNo],
      ])}\nNext: \`ushuru etims sync\` to fetch KRA's code lists and item classes.`,
    );
  });

  apiCommand(etims, 'import', 'Record a device initialized elsewhere (KRA answers 902 to a second init): its cmcKey and control-unit ids', [
    'ushuru etims import --app 2 --cmc-key f0b9831bd2334874b7ec815e40347bc4 --sdc-id KRACU013000001 --mrc-no WIS01000150',
  ])
    .requiredOption('--cmc-key <key>', 'the cmcKey KRA gave at the first initialization')
    .requiredOption('--sdc-id <id>', 'the SDC id (sdcId)')
    .requiredOption('--mrc-no <no>', 'the MRC number (mrcNo)')
    .option('--dvc-id <id>', 'the device id (dvcId)')
    .action(async (opts: CommonFlags & { cmcKey: string; sdcId: string; mrcNo: string; dvcId?: string }) => {
      const { sdk } = clientOf(opts);
      const result = await sdk.etims.device.import({
        cmc_key: opts.cmcKey,
        sdc_id: opts.sdcId,
        mrc_no: opts.mrcNo,
        ...(opts.dvcId ? { dvc_id: opts.dvcId } : {}),
      });
      if (opts.json) return printJson(result);
      writeOut('Device recorded: the cmcKey checked with KRA and stored sealed.');
    });

  apiCommand(etims, 'sync [dataset]', `Fetch reference data from KRA now (${SYNC_DATASETS.join(', ')}; default all), incrementally from each cursor`, [
    'ushuru etims sync',
    'ushuru etims sync codes --full',
    'ushuru etims sync items --app 2 --json',
  ])
    .option('--full', 'start from 20180101000000 instead of the stored cursor')
    .action(async (dataset: string | undefined, opts: CommonFlags & { full?: boolean }) => {
      if (dataset !== undefined && dataset !== 'all' && !(SYNC_DATASETS as readonly string[]).includes(dataset)) {
        throw new CliError(`Unknown dataset "${dataset}". Choose one of: ${SYNC_DATASETS.join(', ')}, all.`);
      }
      const datasets = dataset === undefined || dataset === 'all' ? SYNC_DATASETS : [dataset];
      const { sdk } = clientOf(opts);
      const bar = progressBar(' {bar} {value}/{total} | {dataset} | {records} records');
      const results: Array<SyncOutcome | { dataset: string; status: 'failed'; error: string }> = [];
      let records = 0;
      bar.start(datasets.length, { dataset: '', records });
      // One request per dataset (rather than `all` in one) so that the bar moves and one failure does not hide the rest.
      for (const name of datasets) {
        bar.update(results.length, { dataset: name, records });
        try {
          const out = (await sdk.etims.sync.run(name, { full: opts.full === true })) as unknown as SyncOutcome;
          records += out.records;
          results.push(out);
        } catch (err) {
          results.push({ dataset: name, status: 'failed', error: err instanceof Error ? err.message.split('\n')[0]! : String(err) });
        }
        bar.increment({ dataset: name, records });
      }
      bar.stop();
      const failures = results.filter((r) => r.status === 'failed').length;
      if (failures > 0) process.exitCode = 1;
      if (opts.json) return printJson(results);
      writeOut(
        `Synced ${datasets.length} dataset(s): ${records} record(s), ${failures} failure(s).\n${formatTable(results, [
          { header: 'DATASET', value: (r) => r.dataset },
          { header: 'STATUS', value: (r) => r.status },
          { header: 'RECORDS', value: (r) => ('records' in r ? r.records : undefined), align: 'right' },
          { header: 'CURSOR / ERROR', value: (r) => ('error' in r ? r.error : r.cursor) },
        ])}`,
      );
    });

  apiCommand(etims, 'status', 'The branch at a glance: device, last sync of each dataset, what waits in the outbox', [
    'ushuru etims status --app 2',
    'ushuru etims status --json',
  ]).action(async (opts: CommonFlags) => {
    const { sdk } = clientOf(opts);
    const [device, sync, outbox] = (await Promise.all([sdk.etims.device.info(), sdk.etims.sync.status(), sdk.etims.outbox()])) as [
      DeviceView,
      SyncCursor[],
      OutboxView,
    ];
    if (opts.json) return printJson({ device, sync, outbox });
    const lines = [
      formatFields([
        ['App', `${device.app_id} ${device.app_name} (${device.environment})`],
        ['PIN / branch', `${device.tin} / ${device.bhf_id}${device.info?.bhfNm ? ` ${device.info.bhfNm}` : ''}`],
        ['Taxpayer', device.info?.taxprNm],
        [
          'Device',
          device.initialized
            ? `initialized ${device.initialized_at ?? ''} (SDC ${device.sdc_id ?? '-'}, MRC ${device.mrc_no ?? '-'})`
            : 'NOT initialized: run `ushuru etims init`',
        ],
        [
          'Outbox',
          `${outbox.depth} waiting, ${outbox.by_status.signed ?? 0} signed, ${outbox.by_status.rejected ?? 0} rejected; last KRA invoice ${outbox.last_invoice_number ?? '-'}`,
        ],
      ]),
      '',
      sync.length === 0
        ? 'Reference data: never synced. Run `ushuru etims sync`.'
        : formatTable(sync, [
            { header: 'DATASET', value: (s) => s.dataset },
            { header: 'LAST SUCCESS', value: (s) => s.last_success_at },
            { header: 'RESULT', value: (s) => s.last_result_cd },
            { header: 'RECORDS', value: (s) => s.records_last_run, align: 'right' },
            { header: 'CURSOR', value: (s) => s.last_req_dt },
            { header: 'ERROR', value: (s) => (s.running ? 'running now' : s.last_error) },
          ]),
    ];
    writeOut(lines.join('\n'));
  });

  registerReconcileCommand(etims);
}
