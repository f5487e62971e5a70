/**
 * The signature KRA returns for a signed sale and the views of a stored sale other parties need
 * (`selectInvoiceDetails`, the buyer's purchase list, the portal's invoice checker).
 */
import type { SignedInvoiceSummary } from '../core/types.js';
import { BASE32_ALPHABET, derivePrng, randomString } from './prng.js';
import type { StoredSale } from './state.js';
import { TAX_TYPES } from './tax.js';
import { compactToDashed, formatCompact, formatDashed, formatDashedTenths } from './time.js';
import type { Body } from './validate.js';

/** `intrlData` (26) and `rcptSign` (16), upper-case base32 like KRA's samples, derived from the seed. */
export function signReceipt(seed: number, tin: string, bhfId: string, invcNo: number): { intrlData: string; rcptSign: string } {
  const rng = derivePrng(seed, 'receipt', tin, bhfId, invcNo);
  return { intrlData: randomString(rng, BASE32_ALPHABET, 26), rcptSign: randomString(rng, BASE32_ALPHABET, 16) };
}

/** The `data` of a successful `saveTrnsSalesOsdc`. */
export function saleResponseData(sale: StoredSale): Body {
  const s = sale.signature;
  return { curRcptNo: s.curRcptNo, totRcptNo: s.totRcptNo, intrlData: s.intrlData, rcptSign: s.rcptSign, sdcDateTime: formatCompact(s.signedAt) };
}

/** `selectInvoiceDetails`' `salesList[0]`: the request as sent plus the receipt signature. */
export function invoiceDetails(sale: StoredSale): Body {
  const s = sale.signature;
  const receipt = (sale.request.receipt ?? {}) as Body;
  return {
    ...structuredClone(sale.request),
    receipt: {
      ...structuredClone(receipt),
      curRcptNo: s.curRcptNo,
      totRcptNo: s.totRcptNo,
      intrlData: s.intrlData,
      rcptSign: s.rcptSign,
      // Not the compact format of the save response: KRA returns a Java timestamp here (§2).
      sdcDateTime: formatDashedTenths(s.signedAt),
    },
  };
}

const lines = (sale: StoredSale): Body[] => (sale.request.itemList as Body[]) ?? [];
const dashed = (v: unknown): string | null => (typeof v === 'string' && v.length === 14 ? compactToDashed(v) : null);

/** The sale as it appears in the buyer's `selectTrnsPurchaseSalesList` (`saleList[]` entry). */
export function asSupplierSale(sale: StoredSale): Body {
  const r = sale.request;
  const out: Body = {
    spplrTin: sale.tin,
    spplrNm: sale.taxprNm,
    spplrBhfId: sale.bhfId,
    spplrInvcNo: sale.invcNo,
    spplrSdcId: sale.device.sdcId,
    spplrMrcNo: sale.device.mrcNo,
    rcptTyCd: r.rcptTyCd,
    pmtTyCd: r.pmtTyCd ?? null,
    cfmDt: dashed(r.cfmDt),
    salesDt: r.salesDt,
    stockRlsDt: dashed(r.stockRlsDt),
    totItemCnt: r.totItemCnt,
  };
  for (const x of TAX_TYPES) out[`taxblAmt${x}`] = r[`taxblAmt${x}`];
  for (const x of TAX_TYPES) out[`taxRt${x}`] = r[`taxRt${x}`];
  for (const x of TAX_TYPES) out[`taxAmt${x}`] = r[`taxAmt${x}`];
  out.totTaxblAmt = r.totTaxblAmt;
  out.totTaxAmt = r.totTaxAmt;
  out.totAmt = r.totAmt;
  out.remark = r.remark ?? null;
  out.itemList = lines(sale).map((l) => ({
    itemSeq: l.itemSeq,
    itemCd: l.itemCd,
    itemClsCd: l.itemClsCd,
    itemNm: l.itemNm,
    bcd: l.bcd ?? null,
    pkgUnitCd: l.pkgUnitCd,
    pkg: l.pkg,
    qtyUnitCd: l.qtyUnitCd,
    qty: l.qty,
    prc: l.prc,
    splyAmt: l.splyAmt,
    dcRt: l.dcRt,
    dcAmt: l.dcAmt,
    taxTyCd: l.taxTyCd,
    taxblAmt: l.taxblAmt,
    taxAmt: l.taxAmt,
    totAmt: l.totAmt,
  }));
  return out;
}

/** The CU invoice number printed on the receipt: `{sdcId}/{invcNo}`. */
export const cuInvoiceNumber = (sdcId: string, invcNo: number): string => `${sdcId}/${invcNo}`;

/** The portal invoice checker's view of a signed sale. */
export function toSignedInvoiceSummary(sale: StoredSale): SignedInvoiceSummary {
  const r = sale.request;
  const salesDt = String(r.salesDt);
  const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
  return {
    cuInvoiceNumber: cuInvoiceNumber(sale.device.sdcId, sale.invcNo),
    sdcId: sale.device.sdcId,
    invcNo: sale.invcNo,
    tin: sale.tin,
    bhfId: sale.bhfId,
    taxpayerName: sale.taxprNm,
    deviceSerialNumber: sale.device.dvcSrlNo,
    custTin: str(r.custTin),
    custNm: str(r.custNm),
    traderInvoiceNumber: String(r.trdInvcNo),
    salesDate: `${salesDt.slice(0, 4)}-${salesDt.slice(4, 6)}-${salesDt.slice(6, 8)}`,
    transmissionDate: formatDashed(sale.signature.signedAt),
    totalItemCount: r.totItemCnt as number,
    totalAmount: r.totAmt as number,
    totalTaxableAmount: r.totTaxblAmt as number,
    totalTaxAmount: r.totTaxAmt as number,
    totalDiscountAmount: Math.round(lines(sale).reduce((s, l) => s + ((l.dcAmt as number) ?? 0) * 100, 0)) / 100,
    items: lines(sale).map((l) => ({
      itemCode: String(l.itemCd),
      itemName: String(l.itemNm),
      quantity: l.qty as number,
      unitPrice: l.prc as number,
      taxType: String(l.taxTyCd),
      taxableAmount: l.taxblAmt as number,
      taxAmount: l.taxAmt as number,
      totalAmount: l.totAmt as number,
    })),
  };
}
