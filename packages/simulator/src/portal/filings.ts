/**
 * TCC application (#17), individual PIN registration (#18), TOT (#19) and NIL (#20) returns, spec
 * kra-portal.md §2.4. Each creates state that the checkers then find: a TCC, a taxpayer, a PRN.
 */
import { kenyaTimeParts } from '../core/clock.js';
import { bumpExtra } from '../core/stats.js';
import { taxpayerDetails, type PortalApi } from './business-handler.js';
import type { PortalContext } from './context.js';
import { flatResponse, styleFiveError, wrappedResponse } from './envelopes.js';
import { TOT_OBLIGATION_ID, type PortalTaxpayer } from './fixtures.js';
import { isKraPin, nonEmptyString, parseDdMmYyyy, round2, toAmount, toInteger } from './formats.js';
import { newAckNumber, newIndividualPin, newTccNumber } from './identifiers.js';
import { createPrn } from './payments.js';

/** The current year and month in Kenya, as numbers. */
function currentPeriod(ctx: PortalContext): { year: number; month: number; day: number } {
  const parts = kenyaTimeParts(ctx.now());
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day) };
}

/** A period is fileable once it has ended: strictly before the current month. */
function periodHasEnded(ctx: PortalContext, year: number, month: number): boolean {
  const now = currentPeriod(ctx);
  return year < now.year || (year === now.year && month < now.month);
}

function activeTaxpayer(ctx: PortalContext, pin: unknown): PortalTaxpayer | undefined {
  const taxpayer = isKraPin(pin) ? ctx.registry.findTaxpayer(pin) : undefined;
  return taxpayer?.status === 'Active' ? taxpayer : undefined;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * #17 TCC application — `RESPONSE`-wrapped `85000` with `AckNumber` and `TCCNumber`; failures are
 * style 5 (gc-odoo reads the top-level `ErrorMessage`). The issued TCC is then valid at the TCC checker.
 */
export const applyForTcc: PortalApi = (body, ctx) => {
  const details = taxpayerDetails(body);
  if (!details) return styleFiveError(ctx.newRequestId(), '85001', 'TAXPAYERDETAILS is missing');
  const taxpayer = activeTaxpayer(ctx, details.TaxpayerPIN);
  if (!taxpayer) return styleFiveError(ctx.newRequestId(), '85001', 'Invalid or inactive Taxpayer PIN');
  if (nonEmptyString(details.ReasonForTCC) === undefined) return styleFiveError(ctx.newRequestId(), '85001', 'ReasonForTCC is required');
  const today = currentPeriod(ctx);
  const expiry = new Date(Date.UTC(today.year + 1, today.month - 1, today.day - 1));
  const tccNumber = newTccNumber(ctx.identifiers(), (candidate) => ctx.registry.tccs.has(candidate));
  ctx.registry.tccs.set(tccNumber, {
    tccNumber,
    pin: taxpayer.pin,
    status: 'Active',
    issueDate: `${pad2(today.day)}/${pad2(today.month)}/${today.year}`,
    expiryDate: `${pad2(expiry.getUTCDate())}/${pad2(expiry.getUTCMonth() + 1)}/${expiry.getUTCFullYear()}`,
  });
  bumpExtra(ctx.counters, 'tccsIssued');
  return wrappedResponse('85000', 'TCC Application submitted successfully', true, { AckNumber: newAckNumber(ctx.identifiers()), TCCNumber: tccNumber });
};

const REGISTRATION_TYPES = ['KE', 'NKE', 'NKENR'];

function registrationProblem(details: Record<string, unknown>, ctx: PortalContext): string | undefined {
  if (typeof details.TaxpayerType !== 'string' || !REGISTRATION_TYPES.includes(details.TaxpayerType)) return 'Invalid TaxpayerType';
  const idNumber = nonEmptyString(details.IdentificationNumber);
  if (idNumber === undefined || !/^[A-Za-z0-9]{5,20}$/.test(idNumber)) return 'Invalid IdentificationNumber';
  if (details.TaxpayerType === 'KE' && !/^\d{6,9}$/.test(idNumber)) return 'Invalid IdentificationNumber';
  const birth = parseDdMmYyyy(details.DateOfBirth);
  if (!birth) return 'Invalid DateOfBirth, expected dd/mm/yyyy';
  const now = currentPeriod(ctx);
  if (Date.UTC(birth.year, birth.month - 1, birth.day) > Date.UTC(now.year, now.month - 1, now.day)) return 'DateOfBirth is in the future';
  if (typeof details.MobileNumber !== 'string' || !/^(\+?254|0)\d{9}$/.test(details.MobileNumber)) return 'Invalid MobileNumber';
  if (typeof details.EmailAddress !== 'string' || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(details.EmailAddress)) return 'Invalid EmailAddress';
  if (details.IsPinWithNoOblig !== 'Yes' && details.IsPinWithNoOblig !== 'No') return 'IsPinWithNoOblig must be Yes or No';
  if (ctx.registry.findPinByIdentity(details.TaxpayerType, idNumber)) return 'A PIN already exists for this IdentificationNumber';
  return undefined;
}

/**
 * #18 Individual PIN registration — `RESPONSE`-wrapped `80000` with the new `PIN`, or `80002` (NOK).
 * The new taxpayer is then found by the PIN checkers (name invented, as KRA would take it from IPRS).
 */
export const registerPin: PortalApi = (body, ctx) => {
  const details = taxpayerDetails(body);
  if (!details) return wrappedResponse('80002', 'TAXPAYERDETAILS is missing', false);
  const problem = registrationProblem(details, ctx);
  if (problem) return wrappedResponse('80002', problem, false);
  const idType = details.TaxpayerType as 'KE' | 'NKE' | 'NKENR';
  const idNumber = nonEmptyString(details.IdentificationNumber) as string;
  const pin = newIndividualPin(ctx.identifiers(), (candidate) => ctx.registry.taxpayers.has(candidate));
  ctx.registry.addTaxpayer({
    pin,
    name: `SIM TAXPAYER ${idNumber}`,
    type: 'Individual',
    status: 'Active',
    idType,
    idNumber,
    station: 'Nairobi East',
    obligationIds: details.IsPinWithNoOblig === 'Yes' ? [] : [idType === 'NKENR' ? 2 : 1],
  });
  bumpExtra(ctx.counters, 'pinsRegistered');
  return wrappedResponse('80000', 'Successfully Generated PIN', true, { PIN: pin });
};

/** Turnover tax rate for a period: 1 % until June 2023, 3 % from July 2023 (Finance Act 2023). */
function totRate(year: number, month: number): number {
  return year > 2023 || (year === 2023 && month >= 7) ? 0.03 : 0.01;
}

/**
 * #19 TOT return — flat style-1 `87000` with `AckNumber`, `PRN`, `ComputedTax`, `UtilizedCredit`,
 * `TaxPayable`; failures flat `87001` (KRA's error codes are unknown). `Month`/`Year` must be the
 * zero-padded strings KRA's collection sends. The PRN is then found by PRN search and the e-slip checker.
 */
export const fileTotReturn: PortalApi = (body, ctx) => {
  const details = taxpayerDetails(body);
  const refuse = (message: string) => flatResponse('87001', message, false);
  if (!details) return refuse('TAXPAYERDETAILS is missing');
  const taxpayer = activeTaxpayer(ctx, details.TaxpayerPIN);
  if (!taxpayer) return refuse('Invalid or inactive Taxpayer PIN');
  if (!taxpayer.obligationIds.includes(TOT_OBLIGATION_ID)) return refuse('Taxpayer is not registered for Turnover Tax');
  if (typeof details.Month !== 'string' || !/^(0[1-9]|1[0-2])$/.test(details.Month)) return refuse('Month must be a two-digit string 01-12');
  if (typeof details.Year !== 'string' || !/^\d{4}$/.test(details.Year)) return refuse('Year must be a four-digit string');
  const year = Number(details.Year);
  const month = Number(details.Month);
  if (!periodHasEnded(ctx, year, month)) return refuse('Return period has not ended');
  const grossTurnover = toAmount(details.GrossTurnover);
  if (grossTurnover === undefined || grossTurnover < 0) return refuse('GrossTurnover must be a non-negative amount');
  const filingKey = `TOT|${taxpayer.pin}|${year}|${month}`;
  if (ctx.registry.filedReturns.has(filingKey)) return refuse('Return already filed for the period');

  const computedTax = round2(grossTurnover * totRate(year, month));
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const prn = createPrnForTot(ctx, taxpayer.pin, computedTax, `${year}-${pad2(month)}-01T00:00:00`, `${year}-${pad2(month)}-${pad2(lastDay)}T00:00:00`);
  ctx.registry.filedReturns.add(filingKey);
  bumpExtra(ctx.counters, 'totReturnsFiled');
  return flatResponse('87000', 'TOT Return filed successfully', true, {
    AckNumber: newAckNumber(ctx.identifiers()),
    PRN: prn,
    ComputedTax: computedTax,
    UtilizedCredit: 0,
    TaxPayable: computedTax,
  });
};

function createPrnForTot(ctx: PortalContext, pin: string, amount: number, taxPeriodFrom: string, taxPeriodTo: string): string {
  return createPrn(ctx, { prnAmount: amount, pin, obligationId: TOT_OBLIGATION_ID, taxObligation: 'TOT', taxPeriodFrom, taxPeriodTo }).prnNumber;
}

/**
 * #20 NIL return — `RESPONSE`-wrapped `82000 "Successfully Filled NIL Return"` (sic) with `AckNumber`;
 * `82001 "XML Syntax Error"` when `TAXPAYERDETAILS` is missing, `82002 "Data Validation Error"` for a
 * wrong PIN, period or obligation. Numbers and digit strings are both accepted ([U]).
 */
export const fileNilReturn: PortalApi = (body, ctx) => {
  const details = taxpayerDetails(body);
  if (!details) return wrappedResponse('82001', 'XML Syntax Error', false);
  const invalid = wrappedResponse('82002', 'Data Validation Error', false);
  const taxpayer = activeTaxpayer(ctx, details.TaxpayerPIN);
  const obligation = toInteger(details.ObligationCode);
  const month = toInteger(details.Month);
  const year = toInteger(details.Year);
  if (!taxpayer || obligation === undefined || month === undefined || year === undefined) return invalid;
  if (!taxpayer.obligationIds.includes(obligation) || month < 1 || month > 12 || year < 2000) return invalid;
  if (!periodHasEnded(ctx, year, month)) return invalid;
  const filingKey = `NIL|${taxpayer.pin}|${obligation}|${year}|${month}`;
  if (ctx.registry.filedReturns.has(filingKey)) return invalid;
  ctx.registry.filedReturns.add(filingKey);
  bumpExtra(ctx.counters, 'nilReturnsFiled');
  return wrappedResponse('82000', 'Successfully Filled NIL Return', true, { AckNumber: newAckNumber(ctx.identifiers()) });
};
