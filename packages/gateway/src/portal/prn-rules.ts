/**
 * KRA's validation rules for withholding PRN requests (docs/kra/portal.md §2.3), checked before the
 * request is sent: KRA answers any breach with a bare `70001 "Data Validation Error"`, so checking
 * here is the only way the caller learns which field is wrong.
 */
import type { z } from 'zod';
import { amountValue, parseKraDateTime } from './schemas/common.js';

/** The withholding taxes and the route each belongs to. */
export type WithholdingObligation = 'WHTIT' | 'WHTRENT' | 'WHTVAT';

/** The fields the rules read, after the schema has checked their formats. */
export interface PrnRequestShape {
  transactionHeader: {
    noOfTransactions: number | string;
    taxObligation?: string | undefined;
    taxPeriodFrom: string;
    taxPeriodTo: string;
    totalGrossAmount: number | string;
    totalTaxAmount: number | string;
  };
  transactionDetails: Array<{
    invoiceDate: string;
    paymentDate: string;
    grossAmount: number | string;
    taxRate: number | string;
    taxAmount: number | string;
  }>;
}

/** One broken rule: the dotted field path and what is wrong with it. */
export interface PrnRuleIssue {
  path: Array<string | number>;
  message: string;
}

const DAY_MS = 86_400_000;
const day = (ms: number): number => Math.floor(ms / DAY_MS);
/** Amounts agree when they agree to the cent. */
const sameAmount = (a: number, b: number): boolean => Math.abs(a - b) < 0.005;
const round2 = (v: number): number => Math.round((v + Number.EPSILON) * 100) / 100;
const money = (v: number): string => v.toFixed(2);

/** Every rule the request breaks; empty when KRA's rules hold. */
export function checkPrnRules(body: PrnRequestShape, obligation: WithholdingObligation): PrnRuleIssue[] {
  const issues: PrnRuleIssue[] = [];
  const header = body.transactionHeader;
  const lines = body.transactionDetails;
  const at = (path: Array<string | number>, message: string) => issues.push({ path, message });

  if (header.taxObligation !== undefined && header.taxObligation !== obligation) {
    at(['transactionHeader', 'taxObligation'], `must be ${obligation} on this route (or left out: the gateway sets it)`);
  }
  if (Number(header.noOfTransactions) !== lines.length) {
    at(['transactionHeader', 'noOfTransactions'], `must equal the number of transactionDetails lines (${lines.length})`);
  }
  const from = parseKraDateTime(header.taxPeriodFrom);
  const to = parseKraDateTime(header.taxPeriodTo);
  const periodValid = from <= to;
  if (!periodValid) at(['transactionHeader', 'taxPeriodFrom'], 'must not be after taxPeriodTo');

  let gross = 0;
  let tax = 0;
  lines.forEach((line, i) => {
    const g = amountValue(line.grossAmount);
    const r = amountValue(line.taxRate);
    const t = amountValue(line.taxAmount);
    gross += g;
    tax += t;
    const payment = parseKraDateTime(line.paymentDate);
    const invoice = parseKraDateTime(line.invoiceDate);
    // By calendar day, as KRA's period ends are midnights: a payment on the last day is inside.
    if (periodValid && (day(payment) < day(from) || day(payment) > day(to))) {
      at(['transactionDetails', i, 'paymentDate'], `must fall within the tax period ${header.taxPeriodFrom} – ${header.taxPeriodTo}`);
    }
    if (invoice > payment) at(['transactionDetails', i, 'invoiceDate'], 'must not be after paymentDate');
    if (r <= 0 || r > 100) at(['transactionDetails', i, 'taxRate'], 'must be a percentage above 0 and at most 100');
    else if (!sameAmount(round2((g * r) / 100), t) && !sameAmount((g * r) / 100, t)) {
      at(['transactionDetails', i, 'taxAmount'], `must be grossAmount × taxRate / 100 = ${money(round2((g * r) / 100))}`);
    }
  });
  if (!sameAmount(gross, amountValue(header.totalGrossAmount))) {
    at(['transactionHeader', 'totalGrossAmount'], `must equal the sum of grossAmount (${money(round2(gross))})`);
  }
  if (!sameAmount(tax, amountValue(header.totalTaxAmount))) {
    at(['transactionHeader', 'totalTaxAmount'], `must equal the sum of taxAmount (${money(round2(tax))})`);
  }
  return issues;
}

/** Adapts {@link checkPrnRules} to a zod `superRefine`, so rule breaches come out as field errors. */
export function refinePrnRules(obligation: WithholdingObligation) {
  return (body: PrnRequestShape, ctx: z.RefinementCtx): void => {
    for (const issue of checkPrnRules(body, obligation)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  };
}
