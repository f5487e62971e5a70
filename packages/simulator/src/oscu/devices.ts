/**
 * Device approval, the simulator's stand-in for KRA's portal service request ("SMS approval"):
 * a device must be approved for (TIN, branch) before `selectInitOsdcInfo` accepts its serial.
 */
import { ITEM_FIXTURES } from './fixtures/items.js';
import { DEVICE_FIXTURES, type DeviceFixture } from './fixtures/taxpayers.js';
import { derivePrng, randomString } from './prng.js';
import { addDevice, deviceKey, itemsOf, type DeviceRecord, type OscuState } from './state.js';
import type { OscuModuleDeps } from './types.js';

/** What `approveDevice` needs; `taxprNm` names a taxpayer the simulator does not know yet. */
export interface ApproveDeviceInput {
  tin: string;
  bhfId: string;
  dvcSrlNo: string;
  taxprNm?: string;
}

/** A device as the control API shows it. `cmcKey` is exposed because this is a test double. */
export type DeviceView = Omit<DeviceFixture, 'cmcKey'> & {
  initialized: boolean;
  cmcKey: string | null;
};

/** Thrown for malformed approval input; the core maps it to a 400 on `/__sim/devices`. */
export class DeviceApprovalError extends Error {
  override name = 'DeviceApprovalError';
}

/** The public view of a device record. */
export function viewDevice(d: DeviceRecord): DeviceView {
  return {
    tin: d.tin,
    bhfId: d.bhfId,
    dvcSrlNo: d.dvcSrlNo,
    kind: d.kind,
    dvcId: d.dvcId,
    sdcId: d.sdcId,
    mrcNo: d.mrcNo,
    initialized: d.cmcKey !== null,
    cmcKey: d.cmcKey,
  };
}

const digits = (rng: () => number, n: number): string => randomString(rng, '0123456789', n);

/**
 * Approves a device for (tin, bhfId). Idempotent for the same serial. Creates the taxpayer
 * profile and branch when unknown (name from `taxprNm`, else the portal registry) and registers
 * the standard fixture items for a new TIN so a sale can follow init immediately.
 */
export function approveDevice(state: OscuState, deps: OscuModuleDeps, input: ApproveDeviceInput): DeviceView {
  const { tin, bhfId, dvcSrlNo } = input;
  if (typeof tin !== 'string' || !/^[A-Z]\d{9}[A-Z]$/.test(tin)) throw new DeviceApprovalError('tin must be an 11-character KRA PIN like P051234567Q');
  if (typeof bhfId !== 'string' || !/^\d{2}$/.test(bhfId)) throw new DeviceApprovalError('bhfId must be 2 digits, e.g. 00');
  if (typeof dvcSrlNo !== 'string' || dvcSrlNo.length === 0 || dvcSrlNo.length > 100) throw new DeviceApprovalError('dvcSrlNo must be 1 to 100 characters');

  const existing = state.devices.get(deviceKey(tin, bhfId, dvcSrlNo));
  if (existing) return viewDevice(existing);

  const now = deps.options.now();
  let profile = state.taxpayers.get(tin);
  if (!profile) {
    const taxprNm = input.taxprNm ?? deps.taxpayers.findTaxpayer(tin)?.name ?? `SIM TAXPAYER ${tin}`;
    profile = { updatedAt: now, value: { tin, taxprNm, bsnsActv: 'business', branches: [] } };
    state.taxpayers.set(tin, profile);
    const items = itemsOf(state, tin);
    for (const item of ITEM_FIXTURES) items.set(item.itemCd, { updatedAt: now, value: { ...structuredClone(item), tin, regBhfId: '00', rraModYn: 'N' } });
  }
  if (!profile.value.branches.some((b) => b.bhfId === bhfId)) {
    const registered = deps.taxpayers.findTaxpayer(tin);
    profile.value.branches.push({
      bhfId,
      bhfNm: bhfId === '00' ? 'Headquarter' : `Branch ${bhfId}`,
      bhfSttsCd: '01',
      bhfOpenDt: '20240502',
      prvncNm: registered?.county ?? 'NAIROBI CITY',
      dstrtNm: registered?.subCounty ?? 'WESTLANDS',
      sctrNm: registered?.locality ?? 'WESTLANDS',
      locDesc: registered?.location ?? 'Nairobi',
      hqYn: bhfId === '00' ? 'Y' : 'N',
      mgrNm: 'Branch Manager',
      mgrTelNo: '0700000000',
      mgrEmail: `bhf${bhfId}@sim.ushuru.local`,
    });
    profile.updatedAt = now;
  }

  const rng = derivePrng(deps.options.seed, 'device', tin, bhfId, dvcSrlNo);
  const record = addDevice(state, {
    tin,
    bhfId,
    dvcSrlNo,
    kind: 'OSCU',
    dvcId: digits(rng, 16),
    sdcId: `KRACU${digits(rng, 9)}`,
    mrcNo: `WIS01${digits(rng, 6)}`,
  });
  return viewDevice(record);
}

/** The devices approved at start, for documentation and for other engineers' tests. */
export const APPROVED_DEVICE_FIXTURES: readonly ApproveDeviceInput[] = DEVICE_FIXTURES.filter((d) => d.kind === 'OSCU').map((d) => ({
  tin: d.tin,
  bhfId: d.bhfId,
  dvcSrlNo: d.dvcSrlNo,
}));
