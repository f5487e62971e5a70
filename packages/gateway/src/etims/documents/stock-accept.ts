/**
 * A stock movement recorded by a person or an ERP (stock in from a supplier, an adjustment, goods
 * discarded …): items checked, amounts computed by the tax engine at the item's price, local stock
 * moved (an outgoing movement never below zero), and the `insertStockIO` queued in the branch's
 * `sarNo` sequence (docs/kra/etims-oscu.md §6.6, §6.9).
 */
import { computeDocument, STOCK_IO_TYPES, type TaxBand } from '@ushuru/kra';
import { z } from 'zod';
import type { AppWithSecrets } from '../../apps/service.js';
import type { AppSettings } from '../../apps/settings.js';
import type { GatewayDeps } from '../../deps.js';
import type { FieldErrors } from '../../errors.js';
import { safeText } from '../../http/input-rules.js';
import { kraDate, kraTimestamp } from '../../kra/time.js';
import { isoDate } from '../../portal/schemas/common.js';
import { DEFAULT_AUDIT } from '../items-service.js';
import { computeOr422, refuseIfAny } from './amounts.js';
import { lineItems } from './item-lookup.js';
import { decimalInput, MAX_DOCUMENT_LINES } from './input.js';
import type { KraBody } from './kra-body.js';
import type { DocumentRow } from './records.js';
import { hundredths, isStockIn, STOCKED_ITEM_TYPES } from './stock.js';
import { refuseTakenTraderNumber, storeDocument, type StockTake } from './store-document.js';
import { taxRatesOf, taxSettingsOf } from './tax-context.js';

/** The body of `POST /api/etims/stock/movements` (and Salami's `/stock/movement`). */
export const stockMovementInput = z.strictObject({
  /** `sarTyCd` (code list 12): 01–06 move stock in, 11–16 out. */
  type: z.enum(STOCK_IO_TYPES as unknown as [string, ...string[]], { error: `must be one of ${STOCK_IO_TYPES.join(', ')} (code list 12)` }),
  /** Your own reference, unique per branch; generated when absent. */
  reference: safeText(z.string('must be a string').trim().min(1).max(50, 'must be at most 50 characters')).optional(),
  date: isoDate.optional(),
  remark: safeText(z.string().trim().max(400, 'must be at most 400 characters')).optional(),
  prices_include_vat: z.boolean('must be true or false').default(true),
  lines: z
    .array(
      z.strictObject({
        item_code: z.string('must be a string').regex(/^[A-Za-z0-9_-]{1,20}$/, 'must be an item code such as KE2NTU0000001'),
        quantity: decimalInput(2, { positive: true, max: 1e9 }),
        /** Unit price (default: the item's registered default price); KRA refuses movements worth nothing. */
        unit_price: decimalInput(4, { max: 1e11 }).optional(),
      }),
      'must be a list of lines',
    )
    .min(1, 'must have at least one line')
    .max(MAX_DOCUMENT_LINES, `must have at most ${MAX_DOCUMENT_LINES} lines`),
});
export type StockMovementInput = z.output<typeof stockMovementInput>;

/** Validates, computes and queues a stock movement; 422 naming the field or rule, nothing stored on refusal. */
export async function acceptStockMovement(deps: GatewayDeps, app: AppWithSecrets, input: StockMovementInput): Promise<DocumentRow> {
  const reference = input.reference ?? `SM-${kraTimestamp(deps.clock.now())}-${Math.random().toString(36).slice(2, 8)}`;
  await refuseTakenTraderNumber(deps, app, reference, 'stock_io');
  const errors: FieldErrors = {};
  const today = kraDate(deps.clock.now());
  const ocrnDt = input.date ? input.date.replaceAll('-', '') : today;
  if (ocrnDt > today) errors.date = ['must not be after today in Nairobi'];
  const items = await lineItems(deps, app, input.lines, errors);
  input.lines.forEach((line, i) => {
    const item = items[i]!;
    if (item.itemCd === undefined) return;
    if (!STOCKED_ITEM_TYPES.has(String(item.itemTyCd)))
      errors[`lines.${i}.item_code`] = [`${line.item_code} is a service (itemTyCd 3): services carry no stock`];
    const price = line.unit_price ?? (item.dftPrc === undefined ? undefined : String(item.dftPrc));
    if (price === undefined || Number(price) <= 0)
      errors[`lines.${i}.unit_price`] = ['is required: KRA refuses stock movements worth nothing, and the item has no default price'];
  });
  refuseIfAny(errors);
  const rates = await taxRatesOf(deps, app);
  const amounts = computeOr422(() =>
    computeDocument(
      input.lines.map((line, i) => ({
        taxTyCd: String(items[i]!.taxTyCd) as TaxBand,
        qty: line.quantity,
        unitPrice: line.unit_price ?? String(items[i]!.dftPrc),
        priceIncludesVat: input.prices_include_vat,
      })),
      rates,
      taxSettingsOf(app),
    ),
  );
  const payload: KraBody = {
    orgSarNo: 0,
    regTyCd: 'M',
    custTin: null,
    custNm: null,
    custBhfId: null,
    sarTyCd: input.type,
    ocrnDt,
    totItemCnt: amounts.lines.length,
    totTaxblAmt: Number(amounts.header.totTaxblAmt),
    totTaxAmt: Number(amounts.header.totTaxAmt),
    totAmt: Number(amounts.header.totAmt),
    remark: input.remark ?? null,
    ...DEFAULT_AUDIT,
    itemList: amounts.lines.map((a, i) => {
      const item = items[i]!;
      return {
        itemSeq: i + 1,
        itemCd: item.itemCd,
        itemClsCd: item.itemClsCd,
        itemNm: item.itemNm,
        bcd: null,
        pkgUnitCd: item.pkgUnitCd,
        pkg: Number(a.qty),
        qtyUnitCd: item.qtyUnitCd,
        qty: Number(a.qty),
        itemExprDt: null,
        prc: Number(a.prc),
        splyAmt: Number(a.splyAmt),
        totDcAmt: Number(a.dcAmt),
        taxblAmt: Number(a.taxblAmt),
        taxTyCd: a.taxTyCd,
        taxAmt: Number(a.taxAmt),
        totAmt: Number(a.totAmt),
      };
    }),
  };
  const guard = (app.settings as AppSettings).stock_check !== 'kra';
  const incoming = isStockIn(input.type);
  const takes: StockTake[] = input.lines.map((line, i) => ({
    itemCd: line.item_code,
    line: i,
    delta: (incoming ? 1 : -1) * hundredths(line.quantity),
    guard: !incoming && guard,
  }));
  return storeDocument(deps, app, { kind: 'stock_io', trdInvcNo: reference, salesDt: ocrnDt, custTin: null, payload, totAmt: amounts.header.totAmt }, takes);
}
