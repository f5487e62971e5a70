/**
 * Device initialization (`selectInitOsdcInfo`, host B `/initialize`): the one call that issues a
 * device's cmcKey. KRA issues it once and never again (a second init answers 902), so the key is
 * sealed onto the app before anything else is written, and it is never returned or logged.
 */
import type { InitOsdcInfo } from '@ushuru/kra';
import { storeAppSecret, type AppWithSecrets } from '../apps/service.js';
import { isoSeconds } from '../clock.js';
import type { GatewayDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { oscuClientForApp, transportOf } from '../kra/clients.js';
import { kraTimestamp } from '../kra/time.js';
import { kraAnswer, resultToApiError } from './result-errors.js';
import { sendOscu } from './oscu-call.js';
import { cacheTags } from '../infra/cache-tags.js';

/** KRA's `data.info` without the cmcKey: what callers see of an initialization. */
export type DeviceInfo = Omit<InitOsdcInfo, 'cmcKey'>;

/** The outcome of an initialization: KRA's result fields and `data.info` without the key. */
export interface InitializeOutcome {
  result: { resultCd: string; resultMsg: string; resultDt: string };
  info: DeviceInfo;
}

/** Initializes the app's device on KRA; stores the cmcKey (sealed) and the device record. */
export async function initializeDevice(deps: GatewayDeps, app: AppWithSecrets): Promise<InitializeOutcome> {
  const { tin, bhf_id: bhfId, dvc_srl_no: dvcSrlNo } = app;
  if (!tin || !bhfId || !dvcSrlNo) {
    throw new ApiError('validation_error', `eTIMS app ${app.id} lacks tin, bhf_id or dvc_srl_no; set them with PATCH /api/kra/apps/${app.id}.`);
  }
  const res = await sendOscu(deps, oscuClientForApp(deps, app), app, 'selectInitOsdcInfo', { tin, bhfId, dvcSrlNo });
  const device = `device serial "${dvcSrlNo}" of PIN ${tin}, branch ${bhfId}`;
  if (res.resultCd === '901') {
    throw new ApiError(
      'kra_error',
      `KRA has not approved ${device}. Request the device on the eTIMS portal (service request) and wait for KRA's approval, or correct dvc_srl_no / bhf_id with PATCH /api/kra/apps/${app.id}.`,
      { kra_response: kraAnswer(res) },
    );
  }
  if (res.resultCd === '902') {
    throw new ApiError(
      'conflict',
      `KRA says ${device} is already initialized, and KRA issues the cmcKey only once. If you kept the cmcKey from the first initialization, store it with PATCH /api/kra/apps/${app.id} {"cmc_key": "<key>"}; or record the whole device with POST /api/etims/device/import {"cmc_key", "sdc_id", "mrc_no"}; otherwise ask KRA support to reset the device.`,
      { kra_response: kraAnswer(res) },
    );
  }
  if (!res.ok) throw resultToApiError(res, 'selectInitOsdcInfo');

  const info = (res.data as { info?: Partial<InitOsdcInfo> } | null)?.info;
  if (!info || typeof info.cmcKey !== 'string' || info.cmcKey === '') {
    throw new ApiError('kra_unavailable', 'KRA answered the device initialization without a cmcKey.', {
      kra_response: { resultCd: res.resultCd, resultMsg: res.resultMsg, resultDt: res.resultDt },
    });
  }
  const { cmcKey, ...rest } = info;
  // First: the key exists nowhere else and KRA will not send it again.
  await storeAppSecret(deps, app.tenant_id, app.id, 'cmc_key', cmcKey);
  const publicInfo = rest as DeviceInfo;
  await saveDeviceRecord(deps, app, publicInfo);
  deps.logger.info({ app_id: app.id, tin, bhf_id: bhfId, sdc_id: publicInfo.sdcId, transport: transportOf(app) }, 'eTIMS device initialized');
  return { result: { resultCd: res.resultCd, resultMsg: res.resultMsg, resultDt: res.resultDt }, info: publicInfo };
}

/** A device initialized elsewhere (another system, a lost database): what the operator kept of it. */
export interface ImportedDevice {
  cmc_key: string;
  sdc_id: string;
  mrc_no: string;
  dvc_id?: string | undefined;
}

/**
 * Records a device initialized elsewhere: its cmcKey (sealed) and control-unit ids. The key is tried
 * first with a cheap authenticated read; KRA refusing it (900–903) means nothing is stored.
 */
export async function importDevice(deps: GatewayDeps, app: AppWithSecrets, device: ImportedDevice) {
  const trial = oscuClientForApp(deps, { ...app, secrets: { ...app.secrets, cmc_key: device.cmc_key } });
  const res = await sendOscu(deps, trial, app, 'selectCodeList', { lastReqDt: kraTimestamp(deps.clock.now()) });
  if (!res.ok) {
    throw new ApiError(
      'kra_error',
      `KRA did not accept this cmcKey for PIN ${app.tin ?? ''}, branch ${app.bhf_id ?? ''}: ${res.resultMsg} (resultCd ${res.resultCd}). Nothing was stored.`,
      {
        kra_response: kraAnswer(res),
      },
    );
  }
  await storeAppSecret(deps, app.tenant_id, app.id, 'cmc_key', device.cmc_key);
  await saveDeviceRecord(
    deps,
    app,
    {
      tin: app.tin ?? '',
      bhfId: app.bhf_id ?? '',
      sdcId: device.sdc_id,
      mrcNo: device.mrc_no,
      ...(device.dvc_id ? { dvcId: device.dvc_id } : {}),
    } as DeviceInfo,
    'imported',
  );
  deps.logger.info({ app_id: app.id, tin: app.tin, bhf_id: app.bhf_id, sdc_id: device.sdc_id }, 'eTIMS device imported');
  return deviceInfo(deps, { ...app, secrets: { ...app.secrets, cmc_key: device.cmc_key } });
}

async function saveDeviceRecord(deps: GatewayDeps, app: AppWithSecrets, info: DeviceInfo, source: 'initialized' | 'imported' = 'initialized'): Promise<void> {
  const now = isoSeconds(deps.clock.now());
  const row = {
    tenant_id: app.tenant_id,
    tin: app.tin ?? info.tin,
    bhf_id: app.bhf_id ?? info.bhfId,
    dvc_srl_no: app.dvc_srl_no ?? '',
    sdc_id: info.sdcId ?? null,
    mrc_no: info.mrcNo ?? null,
    dvc_id: info.dvcId ?? null,
    taxpr_nm: info.taxprNm ?? null,
    bhf_nm: info.bhfNm ?? null,
    info: JSON.stringify(info),
    source,
    updated_at: now,
  };
  await deps.db
    .insertInto('etims_devices')
    .values({ app_id: app.id, ...row, initialized_at: now })
    .onConflict((oc) => oc.column('app_id').doUpdateSet(row))
    .execute();
  await deps.rowCache.invalidate([cacheTags.device(app.id)]);
}

/** What `GET /api/etims/device/info` shows: the app's device identifiers and KRA's init answer (no key). */
export async function deviceInfo(deps: GatewayDeps, app: AppWithSecrets) {
  const row = await deps.db.selectFrom('etims_devices').selectAll().where('app_id', '=', app.id).executeTakeFirst();
  return {
    app_id: app.id,
    app_name: app.name,
    source: row?.source ?? null,
    environment: app.environment,
    transport: transportOf(app),
    tin: app.tin,
    bhf_id: app.bhf_id,
    dvc_srl_no: app.dvc_srl_no,
    initialized: Boolean(row),
    cmc_key_set: Boolean(app.secrets.cmc_key),
    sdc_id: row?.sdc_id ?? null,
    mrc_no: row?.mrc_no ?? null,
    dvc_id: row?.dvc_id ?? null,
    initialized_at: row?.initialized_at ?? null,
    info: row ? (JSON.parse(row.info) as DeviceInfo) : null,
  };
}
