/**
 * Request bodies of TCC application (#17), PIN registration (#18), TOT (#19) and NIL (#20) returns,
 * docs/kra/portal.md §2.4. Callers send the `TAXPAYERDETAILS` fields flat (as Salami accepts) or
 * wrapped; the gateway wraps them as KRA's collection shows. Salami's documented spellings that
 * conflict with KRA (§2.4 #18: DOB `YYYY-MM-DD`, `Y`/`N`) are translated to KRA's.
 */
import { z } from 'zod';
import { amount, ddmmyyyy, flatOrWrapped, identifier, intOrDigits, kraPin } from './common.js';

/** #17 TCC application. */
export const tccApplicationBody = flatOrWrapped(z.looseObject({ TaxpayerPIN: kraPin, ReasonForTCC: identifier(200) }));

/** #18 Individual PIN registration. */
export const pinRegistrationBody = flatOrWrapped(
  z.looseObject({
    TaxpayerType: z.enum(['KE', 'NKE', 'NKENR'], 'must be one of KE, NKE, NKENR'),
    IdentificationNumber: z
      .string('must be a string')
      .trim()
      .regex(/^[A-Za-z0-9]{5,20}$/, 'must be 5 to 20 letters or digits'),
    DateOfBirth: ddmmyyyy,
    MobileNumber: z
      .string('must be a string')
      .trim()
      .regex(/^(\+?254|0)\d{9}$/, 'must be a Kenyan mobile number such as 0712345678'),
    EmailAddress: z.email('must be an email address'),
    IsPinWithNoOblig: z
      .enum(['Yes', 'No', 'Y', 'N'], 'must be Yes or No')
      .default('No')
      .transform((v) => (v === 'Y' ? 'Yes' : v === 'N' ? 'No' : v)),
  }),
);

/** Zero-padded month string `"01"`–`"12"` (TOT); a number is padded. */
const totMonth = z
  .union([z.string().trim(), z.number().int()], 'must be a month 01-12')
  .transform((v) => String(v).padStart(2, '0'))
  .refine((v) => /^(0[1-9]|1[0-2])$/.test(v), 'must be a month 01-12');

/** Four-digit year string (TOT); a number is converted. */
const totYear = z
  .union([z.string().trim(), z.number().int()], 'must be a four-digit year')
  .transform((v) => String(v))
  .refine((v) => /^\d{4}$/.test(v), 'must be a four-digit year');

/** #19 TOT return: `Month`/`Year` as zero-padded strings, `GrossTurnover` a number (KRA's collection). */
export const totReturnBody = flatOrWrapped(
  z.looseObject({
    TaxpayerPIN: kraPin,
    Month: totMonth,
    Year: totYear,
    GrossTurnover: amount.transform((v) => (typeof v === 'number' ? v : Number(v))),
  }),
);

/**
 * #20 NIL return. KRA's example sends integers, other documents strings ([U]): the caller's encoding
 * is passed through, so whichever KRA turns out to need can be sent without a gateway change.
 */
export const nilReturnBody = flatOrWrapped(
  z.looseObject({
    TaxpayerPIN: kraPin,
    ObligationCode: intOrDigits,
    Month: intOrDigits.refine((v) => Number(v) >= 1 && Number(v) <= 12, 'must be a month 1-12'),
    Year: intOrDigits.refine((v) => Number(v) >= 2000 && Number(v) <= 2100, 'must be a four-digit year'),
  }),
);
