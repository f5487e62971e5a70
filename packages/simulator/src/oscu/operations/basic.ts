/** Basic data: #2 `selectCodeList`, #3 `selectCustomer`, #4 `selectNoticeList`. */
import { CODE_CLASSES } from '../fixtures/codes.js';
import { NOTICES } from '../fixtures/notices.js';
import { CODES_REGISTERED_AT } from '../fixtures/stamps.js';
import { noResult, ok, paramError } from '../results.js';
import { branchOf } from '../state.js';
import { parseCompact } from '../time.js';
import type { OscuOperation } from '../types.js';
import { checkFields, str } from '../validate.js';
import { cursorList } from './cursor.js';

/** Code lists (tax types with rates, units, countries, payment types, …). */
export const selectCodeList: OscuOperation = {
  hostA: 'selectCodeList',
  hostB: 'selectCodeList',
  hostBAliases: ['select-code-list'],
  needsDevice: true,
  run: (_ctx, body) => cursorList(body, 'clsList', () => CODE_CLASSES.map((value) => ({ updatedAt: CODES_REGISTERED_AT, value }))),
};

/** KRA announcements, each stamped with its own `regDt`. */
export const selectNoticeList: OscuOperation = {
  hostA: 'selectNoticeList',
  hostB: 'selectNoticeList',
  needsDevice: true,
  run: (_ctx, body) => cursorList(body, 'noticeList', () => NOTICES.map((value) => ({ updatedAt: parseCompact(value.regDt) ?? 0, value }))),
};

export const CUSTOMER_SEARCH_RULES = [str('custmTin', 11)];

/**
 * Customer PIN lookup: KRA's taxpayer registry first (the portal side's), then eTIMS taxpayers
 * simulated here, then customers this branch saved with `saveBhfCustomer`. No cursor (§2.1).
 */
export const selectCustomer: OscuOperation = {
  hostA: 'selectCustomer',
  hostB: 'selectCustomerList',
  hostBAliases: ['customerPinInfo'],
  needsDevice: true,
  run(ctx, body) {
    const problem = checkFields(body, CUSTOMER_SEARCH_RULES);
    if (problem) return paramError(problem);
    const pin = body.custmTin as string;

    const registered = ctx.deps.taxpayers.findTaxpayer(pin);
    if (registered) {
      return ok({
        custList: [
          {
            tin: registered.pin,
            taxprNm: registered.name,
            taxprSttsCd: registered.status === 'Active' ? 'A' : 'D',
            prvncNm: registered.county ?? null,
            dstrtNm: registered.subCounty ?? null,
            sctrNm: registered.locality ?? null,
            locDesc: registered.location ?? null,
          },
        ],
      });
    }
    const profile = ctx.state.taxpayers.get(pin)?.value;
    if (profile) {
      const hq = profile.branches.find((b) => b.hqYn === 'Y') ?? profile.branches[0];
      return ok({
        custList: [
          {
            tin: profile.tin,
            taxprNm: profile.taxprNm,
            taxprSttsCd: 'A',
            prvncNm: hq?.prvncNm ?? null,
            dstrtNm: hq?.dstrtNm ?? null,
            sctrNm: hq?.sctrNm ?? null,
            locDesc: hq?.locDesc ?? null,
          },
        ],
      });
    }
    for (const { value } of branchOf(ctx.state, ctx.tin, ctx.bhfId).customers.values()) {
      if (value.custTin === pin) {
        return ok({
          custList: [
            {
              tin: pin,
              taxprNm: value.custNm,
              taxprSttsCd: value.useYn === 'N' ? 'D' : 'A',
              prvncNm: null,
              dstrtNm: null,
              sctrNm: null,
              locDesc: value.adrs ?? null,
            },
          ],
        });
      }
    }
    return noResult();
  },
};
