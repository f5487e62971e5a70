/**
 * Withholding PRN generation (#14–#16, docs/kra/portal.md §2.3) with KRA's validation rules, plus the
 * two lookups that find PRNs again: PRN search (`/dtd/checker/v1/prn`) and the e-slip checker (§2.5).
 */
import { formatKenyaIsoDateTime } from '../core/clock.js';
import { bumpExtra } from '../core/stats.js';
import type { SimResponse } from '../core/types.js';
import { asRecord, type PortalApi } from './business-handler.js';
import type { PortalContext } from './context.js';
import { flatResponse, styleFiveError } from './envelopes.js';
import { OBLIGATION_ID_BY_TAX_OBLIGATION, type PrnRecord } from './fixtures.js';
import { isKraPin, nonEmptyString, parseKraDateTime, round2, sameAmount, toAmount, toInteger } from './formats.js';
import { newPrnNumber } from './identifiers.js';

/** The three withholding taxes. */
export type WithholdingObligation = 'WHTIT' | 'WHTRENT' | 'WHTVAT';

/** The detail field holding the counterparty PIN, per withholding tax. */
const COUNTERPARTY_PIN_FIELD: Record<WithholdingObligation, string> = { WHTIT: 'withholdeePin', WHTVAT: 'withholdeePin', WHTRENT: 'landlordPin' };

const DAY_MS = 24 * 60 * 60 * 1000;
const startOfDay = (ms: number): number => Math.floor(ms / DAY_MS) * DAY_MS;

/** Why a PRN request breaks KRA's rules, or undefined when it is valid. */
export function prnValidationProblem(body: Record<string, unknown>, obligation: WithholdingObligation, ctx: PortalContext): string | undefined {
  const header = asRecord(body.transactionHeader);
  const details = body.transactionDetails;
  if (!header) return 'transactionHeader is missing';
  if (!Array.isArray(details) || details.length === 0) return 'transactionDetails must be a non-empty array';
  const withholder = isKraPin(header.withholderPin) ? ctx.registry.findTaxpayer(header.withholderPin) : undefined;
  if (!withholder) return 'withholderPin is not a registered PIN';
  if (withholder.status !== 'Active') return 'withholderPin is not active';
  if (transactionNumber(header) === undefined) return 'transactionUniqueNo is missing';
  if (toInteger(header.noOfTransactions) !== details.length) return 'noOfTransactions does not match the number of transactionDetails';
  if (header.taxObligation !== obligation) return `taxObligation must be ${obligation}`;
  const periodFrom = parseKraDateTime(header.taxPeriodFrom);
  const periodTo = parseKraDateTime(header.taxPeriodTo);
  if (periodFrom === undefined || periodTo === undefined) return 'taxPeriodFrom / taxPeriodTo must be YYYY-MM-DDTHH:MM:SS';
  if (periodFrom > periodTo) return 'taxPeriodFrom is after taxPeriodTo';
  const totalGross = toAmount(header.totalGrossAmount);
  const totalTax = toAmount(header.totalTaxAmount);
  if (totalGross === undefined || totalTax === undefined) return 'totalGrossAmount / totalTaxAmount must be amounts';

  let grossSum = 0;
  let taxSum = 0;
  for (const [index, raw] of details.entries()) {
    const line = asRecord(raw);
    if (!line) return `transactionDetails[${index}] is not an object`;
    const problem = lineProblem(line, obligation, startOfDay(periodFrom), startOfDay(periodTo));
    if (problem) return `transactionDetails[${index}]: ${problem}`;
    grossSum += toAmount(line.grossAmount) ?? 0;
    taxSum += toAmount(line.taxAmount) ?? 0;
  }
  if (!sameAmount(grossSum, totalGross)) return 'sum of grossAmount does not equal totalGrossAmount';
  if (!sameAmount(taxSum, totalTax)) return 'sum of taxAmount does not equal totalTaxAmount';
  return undefined;
}

function lineProblem(line: Record<string, unknown>, obligation: WithholdingObligation, periodFromDay: number, periodToDay: number): string | undefined {
  if (!isKraPin(line[COUNTERPARTY_PIN_FIELD[obligation]])) return `${COUNTERPARTY_PIN_FIELD[obligation]} is not a valid PIN`;
  if (nonEmptyString(line.invoiceNo) === undefined) return 'invoiceNo is missing';
  if (obligation === 'WHTRENT' && line.typeOfProperty !== 'Commercial' && line.typeOfProperty !== 'Residential') {
    return 'typeOfProperty must be Commercial or Residential';
  }
  const paymentDate = parseKraDateTime(line.paymentDate);
  const invoiceDate = parseKraDateTime(line.invoiceDate);
  if (paymentDate === undefined || invoiceDate === undefined) return 'paymentDate / invoiceDate must be YYYY-MM-DDTHH:MM:SS';
  // Compared by calendar day: a payment at 10:00 on the period's last day is inside the period.
  if (startOfDay(paymentDate) < periodFromDay || startOfDay(paymentDate) > periodToDay) return 'paymentDate is outside the tax period';
  if (invoiceDate > paymentDate) return 'invoiceDate is after paymentDate';
  const gross = toAmount(line.grossAmount);
  const rate = toAmount(line.taxRate);
  const tax = toAmount(line.taxAmount);
  if (gross === undefined || rate === undefined || tax === undefined) return 'grossAmount / taxRate / taxAmount must be amounts';
  if (gross <= 0 || rate <= 0 || rate > 100) return 'grossAmount and taxRate must be positive';
  if (!sameAmount(round2((gross * rate) / 100), tax)) return 'taxAmount is not grossAmount × taxRate / 100';
  return undefined;
}

function transactionNumber(header: Record<string, unknown>): string | undefined {
  const value = header.transactionUniqueNo;
  return typeof value === 'number' ? String(value) : nonEmptyString(value);
}

function prnSuccess(prn: PrnRecord): SimResponse {
  return {
    body: {
      responseCode: '70000',
      responseDesc: 'Successful',
      status: 'OK',
      responseData: { prnNumber: prn.prnNumber, prnDate: prn.prnDate, prnAmount: prn.prnAmount },
    },
  };
}

/** Stores a new PRN for `pin` and counts it in `extra.prnsGenerated`. */
export function createPrn(ctx: PortalContext, fields: Omit<PrnRecord, 'prnNumber' | 'prnDate' | 'status'>): PrnRecord {
  const now = ctx.now();
  const prn: PrnRecord = {
    prnNumber: newPrnNumber(ctx.identifiers(), now, (candidate) => ctx.registry.prns.has(candidate)),
    prnDate: formatKenyaIsoDateTime(now),
    status: 'Unpaid',
    ...fields,
  };
  ctx.registry.addPrn(prn);
  bumpExtra(ctx.counters, 'prnsGenerated');
  return prn;
}

/**
 * #14–#16: validates per KRA's rules and returns a PRN (camelCase, `70000`), or style-5 `70001 "Data
 * Validation Error"` (HTTP 200). The reason, which KRA does not give, is in the `x-sim-validation`
 * header for whoever debugs a test. A resent request with the same withholder, tax and
 * `transactionUniqueNo` gets the first PRN back.
 */
export function generateWithholdingPrn(obligation: WithholdingObligation): PortalApi {
  return (body, ctx) => {
    const problem = prnValidationProblem(body, obligation, ctx);
    if (problem) {
      const error = styleFiveError(ctx.newRequestId(), '70001', 'Data Validation Error');
      return { ...error, headers: { 'x-sim-validation': problem } };
    }
    const header = asRecord(body.transactionHeader) ?? {};
    const pin = header.withholderPin as string;
    const transactionUniqueNo = transactionNumber(header) as string;
    const existing = ctx.registry.findPrnByTransaction(pin, obligation, transactionUniqueNo);
    if (existing) return prnSuccess(existing);
    const prn = createPrn(ctx, {
      prnAmount: round2(toAmount(header.totalTaxAmount) ?? 0),
      pin,
      obligationId: OBLIGATION_ID_BY_TAX_OBLIGATION[obligation] ?? 0,
      taxObligation: obligation,
      taxPeriodFrom: header.taxPeriodFrom as string,
      taxPeriodTo: header.taxPeriodTo as string,
      transactionUniqueNo,
    });
    return prnSuccess(prn);
  };
}

/**
 * PRN search (`/dtd/checker/v1/prn`, `{taxPayerPin, obligationId}`). KRA's response is not documented;
 * the simulator answers style 1: `89000` with `PRNList`, `89001` invalid PIN, `89002` none found.
 */
export const searchPrns: PortalApi = (body, ctx) => {
  const pin = body.taxPayerPin;
  if (!isKraPin(pin) || !ctx.registry.findTaxpayer(pin)) return flatResponse('89001', 'Invalid KRA Pin', false);
  const obligationId = body.obligationId === undefined ? undefined : toInteger(body.obligationId);
  const found = [...ctx.registry.prns.values()]
    .filter((prn) => prn.pin === pin && (obligationId === undefined || prn.obligationId === obligationId))
    .sort((a, b) => b.prnDate.localeCompare(a.prnDate));
  if (found.length === 0) return flatResponse('89002', 'No PRN found for the PIN and obligation', false);
  return flatResponse('89000', 'PRN details retrieved successfully', true, {
    PRNList: found.map((prn) => ({
      prnNumber: prn.prnNumber,
      prnDate: prn.prnDate,
      prnAmount: prn.prnAmount,
      obligationId: prn.obligationId,
      taxPeriodFrom: prn.taxPeriodFrom,
      taxPeriodTo: prn.taxPeriodTo,
      paymentStatus: prn.status,
    })),
  });
};

/**
 * E-slip checker (`/payment/checker/v1/eslip`, `{EslipNumber}`); an e-slip number is a PRN. KRA's
 * response is not documented; the simulator answers style 1: `88000` with `EslipDetails`, `88001` unknown.
 */
export const checkEslip: PortalApi = (body, ctx) => {
  const eslipNumber = nonEmptyString(body.EslipNumber);
  const prn = eslipNumber === undefined ? undefined : ctx.registry.prns.get(eslipNumber);
  if (!prn) return flatResponse('88001', 'Invalid E-slip Number', false);
  return flatResponse('88000', 'E-slip details retrieved successfully', true, {
    EslipDetails: {
      EslipNumber: prn.prnNumber,
      TaxpayerPIN: prn.pin,
      TaxpayerName: ctx.registry.findTaxpayer(prn.pin)?.name ?? '',
      TaxObligation: prn.taxObligation,
      ObligationId: prn.obligationId,
      Amount: prn.prnAmount,
      EslipDate: prn.prnDate,
      PaymentStatus: prn.status,
    },
  });
};
