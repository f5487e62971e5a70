/**
 * What a POS or ERP sends to sell and to credit: simple lines (item code, quantity, unit price,
 * discount, optional tax band) and the few header facts only the caller knows. Every amount the
 * KRA document needs is computed by the tax engine (`@ushuru/kra`), never taken from the caller.
 * Amounts are accepted as JSON numbers or decimal strings and kept as exact decimal strings.
 */
import { CREDIT_NOTE_REASONS, PAYMENT_TYPES, TAX_BANDS, TRANSACTION_TYPES } from '@ushuru/kra';
import { z } from 'zod';
import { decimalProblem, nameText, safeText } from '../../http/input-rules.js';
import { isoDate, kraPin } from '../../portal/schemas/common.js';
import { saveItemSchema } from '../oscu-schemas/index.js';

/** The most lines one document may carry (the body guard allows 1000 array entries). */
export const MAX_DOCUMENT_LINES = 1000;

/**
 * A non-negative decimal with at most `scale` decimals, as a canonical string. Numbers are read
 * from their shortest exact form (see decimalProblem), strings must be plain decimals: no sign,
 * exponent, spaces or thousands separators.
 */
export function decimalInput(scale: number, opts: { positive?: boolean; max?: number } = {}) {
  return z.union([z.number(), z.string()], { error: 'must be a number or a decimal string' }).transform((value, ctx) => {
    let text: string;
    if (typeof value === 'number') {
      const problem = decimalProblem(value, scale);
      if (problem) {
        ctx.addIssue({ code: 'custom', message: problem });
        return z.NEVER;
      }
      if (value < 0) {
        ctx.addIssue({ code: 'custom', message: 'must not be negative' });
        return z.NEVER;
      }
      text = value.toFixed(scale);
    } else {
      const m = /^(\d{1,13})(?:\.(\d+))?$/.exec(value.trim());
      if (!m) {
        ctx.addIssue({ code: 'custom', message: 'must be a decimal such as 100 or 99.50' });
        return z.NEVER;
      }
      if ((m[2]?.length ?? 0) > scale) {
        ctx.addIssue({ code: 'custom', message: `must have at most ${scale} decimals` });
        return z.NEVER;
      }
      text = `${m[1]}${scale > 0 ? '.' + (m[2] ?? '').padEnd(scale, '0') : ''}`;
    }
    const n = Number(text);
    if (opts.positive && n <= 0) {
      ctx.addIssue({ code: 'custom', message: 'must be greater than 0' });
      return z.NEVER;
    }
    if (opts.max !== undefined && n > opts.max) {
      ctx.addIssue({ code: 'custom', message: `must be at most ${opts.max}` });
      return z.NEVER;
    }
    return text;
  });
}

const itemCode = z.string('must be a string').regex(/^[A-Za-z0-9_-]{1,20}$/, 'must be an item code such as KE2NTU0000001');
const traderNumber = safeText(
  z
    .string('must be a string')
    .trim()
    .min(1, 'is required')
    .max(50, 'must be at most 50 characters')
    .regex(/^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/, 'must be printable ASCII'),
);
const optionalText = (max: number) =>
  safeText(z.string('must be a string').trim().max(max, `must be at most ${max} characters`))
    .optional()
    .nullable();

/**
 * `submit-with-items`: the registration of an item KRA does not know yet, with saveItem's fields
 * (the code is the line's `item_code`, or generated when the line has none).
 */
const itemRegistration = z.strictObject({
  ...saveItemSchema.shape,
  itemCd: saveItemSchema.shape.itemCd.optional(),
  isrcAplcbYn: saveItemSchema.shape.isrcAplcbYn.optional(),
  useYn: saveItemSchema.shape.useYn.optional(),
  regrId: saveItemSchema.shape.regrId.optional(),
  regrNm: saveItemSchema.shape.regrNm.optional(),
  modrId: saveItemSchema.shape.modrId.optional(),
  modrNm: saveItemSchema.shape.modrNm.optional(),
});

const saleLine = z.strictObject({
  item_code: itemCode.optional(),
  quantity: decimalInput(2, { positive: true, max: 1e9 }),
  unit_price: decimalInput(4, { max: 1e11 }),
  discount_rate: decimalInput(2, { max: 100 }).optional(),
  discount_amount: decimalInput(2).optional(),
  /** The band; defaults to the item's registered band, and must equal it when given. */
  tax_type: z.enum(TAX_BANDS as unknown as ['A', 'B', 'C', 'D', 'E'], { error: 'must be one of A, B, C, D, E' }).optional(),
  /** Packages (`pkg`); defaults to the quantity. */
  packages: decimalInput(2, { max: 1e9 }).optional(),
  barcode: optionalText(20),
  item: itemRegistration.optional(),
});

/** The body of `POST /api/etims/sales` (and Salami's `/sales/submit`, `/sales/submit-with-items`). */
export const saleInput = z.strictObject({
  /** The trader's own invoice number (`trdInvcNo`), unique per branch. */
  trader_invoice_number: traderNumber,
  /** Date of the sale in Nairobi, `YYYY-MM-DD`; default today. */
  sale_date: isoDate.optional(),
  customer_pin: kraPin.optional().nullable(),
  customer_name: nameText(60).optional().nullable(),
  customer_phone: optionalText(20),
  payment_type: z.enum(PAYMENT_TYPES as unknown as [string, ...string[]], { error: `must be one of ${PAYMENT_TYPES.join(', ')} (code list 07)` }).default('01'),
  sales_type: z
    .enum(TRANSACTION_TYPES as unknown as [string, ...string[]], { error: `must be one of ${TRANSACTION_TYPES.join(', ')} (code list 14)` })
    .default('N'),
  /** Are the unit prices VAT-inclusive? Default true (shelf prices in Kenya include VAT). */
  prices_include_vat: z.boolean('must be true or false').default(true),
  remark: optionalText(400),
  /** Register lines' items that KRA does not know yet (they must carry `item`). */
  register_items: z.boolean('must be true or false').default(false),
  lines: z
    .array(saleLine, 'must be a list of lines')
    .min(1, 'must have at least one line')
    .max(MAX_DOCUMENT_LINES, `must have at most ${MAX_DOCUMENT_LINES} lines`),
});
export type SaleInput = z.output<typeof saleInput>;
export type SaleLineInput = SaleInput['lines'][number];

const creditedLine = z.strictObject({
  item_code: itemCode,
  quantity: decimalInput(2, { positive: true, max: 1e9 }),
});

/** Which signed sale: our id, the trader's number, or KRA's invoice number. */
export const saleReference = z.union([z.number().int().positive(), safeText(z.string().trim().min(1).max(50))], {
  error: 'must name a sale: its id, trader invoice number or KRA invoice number',
});

const creditBase = {
  sale: saleReference,
  trader_invoice_number: traderNumber,
  /** `rfdRsnCd`, code list 32. */
  reason_code: z.enum(CREDIT_NOTE_REASONS as unknown as [string, ...string[]], { error: `must be one of ${CREDIT_NOTE_REASONS.join(', ')} (code list 32)` }),
  credit_date: isoDate.optional(),
  remark: optionalText(400),
};

/** `POST /api/etims/credit-notes` (and `/credit-notes/submit`): part or all of a sale. */
export const creditNoteInput = z.strictObject({
  ...creditBase,
  lines: z.array(creditedLine, 'must be a list of lines').min(1, 'must have at least one line').max(MAX_DOCUMENT_LINES),
});
export type CreditNoteInput = z.output<typeof creditNoteInput>;

/** `POST /api/etims/credit-notes/express`: whatever remains of a sale, in one call. */
export const expressCreditNoteInput = z.strictObject(creditBase);
export type ExpressCreditNoteInput = z.output<typeof expressCreditNoteInput>;
