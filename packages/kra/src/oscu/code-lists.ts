/**
 * The code lists OSCU request fields take their values from, as KRA publishes them: in KRA's OSCU
 * specification v2.0 (the closed lists of the protocol itself: receipt and registration types, Y/N)
 * and in the code classes `selectCodeList` serves (`cdCls`, e.g. `07` payment types), as KRA's
 * sandbox serves them today.
 *
 * The lists of a code class belong to KRA: it may add codes, and clients are expected to read
 * them from `selectCodeList` rather than hard-code them. They are written out here so that the
 * field table (`OSCU_REQUEST_FIELDS` in fields.ts) and the tests can name them; what a value is checked
 * against at run time is up to each side (see `codes` and `codeClass` on `OscuField`).
 */

/** `Y` yes, `N` no: every `…Yn` flag (`useYn`, `isrcAplcbYn`, `prchrAcptcYn`). */
export const YES_NO = ['Y', 'N'] as const;

/** Sales receipt types (`rcptTyCd` of saveTrnsSalesOsdc, class 37): `S` sale, `R` credit note. */
export const SALES_RECEIPT_TYPES = ['S', 'R'] as const;

/** Purchase receipt types (`rcptTyCd` of insertTrnsPurchase, class 38): `P` purchase, `R` credit note (return to the supplier). */
export const PURCHASE_RECEIPT_TYPES = ['P', 'R'] as const;

/** Registration types (`regTyCd` of purchases and stock moves): `A` automatic (made by the system), `M` manual (entered by hand). */
export const REGISTRATION_TYPES = ['A', 'M'] as const;

/** Tax types (`taxTyCd`, class 04): `A` exempt, `B` VAT 16%, `C` zero-rated, `D` non-VAT, `E` VAT 8%. Also the letters of the header's tax bands. */
export const TAX_TYPES = ['A', 'B', 'C', 'D', 'E'] as const;

/** Payment types (`pmtTyCd`, class 07): 01 cash, 02 credit, 03 cash/credit, 04 bank check, 05 debit & credit card, 06 mobile money, 07 other. */
export const PAYMENT_TYPES = ['01', '02', '03', '04', '05', '06', '07'] as const;

/** Sale statuses (`salesSttsCd`, class 11): 01 wait for approval, 02 approved, 03 cancel requested, 04 canceled, 05 credit note generated, 06 transferred. */
export const SALE_STATUSES = ['01', '02', '03', '04', '05', '06'] as const;

/** Purchase statuses (`pchsSttsCd`, class 34): the same codes and meanings as the sale statuses (class 11). */
export const PURCHASE_STATUSES = ['01', '02', '03', '04', '05', '06'] as const;

/** Transaction types (`salesTyCd`, `pchsTyCd`, class 14): `C` copy, `N` normal, `P` proforma, `T` training. */
export const TRANSACTION_TYPES = ['C', 'N', 'P', 'T'] as const;

/** Stock moves in (`sarTyCd`, class 12): 01 import, 02 purchase, 03 return, 04 stock movement, 05 processing, 06 adjustment. */
export const STOCK_IN_TYPES = ['01', '02', '03', '04', '05', '06'] as const;

/** Stock moves out (`sarTyCd`, class 12): 11 sale, 12 return, 13 stock movement, 14 processing, 15 discarding, 16 adjustment. */
export const STOCK_OUT_TYPES = ['11', '12', '13', '14', '15', '16'] as const;

/** Stock IO types (`sarTyCd`, class 12): the moves in, then the moves out. */
export const STOCK_IO_TYPES = [...STOCK_IN_TYPES, ...STOCK_OUT_TYPES] as const;

/** Credit-note reasons (`rfdRsnCd`, class 32): 01 missing quantity, 02 missing data, 03 damaged, 04 wasted, 05 raw material shortage, 06 refund. */
export const CREDIT_NOTE_REASONS = ['01', '02', '03', '04', '05', '06'] as const;

/** Item types (`itemTyCd`, class 24): 1 raw material, 2 finished product, 3 service. */
export const ITEM_TYPES = ['1', '2', '3'] as const;

/** Import item statuses (class 26): 1 unsent, 2 waiting, 3 approved, 4 cancelled. */
export const IMPORT_ITEM_STATUSES = ['1', '2', '3', '4'] as const;

/** The import item statuses a client may set with updateImportItem (`imptItemSttsCd`): 3 approve, 4 cancel. */
export const IMPORT_ITEM_DECISIONS = ['3', '4'] as const;

/**
 * The code classes above by `cdCls`, for fields that name one (`codeClass`). Classes whose lists
 * are long and change (05 countries, 10 quantity units, 17 packaging units) are not written out:
 * only the list synced from KRA can say what they hold.
 */
export const OSCU_CODE_CLASS_LISTS: Readonly<Record<string, readonly string[]>> = {
  '04': TAX_TYPES,
  '07': PAYMENT_TYPES,
  '11': SALE_STATUSES,
  '12': STOCK_IO_TYPES,
  '14': TRANSACTION_TYPES,
  '24': ITEM_TYPES,
  '26': IMPORT_ITEM_STATUSES,
  '32': CREDIT_NOTE_REASONS,
  '34': PURCHASE_STATUSES,
  '37': SALES_RECEIPT_TYPES,
  '38': PURCHASE_RECEIPT_TYPES,
};
