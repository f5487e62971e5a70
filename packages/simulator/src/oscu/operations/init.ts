/** #1 `selectInitOsdcInfo` / host B `/initialize`: device initialization, the one call without a cmcKey. */
import { derivePrng, HEX_ALPHABET, randomString } from '../prng.js';
import { fail, ok, paramError } from '../results.js';
import { deviceKey } from '../state.js';
import type { OscuOperation } from '../types.js';
import { checkFields, str } from '../validate.js';
import type { BranchProfile } from '../fixtures/taxpayers.js';

export const RULES = [str('tin', 11), str('bhfId', 2), str('dvcSrlNo', 100)];

/** Device initialization. Issues the cmcKey once; a second init answers 902 without it. */
export const selectInitOsdcInfo: OscuOperation = {
  hostA: 'selectInitOsdcInfo',
  hostB: 'initialize',
  needsDevice: false,
  run(ctx, body) {
    const req = { tin: body.tin ?? ctx.tin, bhfId: body.bhfId ?? ctx.bhfId, dvcSrlNo: body.dvcSrlNo };
    const problem = checkFields(req, RULES);
    if (problem) return paramError(problem);
    const { tin, bhfId, dvcSrlNo } = req as { tin: string; bhfId: string; dvcSrlNo: string };

    const device = ctx.state.devices.get(deviceKey(tin, bhfId, dvcSrlNo));
    if (!device) return fail('901');
    if (device.kind !== 'OSCU') return fail('903');
    // The key is issued once and never again (docs/kra/etims-oscu.md §3.1 #1): a lost key needs KRA, not a re-init.
    if (device.cmcKey !== null) return fail('902');

    const profile = ctx.state.taxpayers.get(tin)?.value;
    const branch: BranchProfile | undefined = profile?.branches.find((b) => b.bhfId === bhfId);
    device.cmcKey = issueCmcKey(ctx.deps.options.seed, tin, bhfId, dvcSrlNo, device.presetCmcKey);
    device.initializedAt = ctx.now;
    const counters = ctx.deps.counters.extra;
    counters.devicesInitialized = (counters.devicesInitialized ?? 0) + 1;

    return ok({
      info: {
        tin,
        taxprNm: profile?.taxprNm ?? tin,
        bsnsActv: profile?.bsnsActv ?? 'business',
        bhfId,
        bhfNm: branch?.bhfNm ?? (bhfId === '00' ? 'Headquarter' : `Branch ${bhfId}`),
        bhfOpenDt: branch?.bhfOpenDt ?? '20240502',
        prvncNm: branch?.prvncNm ?? 'NAIROBI CITY',
        dstrtNm: branch?.dstrtNm ?? 'WESTLANDS',
        sctrNm: branch?.sctrNm ?? 'WESTLANDS',
        locDesc: branch?.locDesc ?? null,
        hqYn: branch?.hqYn ?? (bhfId === '00' ? 'Y' : 'N'),
        mgrNm: branch?.mgrNm ?? null,
        mgrTelNo: branch?.mgrTelNo ?? null,
        mgrEmail: branch?.mgrEmail ?? null,
        dvcId: device.dvcId,
        sdcId: device.sdcId,
        mrcNo: device.mrcNo,
        cmcKey: device.cmcKey,
      },
    });
  },
};

/** The cmcKey a device gets on init: the fixture's fixed key, else 32 hex chars derived from the seed. */
export function issueCmcKey(seed: number, tin: string, bhfId: string, dvcSrlNo: string, fixed: string | null): string {
  return fixed ?? randomString(derivePrng(seed, 'cmcKey', tin, bhfId, dvcSrlNo), HEX_ALPHABET, 32);
}
