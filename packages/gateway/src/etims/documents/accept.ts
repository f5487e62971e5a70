/**
 * Accepting a sale or a credit note: every check first (items, bands, amounts, the credit-note rules
 * of docs/kra/etims-oscu.md §6.3 and §6.9), then one insert that stores and queues the document. A
 * refusal is a 422 naming the field or the rule, and nothing is stored.
 */
import {
  computeCreditNote,
  computeDocument,
  TAX_BANDS,
  type DocumentAmounts,
  type HeaderAmounts,
  type LineAmounts,
  type SimpleLine,
  type TaxBand,
  type TaxRates,
} from '@ushuru/kra';
import type { AppWithSecrets } from '../../apps/service.js';
import type { AppSettings } from '../../apps/settings.js';
import type { GatewayDeps } from '../../deps.js';
import { ApiError, validationError, type FieldErrors } from '../../errors.js';
import { compactDate, dashedDate, kraDate } from '../../kra/time.js';
import { registerItem } from '../items-service.js';
import { registeredItems } from './item-lookup.js';
import { deviceClient } from '../oscu-call.js';
import type { CreditNoteInput, ExpressCreditNoteInput, SaleInput, SaleLineInput } from './input.js';
import { documentBody, type DocumentFacts, type ItemFacts, type KraBody, type LineFacts } from './kra-body.js';
import { computeOr422, refuseIfAny } from './amounts.js';
import { findDocument, type DocumentRow } from './records.js';
import { hundredths } from './stock.js';
import { refuseTakenTraderNumber, stockTakes, storeDocument } from './store-document.js';
import { taxRatesOf, taxSettingsOf } from './tax-context.js';

/** Credit notes are accepted this many months after the sale unless the app says otherwise (§6.9). */
export const DEFAULT_CREDIT_NOTE_WINDOW_MONTHS = 6;

const today = (deps: GatewayDeps): string => kraDate(deps.clock.now());

function itemFactsOf(data: Record<string, unknown>): ItemFacts {
  const s = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  return {
    itemCd: s(data.itemCd),
    itemClsCd: s(data.itemClsCd),
    itemNm: s(data.itemNm),
    itemTyCd: s(data.itemTyCd),
    pkgUnitCd: s(data.pkgUnitCd),
    qtyUnitCd: s(data.qtyUnitCd),
    taxTyCd: s(data.taxTyCd),
  };
}

const isBand = (v: string): v is TaxBand => (TAX_BANDS as readonly string[]).includes(v);

/** What each sale line resolves to: its registered item, or the registration it carries. */
interface ResolvedLine {
  item: ItemFacts | undefined;
  register: Record<string, unknown> | undefined;
  band: TaxBand;
}

async function resolveSaleLines(
  deps: GatewayDeps,
  app: AppWithSecrets,
  input: SaleInput,
  registerItems: boolean,
  errors: FieldErrors,
): Promise<ResolvedLine[]> {
  // One lookup per distinct code (syncing the app's items once if it never did), not one per line.
  const codes = input.lines.map((l) => l.item_code ?? l.item?.itemCd).filter((c): c is string => c !== undefined);
  const known = await registeredItems(deps, app, codes);
  const resolved: ResolvedLine[] = [];
  for (let i = 0; i < input.lines.length; i++) {
    const line: SaleLineInput = input.lines[i]!;
    const path = `lines.${i}`;
    const code = line.item_code ?? line.item?.itemCd;
    const data = code === undefined ? undefined : known.get(code);
    const item = data ? itemFactsOf(data) : undefined;
    const register = !item && line.item ? { ...line.item, ...(code !== undefined ? { itemCd: code } : {}) } : undefined;
    if (!item && !(register && registerItems)) {
      errors[`${path}.item_code`] = [
        code === undefined
          ? 'is required (or send the line\u2019s item to register, with register_items: true)'
          : `${code} is not a registered item of PIN ${app.tin ?? ''}: register it with POST /api/etims/items, or send the line\u2019s item with register_items: true`,
      ];
      resolved.push({ item: undefined, register: undefined, band: 'A' });
      continue;
    }
    const registered = item?.taxTyCd ?? String(register?.taxTyCd ?? '');
    if (line.tax_type !== undefined && registered !== '' && line.tax_type !== registered) {
      errors[`${path}.tax_type`] = [`must be ${registered}, the band item ${code ?? ''} is registered with`];
    }
    const band = line.tax_type ?? registered;
    if (!isBand(band)) {
      errors[`${path}.tax_type`] = [`is required: item ${code ?? ''} has no tax band`];
      resolved.push({ item: undefined, register: undefined, band: 'A' });
      continue;
    }
    // One shape for every line (spreads that add fields made a hidden class per line: docs/architecture.md).
    resolved.push({ item, register, band });
  }
  return resolved;
}

function simpleLine(line: SaleLineInput, band: TaxBand, pricesIncludeVat: boolean): SimpleLine {
  return {
    taxTyCd: band,
    qty: line.quantity,
    unitPrice: line.unit_price,
    priceIncludesVat: pricesIncludeVat,
    ...(line.discount_rate !== undefined ? { discountRate: line.discount_rate } : {}),
    ...(line.discount_amount !== undefined ? { discountAmount: line.discount_amount } : {}),
  };
}

/** A sale's KRA body (all but `invcNo`) with the lines' items, before anything is stored. */
export interface ComputedSale {
  salesDt: string;
  lines: LineFacts[];
  amounts: DocumentAmounts;
  payload: KraBody;
}

/**
 * Validates a sale, registers unknown items when allowed, and computes its amounts and KRA body; a
 * refusal is a 422 naming the field. Sales and proformas are both made here, so a proforma shows
 * exactly the amounts its sale will have.
 */
export async function computeSale(
  deps: GatewayDeps,
  app: AppWithSecrets,
  input: Omit<SaleInput, 'trader_invoice_number'> & { trader_invoice_number: string },
  opts: { registerItems: boolean },
): Promise<ComputedSale> {
  const errors: FieldErrors = {};
  const salesDt = input.sale_date ? compactDate(input.sale_date) : today(deps);
  if (salesDt > today(deps)) errors.sale_date = [`must not be after today in Nairobi (${dashedDate(today(deps))})`];
  const resolved = await resolveSaleLines(deps, app, input, opts.registerItems || input.register_items, errors);
  refuseIfAny(errors);
  const rates = await taxRatesOf(deps, app);
  const amounts = computeOr422(() =>
    computeDocument(
      input.lines.map((line, i) => simpleLine(line, resolved[i]!.band, input.prices_include_vat)),
      rates,
      taxSettingsOf(app),
    ),
  );
  // Everything else is valid: only now are unknown items registered on KRA.
  const registered = new Map<string, ItemFacts>();
  for (const r of resolved) {
    if (r.item || !r.register) continue;
    const key = typeof r.register.itemCd === 'string' ? r.register.itemCd : JSON.stringify(r.register);
    if (!registered.has(key)) registered.set(key, itemFactsOf(await registerItem(deps, app, r.register)));
    r.item = registered.get(key)!;
  }
  const lines: LineFacts[] = input.lines.map((line, i) => ({
    item: resolved[i]!.item!,
    packages: line.packages ?? line.quantity,
    barcode: line.barcode ?? null,
  }));
  const facts: DocumentFacts = {
    kind: 'sale',
    trdInvcNo: input.trader_invoice_number,
    salesDt,
    custTin: input.customer_pin ?? null,
    custNm: input.customer_name ?? null,
    custMblNo: input.customer_phone ?? null,
    pmtTyCd: input.payment_type,
    salesTyCd: input.sales_type,
    remark: input.remark ?? null,
    acceptedAt: deps.clock.now(),
  };
  return { salesDt, lines, amounts, payload: documentBody(facts, lines, amounts) };
}

/** Validates, registers unknown items when allowed, computes the amounts and stores the sale as queued. */
export async function acceptSale(deps: GatewayDeps, app: AppWithSecrets, input: SaleInput, opts: { registerItems: boolean }): Promise<DocumentRow> {
  deviceClient(deps, app);
  // A sale that may register items on KRA is checked for a taken number first, so that a duplicate
  // registers nothing; otherwise the insert's unique index answers the same 409 (one query less).
  if (opts.registerItems || input.register_items) await refuseTakenTraderNumber(deps, app, input.trader_invoice_number);
  const { salesDt, lines, amounts, payload } = await computeSale(deps, app, input, opts);
  return storeDocument(
    deps,
    app,
    {
      kind: 'sale',
      trdInvcNo: input.trader_invoice_number,
      salesDt,
      custTin: input.customer_pin ?? null,
      payload,
      totAmt: amounts.header.totAmt,
    },
    stockTakes(
      app,
      lines,
      input.lines.map((l) => l.quantity),
    ),
  );
}

/** A credit-note refusal: 422 naming the rule (and the field it concerns). */
function ruleViolation(field: string, rule: string, message: string): ApiError {
  return validationError({ [field]: [message] }, `${field}: ${message}`, { rule });
}

const money = (v: unknown): string => Number(v).toFixed(2);

/** The sale's amounts as the engine computed them, read back from its KRA body. */
function saleAmounts(payload: KraBody): DocumentAmounts {
  const lines = (payload.itemList as KraBody[]).map((l): LineAmounts => ({
    taxTyCd: l.taxTyCd as TaxBand,
    qty: money(l.qty),
    prc: money(l.prc),
    splyAmt: money(l.splyAmt),
    dcRt: money(l.dcRt),
    dcAmt: money(l.dcAmt),
    taxblAmt: money(l.taxblAmt),
    taxAmt: money(l.taxAmt),
    totAmt: money(l.totAmt),
  }));
  const header = {} as Record<string, string | number>;
  for (const band of TAX_BANDS) {
    header[`taxblAmt${band}`] = money(payload[`taxblAmt${band}`]);
    header[`taxRt${band}`] = money(payload[`taxRt${band}`]);
    header[`taxAmt${band}`] = money(payload[`taxAmt${band}`]);
  }
  header.totTaxblAmt = money(payload.totTaxblAmt);
  header.totTaxAmt = money(payload.totTaxAmt);
  header.totAmt = money(payload.totAmt);
  header.totItemCnt = lines.length;
  return { lines, header: header as unknown as HeaderAmounts };
}

/** Rates of the sale's bands as the sale carried them; the app's current rates for the others. */
function saleRates(payload: KraBody, current: TaxRates): TaxRates {
  const lines = payload.itemList as KraBody[];
  const rates = { ...current };
  for (const band of TAX_BANDS) {
    if (lines.some((l) => l.taxTyCd === band)) rates[band] = String(payload[`taxRt${band}`]);
  }
  return rates;
}

/** Adds `months` calendar months to a `yyyyMMdd` date (clamped to the month's last day). */
function addMonths(yyyymmdd: string, months: number): string {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6)) - 1 + months;
  const d = Number(yyyymmdd.slice(6, 8));
  const year = y + Math.floor(m / 12);
  const month = ((m % 12) + 12) % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${year}${String(month + 1).padStart(2, '0')}${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** Quantities (in hundredths) credited so far on each sale line, over the sale's notes that are not rejected. */
function creditedSoFar(saleLineCount: number, notes: DocumentRow[]): number[] {
  const credited = new Array<number>(saleLineCount).fill(0);
  for (const note of notes) {
    const sources = JSON.parse(note.source_lines ?? '[]') as number[];
    const lines = (JSON.parse(note.payload) as KraBody).itemList as KraBody[];
    lines.forEach((l, i) => {
      const source = sources[i];
      if (source !== undefined) credited[source]! += hundredths(money(l.qty));
    });
  }
  return credited;
}

/** Sale line quantities this note credits (hundredths), from the caller's lines by item code; 422s name the line. */
function allocate(saleLines: KraBody[], credited: number[], lines: CreditNoteInput['lines']): number[] {
  const quantities = new Array<number>(saleLines.length).fill(0);
  const errors: FieldErrors = {};
  lines.forEach((line, i) => {
    const candidates = saleLines.map((l, idx) => ({ l, idx })).filter(({ l }) => l.itemCd === line.item_code);
    if (candidates.length === 0) {
      errors[`lines.${i}.item_code`] = [`${line.item_code} is not on the sale`];
      return;
    }
    let wanted = hundredths(line.quantity);
    for (const { l, idx } of candidates) {
      const remaining = hundredths(money(l.qty)) - credited[idx]! - quantities[idx]!;
      const take = Math.min(wanted, Math.max(remaining, 0));
      quantities[idx]! += take;
      wanted -= take;
    }
    if (wanted > 0) {
      const remaining = candidates.reduce((sum, { l, idx }) => sum + hundredths(money(l.qty)) - credited[idx]!, 0);
      errors[`lines.${i}.quantity`] = [`must be at most ${(remaining / 100).toFixed(2)}, what remains to credit of ${line.item_code} on the sale`];
    }
  });
  refuseIfAny(errors, { rule: 'credited_quantity' });
  return quantities;
}

/**
 * Validates a credit note against its sale (signed, same customer, date window, cumulative
 * quantities, notes per sale), computes its amounts so that all notes together never exceed the sale,
 * and stores it as queued. `lines` undefined = whatever remains of the sale (express).
 */
export async function acceptCreditNote(deps: GatewayDeps, app: AppWithSecrets, input: CreditNoteInput | ExpressCreditNoteInput): Promise<DocumentRow> {
  deviceClient(deps, app);
  const sale = await findDocument(deps, app.tenant_id, 'sale', input.sale, app.id).catch(() => {
    throw ruleViolation('sale', 'sale_exists', `no sale ${String(input.sale)} on this branch (give its id, trader invoice number or KRA invoice number)`);
  });
  if (sale.status !== 'signed' || sale.invc_no === null) {
    throw ruleViolation('sale', 'sale_signed', `sale ${sale.id} is ${sale.status}: only a sale KRA has signed can be credited`);
  }
  await refuseTakenTraderNumber(deps, app, input.trader_invoice_number);
  const settings = app.settings as AppSettings;
  const notes = await deps.db
    .selectFrom('etims_documents')
    .selectAll()
    .where('original_id', '=', sale.id)
    .where('kind', '=', 'credit_note')
    .where('status', '!=', 'rejected')
    .execute();
  const maxNotes = settings.max_credit_notes_per_sale ?? null;
  if (maxNotes !== null && notes.length >= maxNotes) {
    throw ruleViolation(
      'sale',
      'max_credit_notes_per_sale',
      `sale ${sale.id} already has ${notes.length} credit note(s), the most this app allows (settings.max_credit_notes_per_sale)`,
    );
  }
  const creditDt = input.credit_date ? compactDate(input.credit_date) : today(deps);
  if (creditDt > today(deps)) throw ruleViolation('credit_date', 'credit_date_future', `must not be after today in Nairobi (${dashedDate(today(deps))})`);
  if (creditDt < sale.sales_dt)
    throw ruleViolation('credit_date', 'credit_date_before_sale', `must not be before the sale's date ${dashedDate(sale.sales_dt)}`);
  const windowMonths = settings.credit_note_window_months === undefined ? DEFAULT_CREDIT_NOTE_WINDOW_MONTHS : settings.credit_note_window_months;
  if (windowMonths !== null && creditDt > addMonths(sale.sales_dt, windowMonths)) {
    throw ruleViolation(
      'credit_date',
      'credit_note_window',
      `must be within ${windowMonths} months of the sale's date ${dashedDate(sale.sales_dt)} (until ${dashedDate(addMonths(sale.sales_dt, windowMonths))}; settings.credit_note_window_months)`,
    );
  }

  const salePayload = JSON.parse(sale.payload) as KraBody;
  const saleLines = salePayload.itemList as KraBody[];
  const credited = creditedSoFar(saleLines.length, notes);
  const quantities =
    'lines' in input && input.lines
      ? allocate(saleLines, credited, input.lines)
      : saleLines.map((l, i) => Math.max(hundredths(money(l.qty)) - credited[i]!, 0));
  if (quantities.every((q) => q === 0)) throw ruleViolation('sale', 'credited_quantity', `sale ${sale.id} is fully credited already`);

  const rates = saleRates(salePayload, await taxRatesOf(deps, app));
  const note = computeOr422(() =>
    computeCreditNote(
      saleAmounts(salePayload),
      credited.map((q) => (q / 100).toFixed(2)),
      quantities.map((q) => (q / 100).toFixed(2)),
      rates,
      taxSettingsOf(app),
    ),
  );
  const lines: LineFacts[] = note.lineIndexes.map((idx, i) => {
    const source = saleLines[idx]!;
    return { item: itemFactsOf(source), packages: note.lines[i]!.qty, barcode: (source.bcd as string | null) ?? null };
  });
  const receipt = (salePayload.receipt ?? {}) as KraBody;
  const facts: DocumentFacts = {
    kind: 'credit_note',
    trdInvcNo: input.trader_invoice_number,
    salesDt: creditDt,
    // KRA refuses a credit note whose customer PIN differs from the sale's (§6.3): it is the sale's, always.
    custTin: sale.cust_tin,
    custNm: (salePayload.custNm as string | null) ?? null,
    custMblNo: (receipt.custMblNo as string | null) ?? null,
    pmtTyCd: String(salePayload.pmtTyCd ?? '01'),
    salesTyCd: String(salePayload.salesTyCd ?? 'N'),
    remark: input.remark ?? null,
    orgInvcNo: sale.invc_no,
    rfdRsnCd: input.reason_code,
    acceptedAt: deps.clock.now(),
  };
  return storeDocument(
    deps,
    app,
    {
      kind: 'credit_note',
      trdInvcNo: input.trader_invoice_number,
      salesDt: creditDt,
      custTin: sale.cust_tin,
      payload: documentBody(facts, lines, note),
      totAmt: note.header.totAmt,
      originalId: sale.id,
      sourceLines: note.lineIndexes,
    },
    [],
    async (trx) => {
      // Two credit notes of one sale at once must not both pass the cumulative checks: the sale row is
      // locked (PostgreSQL; SQLite runs one transaction at a time), and the notes counted again.
      let lock = trx.selectFrom('etims_documents').select('id').where('id', '=', sale.id);
      if (deps.store.dialect === 'postgres') lock = lock.forUpdate();
      await lock.execute();
      const now = await trx
        .selectFrom('etims_documents')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('original_id', '=', sale.id)
        .where('kind', '=', 'credit_note')
        .where('status', '!=', 'rejected')
        .executeTakeFirstOrThrow();
      if (Number(now.n) !== notes.length) {
        throw new ApiError(
          'conflict',
          `Another credit note of sale ${sale.id} was accepted at the same moment: send this one again to check it against both.`,
          {
            rule: 'concurrent_credit_note',
          },
        );
      }
    },
  );
}
