/**
 * Purchases (docs/kra/etims-oscu.md §6.5): a supplier's sale that KRA holds for this PIN (synced
 * into `etims_purchases_incoming`) is confirmed or rejected with `insertTrnsPurchase` (`regTyCd A`,
 * the supplier's fields and amounts copied over); a purchase that did not come through eTIMS is
 * recorded by hand (`regTyCd M`) with amounts from the tax engine. Both go through the outbox in
 * the branch's own purchase `invcNo` sequence.
 */
import { computeDocument, PAYMENT_TYPES, TAX_BANDS, type TaxBand } from '@ushuru/kra';
import { z } from 'zod';
import type { AppWithSecrets } from '../../apps/service.js';
import type { GatewayDeps } from '../../deps.js';
import { notFound, validationError, type FieldErrors } from '../../errors.js';
import { nameText, safeText } from '../../http/input-rules.js';
import { kraDate, kraTimestamp } from '../../kra/time.js';
import { isoDate, kraPin } from '../../portal/schemas/common.js';
import { DEFAULT_AUDIT } from '../items-service.js';
import { computeOr422, refuseIfAny } from './amounts.js';
import { lineItems } from './item-lookup.js';
import { decimalInput, MAX_DOCUMENT_LINES } from './input.js';
import type { KraBody } from './kra-body.js';
import type { DocumentRow } from './records.js';
import { refuseTakenTraderNumber, storeDocument } from './store-document.js';
import { taxRatesOf, taxSettingsOf } from './tax-context.js';

/** `pchsSttsCd` (code list 34, the sale statuses): 02 approved; 04 canceled, which is how a supplier's sale is turned down. */
const PURCHASE_APPROVED = '02';
const PURCHASE_REJECTED = '04';

const remark = safeText(z.string('must be a string').trim().max(400, 'must be at most 400 characters')).optional();

/** The body of `POST /api/etims/purchases/incoming/{key}/confirm|reject`. */
export const purchaseDecisionInput = z.strictObject({
  purchase_date: isoDate.optional(),
  remark,
});
export type PurchaseDecisionInput = z.output<typeof purchaseDecisionInput>;

/** The body of `POST /api/etims/purchases` (a purchase KRA does not hold: `regTyCd M`). */
export const manualPurchaseInput = z.strictObject({
  reference: safeText(z.string('must be a string').trim().min(1, 'is required').max(50, 'must be at most 50 characters')),
  supplier_pin: kraPin.optional(),
  supplier_name: nameText(60),
  supplier_invoice_number: z.number().int().min(0).max(2_147_483_647).optional(),
  purchase_date: isoDate.optional(),
  payment_type: z.enum(PAYMENT_TYPES as unknown as [string, ...string[]], { error: `must be one of ${PAYMENT_TYPES.join(', ')} (code list 07)` }).default('01'),
  prices_include_vat: z.boolean('must be true or false').default(true),
  remark,
  lines: z
    .array(
      z.strictObject({
        item_code: z.string('must be a string').regex(/^[A-Za-z0-9_-]{1,20}$/, 'must be an item code such as KE2NTU0000001'),
        quantity: decimalInput(2, { positive: true, max: 1e9 }),
        unit_price: decimalInput(4, { max: 1e11 }),
        discount_rate: decimalInput(2, { max: 100 }).optional(),
        discount_amount: decimalInput(2).optional(),
      }),
      'must be a list of lines',
    )
    .min(1, 'must have at least one line')
    .max(MAX_DOCUMENT_LINES, `must have at most ${MAX_DOCUMENT_LINES} lines`),
});
export type ManualPurchaseInput = z.output<typeof manualPurchaseInput>;

const today = (deps: GatewayDeps): string => kraDate(deps.clock.now());

function purchaseDate(deps: GatewayDeps, date: string | undefined): string {
  const day = date ? date.replaceAll('-', '') : today(deps);
  if (day > today(deps)) throw validationError({ purchase_date: ['must not be after today in Nairobi'] });
  return day;
}

/** Confirms (`confirm`) or turns down (`reject`) a supplier's sale KRA holds for this PIN. */
export async function decideIncomingPurchase(
  deps: GatewayDeps,
  app: AppWithSecrets,
  key: string,
  decision: 'confirm' | 'reject',
  input: PurchaseDecisionInput,
): Promise<DocumentRow> {
  const incoming = await deps.db
    .selectFrom('etims_purchases_incoming')
    .selectAll()
    .where('app_id', '=', app.id)
    .where('purchase_key', '=', key)
    .executeTakeFirst();
  if (!incoming) throw notFound('Incoming purchase');
  // One answer per supplier sale: its reference is derived from the sale, so a second is a 409.
  const reference = `incoming:${key}`.slice(0, 50);
  await refuseTakenTraderNumber(deps, app, reference, 'purchase');
  const sale = JSON.parse(incoming.data) as KraBody;
  const pchsDt = purchaseDate(deps, input.purchase_date);
  const header: KraBody = {};
  for (const band of TAX_BANDS) {
    header[`taxblAmt${band}`] = sale[`taxblAmt${band}`] ?? 0;
    header[`taxRt${band}`] = sale[`taxRt${band}`] ?? 0;
    header[`taxAmt${band}`] = sale[`taxAmt${band}`] ?? 0;
  }
  const lines = (sale.itemList as KraBody[] | undefined) ?? [];
  const payload: KraBody = {
    orgInvcNo: 0,
    spplrTin: sale.spplrTin ?? null,
    spplrBhfId: sale.spplrBhfId ?? null,
    spplrNm: sale.spplrNm ?? null,
    spplrInvcNo: sale.spplrInvcNo ?? null,
    regTyCd: 'A',
    pchsTyCd: 'N',
    // The supplier's credit note is our purchase return.
    rcptTyCd: sale.rcptTyCd === 'R' ? 'R' : 'P',
    pmtTyCd: sale.pmtTyCd ?? '01',
    pchsSttsCd: decision === 'confirm' ? PURCHASE_APPROVED : PURCHASE_REJECTED,
    cfmDt: kraTimestamp(deps.clock.now()),
    pchsDt,
    wrhsDt: null,
    cnclReqDt: null,
    cnclDt: null,
    rfdDt: null,
    totItemCnt: lines.length,
    ...header,
    totTaxblAmt: sale.totTaxblAmt ?? 0,
    totTaxAmt: sale.totTaxAmt ?? 0,
    totAmt: sale.totAmt ?? 0,
    remark: input.remark ?? null,
    ...DEFAULT_AUDIT,
    itemList: lines.map((l, i) => ({
      itemSeq: i + 1,
      // The supplier's item codes belong to the supplier's PIN: they go in the spplrItem* fields.
      itemCd: null,
      itemClsCd: l.itemClsCd,
      itemNm: l.itemNm,
      bcd: l.bcd ?? null,
      spplrItemClsCd: l.itemClsCd ?? null,
      spplrItemCd: l.itemCd ?? null,
      spplrItemNm: l.itemNm ?? null,
      pkgUnitCd: l.pkgUnitCd ?? null,
      pkg: l.pkg ?? l.qty,
      qtyUnitCd: l.qtyUnitCd,
      qty: l.qty,
      prc: l.prc,
      splyAmt: l.splyAmt,
      dcRt: l.dcRt ?? 0,
      dcAmt: l.dcAmt ?? 0,
      taxblAmt: l.taxblAmt,
      taxTyCd: l.taxTyCd,
      taxAmt: l.taxAmt,
      totAmt: l.totAmt,
      itemExprDt: null,
    })),
  };
  const totAmt = Number(sale.totAmt ?? 0).toFixed(2);
  return storeDocument(deps, app, { kind: 'purchase', trdInvcNo: reference, salesDt: pchsDt, custTin: incoming.spplr_tin, payload, totAmt });
}

/** Records a purchase KRA does not hold (`regTyCd M`), its amounts computed by the tax engine. */
export async function acceptManualPurchase(deps: GatewayDeps, app: AppWithSecrets, input: ManualPurchaseInput): Promise<DocumentRow> {
  await refuseTakenTraderNumber(deps, app, input.reference, 'purchase');
  const pchsDt = purchaseDate(deps, input.purchase_date);
  const errors: FieldErrors = {};
  const items = await lineItems(deps, app, input.lines, errors);
  refuseIfAny(errors);
  const rates = await taxRatesOf(deps, app);
  const amounts = computeOr422(() =>
    computeDocument(
      input.lines.map((line, i) => ({
        taxTyCd: String(items[i]!.taxTyCd) as TaxBand,
        qty: line.quantity,
        unitPrice: line.unit_price,
        priceIncludesVat: input.prices_include_vat,
        ...(line.discount_rate !== undefined ? { discountRate: line.discount_rate } : {}),
        ...(line.discount_amount !== undefined ? { discountAmount: line.discount_amount } : {}),
      })),
      rates,
      taxSettingsOf(app),
    ),
  );
  const header: KraBody = {};
  for (const [k, v] of Object.entries(amounts.header)) header[k] = typeof v === 'string' ? Number(v) : v;
  const payload: KraBody = {
    orgInvcNo: 0,
    spplrTin: input.supplier_pin ?? null,
    spplrBhfId: null,
    spplrNm: input.supplier_name,
    spplrInvcNo: input.supplier_invoice_number ?? null,
    regTyCd: 'M',
    pchsTyCd: 'N',
    rcptTyCd: 'P',
    pmtTyCd: input.payment_type,
    pchsSttsCd: PURCHASE_APPROVED,
    cfmDt: kraTimestamp(deps.clock.now()),
    pchsDt,
    wrhsDt: null,
    cnclReqDt: null,
    cnclDt: null,
    rfdDt: null,
    ...header,
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
        spplrItemClsCd: null,
        spplrItemCd: null,
        spplrItemNm: null,
        pkgUnitCd: item.pkgUnitCd,
        pkg: Number(a.qty),
        qtyUnitCd: item.qtyUnitCd,
        qty: Number(a.qty),
        prc: Number(a.prc),
        splyAmt: Number(a.splyAmt),
        dcRt: Number(a.dcRt),
        dcAmt: Number(a.dcAmt),
        taxblAmt: Number(a.taxblAmt),
        taxTyCd: a.taxTyCd,
        taxAmt: Number(a.taxAmt),
        totAmt: Number(a.totAmt),
        itemExprDt: null,
      };
    }),
  };
  return storeDocument(deps, app, {
    kind: 'purchase',
    trdInvcNo: input.reference,
    salesDt: pchsDt,
    custTin: input.supplier_pin ?? null,
    payload,
    totAmt: amounts.header.totAmt,
  });
}
