/**
 * Request bodies of the withholding PRN APIs (#14–#16, docs/kra/portal.md §2.3): KRA's two-part
 * `transactionHeader` + `transactionDetails[]` body, format-checked field by field, then checked
 * against KRA's rules (line count, sums, periods, tax = gross × rate) before anything is sent.
 *
 * Salami clients are accepted too (§2.3, §8.5): `taxObligation` may be left out (the gateway sets it
 * per route), detail dates may be `YYYY-MM-DD`, and Salami's `payeePIN` / `invoiceNumber` are read as
 * KRA's `withholdeePin` (`landlordPin` for rent) / `invoiceNo`.
 */
import { z } from 'zod';
import { refinePrnRules, type WithholdingObligation } from '../prn-rules.js';
import { amount, identifier, kraDateTime, kraPin } from './common.js';

const header = z.looseObject({
  withholderPin: kraPin,
  // KRA's types (§2.3): transactionUniqueNo is a string and noOfTransactions an integer; callers'
  // numbers and digit strings are accepted and sent as KRA expects them.
  transactionUniqueNo: z.union([identifier(50), z.number().int().transform(String)], 'must be a string unique to this payment'),
  noOfTransactions: z.union(
    [
      z.number().int().positive('must be at least 1'),
      z
        .string()
        .trim()
        .regex(/^[1-9]\d*$/, 'must be a positive integer')
        .transform(Number),
    ],
    'must be a positive integer',
  ),
  taxObligation: z.enum(['WHTIT', 'WHTRENT', 'WHTVAT'], 'must be WHTIT, WHTRENT or WHTVAT').optional(),
  taxPeriodFrom: kraDateTime,
  taxPeriodTo: kraDateTime,
  totalGrossAmount: amount,
  totalTaxAmount: amount,
});

const lineBase = {
  invoiceNo: identifier(50),
  invoiceDate: kraDateTime,
  paymentDate: kraDateTime,
  grossAmount: amount,
  taxRate: amount,
  taxAmount: amount,
};

const optionalText = z.string().trim().max(200).optional();

/** Detail lines per tax: only the counterparty PIN field and the rental property fields differ. */
const LINES: Record<WithholdingObligation, z.ZodType> = {
  WHTVAT: z.looseObject({ withholdeePin: kraPin, ...lineBase }),
  // IT-withholding detail fields are known from java-sdk only ([U]): the others pass through unchecked.
  WHTIT: z.looseObject({ withholdeePin: kraPin, ...lineBase }),
  WHTRENT: z.looseObject({
    landlordPin: kraPin,
    typeOfProperty: z.enum(['Commercial', 'Residential'], 'must be Commercial or Residential'),
    lrNumber: optionalText,
    building: optionalText,
    street: optionalText,
    town: optionalText,
    ...lineBase,
  }),
};

const PIN_FIELD: Record<WithholdingObligation, string> = { WHTVAT: 'withholdeePin', WHTIT: 'withholdeePin', WHTRENT: 'landlordPin' };

/** Renames Salami's detail fields to KRA's, leaving KRA's own names untouched. */
function fromSalami(obligation: WithholdingObligation) {
  return (body: unknown): unknown => {
    if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
    const b = body as Record<string, unknown>;
    if (!Array.isArray(b.transactionDetails)) return body;
    const transactionDetails = b.transactionDetails.map((line: unknown) => {
      if (!line || typeof line !== 'object' || Array.isArray(line)) return line;
      const { payeePIN, invoiceNumber, ...rest } = line as Record<string, unknown>;
      const out: Record<string, unknown> = { ...rest };
      const pinField = PIN_FIELD[obligation];
      if (out[pinField] === undefined && payeePIN !== undefined) out[pinField] = payeePIN;
      if (out.invoiceNo === undefined && invoiceNumber !== undefined) out.invoiceNo = invoiceNumber;
      return out;
    });
    return { ...b, transactionDetails };
  };
}

/** The body schema of one withholding PRN API. */
export function prnBody(obligation: WithholdingObligation) {
  return z.preprocess(
    fromSalami(obligation),
    z
      .looseObject({
        transactionHeader: header,
        transactionDetails: z
          .array(LINES[obligation], 'must be an array of detail lines')
          .min(1, 'must have at least one line')
          .max(1000, 'must have at most 1000 lines'),
      })
      .superRefine((body, ctx) => refinePrnRules(obligation)(body as never, ctx)),
  );
}

/** #14 Income-tax withholding PRN. */
export const itWithholdingBody = prnBody('WHTIT');
/** #15 Rental-income withholding PRN. */
export const rentalWithholdingBody = prnBody('WHTRENT');
/** #16 VAT withholding PRN. */
export const vatWithholdingBody = prnBody('WHTVAT');
