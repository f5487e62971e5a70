/** Branch data: #8 `selectBhfList`, #9 `saveBhfCustomer`, #10 `saveBhfUser`, #11 `saveBhfInsurance`. */
import { ok, paramError } from '../results.js';
import { branchOf, type Stamped } from '../state.js';
import type { OscuOperation } from '../types.js';
import { AUDIT_RULES, checkFields, int, optStr, str, yn, type Body } from '../validate.js';
import { cursorList } from './cursor.js';

/** The TIN's branches (all of them, as KRA lists every branch of the taxpayer). */
export const selectBhfList: OscuOperation = {
  hostA: 'selectBhfList',
  hostB: 'branchList',
  hostBAliases: ['branch-list'],
  needsDevice: true,
  run(ctx, body) {
    const profile = ctx.state.taxpayers.get(ctx.tin);
    const records: Stamped[] = (profile?.value.branches ?? []).map((b) => ({
      updatedAt: profile?.updatedAt ?? 0,
      value: {
        tin: ctx.tin,
        bhfId: b.bhfId,
        bhfNm: b.bhfNm,
        bhfSttsCd: b.bhfSttsCd,
        prvncNm: b.prvncNm,
        dstrtNm: b.dstrtNm,
        sctrNm: b.sctrNm,
        locDesc: b.locDesc,
        mgrNm: b.mgrNm,
        mgrTelNo: b.mgrTelNo,
        mgrEmail: b.mgrEmail,
        hqYn: b.hqYn,
      },
    }));
    return cursorList(body, 'bhfList', () => records);
  },
};

export const CUSTOMER_RULES = [
  str('custNo', 9),
  str('custTin', 11),
  str('custNm', 60),
  str('adrs', 300, { required: false }),
  str('telNo', 20, { required: false }),
  str('email', 50, { required: false }),
  str('faxNo', 20, { required: false }),
  yn('useYn'),
  str('remark', 1000, { required: false }),
  ...AUDIT_RULES,
];

/** Saves (or updates, same `custNo`) a customer of the branch; `selectCustomer` then finds it. */
export const saveBhfCustomer: OscuOperation = {
  hostA: 'saveBhfCustomer',
  hostB: 'branchSendCustomerInfo',
  needsDevice: true,
  run(ctx, body) {
    const problem = checkFields(body, CUSTOMER_RULES);
    if (problem) return paramError(problem);
    const value: Body = {
      custNo: body.custNo,
      custTin: body.custTin,
      custNm: body.custNm,
      adrs: optStr(body, 'adrs'),
      telNo: optStr(body, 'telNo'),
      email: optStr(body, 'email'),
      faxNo: optStr(body, 'faxNo'),
      useYn: body.useYn,
      remark: optStr(body, 'remark'),
    };
    branchOf(ctx.state, ctx.tin, ctx.bhfId).customers.set(body.custNo as string, { updatedAt: ctx.now, value });
    return ok();
  },
};

export const USER_RULES = [
  str('userId', 20),
  str('userNm', 60),
  str('pwd', 255),
  str('adrs', 200, { required: false }),
  str('cntc', 20, { required: false }),
  str('authCd', 100, { required: false }),
  str('remark', 2000, { required: false }),
  yn('useYn'),
  ...AUDIT_RULES,
];

/** Saves a branch user account. The password is validated but never stored. */
export const saveBhfUser: OscuOperation = {
  hostA: 'saveBhfUser',
  hostB: 'branchUserAccount',
  needsDevice: true,
  run(ctx, body) {
    const problem = checkFields(body, USER_RULES);
    if (problem) return paramError(problem);
    const value: Body = {
      userId: body.userId,
      userNm: body.userNm,
      adrs: optStr(body, 'adrs'),
      cntc: optStr(body, 'cntc'),
      authCd: optStr(body, 'authCd'),
      remark: optStr(body, 'remark'),
      useYn: body.useYn,
    };
    branchOf(ctx.state, ctx.tin, ctx.bhfId).users.set(body.userId as string, { updatedAt: ctx.now, value });
    return ok();
  },
};

export const INSURANCE_RULES = [str('isrccCd', 10), str('isrccNm', 100), int('isrcRt', { min: 0 }), yn('useYn'), ...AUDIT_RULES];

/** Saves an insurer of the branch (pharmacies); `isrcRt` is a whole percentage. */
export const saveBhfInsurance: OscuOperation = {
  hostA: 'saveBhfInsurance',
  hostB: 'branchInsuranceInfo',
  needsDevice: true,
  run(ctx, body) {
    const problem = checkFields(body, INSURANCE_RULES);
    if (problem) return paramError(problem);
    if ((body.isrcRt as number) > 100) return paramError('isrcRt must be at most 100');
    const value: Body = { isrccCd: body.isrccCd, isrccNm: body.isrccNm, isrcRt: body.isrcRt, useYn: body.useYn };
    branchOf(ctx.state, ctx.tin, ctx.bhfId).insurances.set(body.isrccCd as string, { updatedAt: ctx.now, value });
    return ok();
  },
};
