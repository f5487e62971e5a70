/**
 * The `saveTrnsSalesOsdc` body of a sale or credit note, from the caller's facts, the items' registered
 * facts and the tax engine's amounts. `invcNo` is left out: the outbox binds it when the document is
 * sent as the head of its branch's queue (docs/kra/etims-oscu.md §6.2, §6.9).
 */
import type { DocumentAmounts, LineAmounts } from '@ushuru/kra';
import { kraTimestamp } from '../../kra/time.js';
import { DEFAULT_AUDIT } from '../items-service.js';

/** What a document line needs to know about its item, as registered on KRA. */
export interface ItemFacts {
  itemCd: string;
  itemClsCd: string;
  itemNm: string;
  itemTyCd: string;
  pkgUnitCd: string;
  qtyUnitCd: string;
  taxTyCd: string;
}

/** The KRA line of one computed line. */
export interface LineFacts {
  item: ItemFacts;
  packages: string;
  barcode: string | null;
}

/** A KRA body: JSON numbers for amounts (the engine's exact decimal strings, converted last). */
export type KraBody = Record<string, unknown>;

const num = (decimal: string): number => Number(decimal);

function kraLine(seq: number, facts: LineFacts, amounts: LineAmounts): KraBody {
  return {
    itemSeq: seq,
    itemCd: facts.item.itemCd,
    itemClsCd: facts.item.itemClsCd,
    itemNm: facts.item.itemNm,
    bcd: facts.barcode,
    pkgUnitCd: facts.item.pkgUnitCd,
    pkg: num(facts.packages),
    qtyUnitCd: facts.item.qtyUnitCd,
    qty: num(amounts.qty),
    prc: num(amounts.prc),
    splyAmt: num(amounts.splyAmt),
    dcRt: num(amounts.dcRt),
    dcAmt: num(amounts.dcAmt),
    isrccCd: null,
    isrccNm: null,
    isrcRt: null,
    isrcAmt: null,
    taxTyCd: amounts.taxTyCd,
    taxblAmt: num(amounts.taxblAmt),
    taxAmt: num(amounts.taxAmt),
    totAmt: num(amounts.totAmt),
  };
}

function headerAmounts(amounts: DocumentAmounts): KraBody {
  const out: KraBody = {};
  for (const [key, value] of Object.entries(amounts.header)) out[key] = typeof value === 'string' ? num(value) : value;
  return out;
}

/** The header facts of a document that do not come from the tax engine. */
export interface DocumentFacts {
  kind: 'sale' | 'credit_note';
  trdInvcNo: string;
  /** `yyyyMMdd`. */
  salesDt: string;
  custTin: string | null;
  custNm: string | null;
  custMblNo: string | null;
  pmtTyCd: string;
  salesTyCd: string;
  remark: string | null;
  /** Credit notes: the sale's KRA number and the reason (list 32). */
  orgInvcNo?: number;
  rfdRsnCd?: string;
  /** Epoch ms the document was accepted (its confirmation time). */
  acceptedAt: number;
}

/** The complete body but `invcNo`. */
export function documentBody(facts: DocumentFacts, lines: readonly LineFacts[], amounts: DocumentAmounts): KraBody {
  const cfmDt = kraTimestamp(facts.acceptedAt);
  const credit = facts.kind === 'credit_note';
  return {
    orgInvcNo: credit ? facts.orgInvcNo : 0,
    trdInvcNo: facts.trdInvcNo,
    custTin: facts.custTin,
    custNm: facts.custNm,
    salesTyCd: facts.salesTyCd,
    rcptTyCd: credit ? 'R' : 'S',
    pmtTyCd: facts.pmtTyCd,
    salesSttsCd: '02',
    cfmDt,
    salesDt: facts.salesDt,
    stockRlsDt: null,
    cnclReqDt: null,
    cnclDt: null,
    rfdDt: credit ? cfmDt : null,
    rfdRsnCd: credit ? facts.rfdRsnCd : null,
    ...headerAmounts(amounts),
    prchrAcptcYn: 'N',
    remark: facts.remark,
    ...DEFAULT_AUDIT,
    receipt: {
      custTin: facts.custTin,
      custMblNo: facts.custMblNo,
      rcptPbctDt: cfmDt,
      trdeNm: null,
      adrs: null,
      topMsg: null,
      btmMsg: null,
      prchrAcptcYn: 'N',
    },
    itemList: amounts.lines.map((line, i) => kraLine(i + 1, lines[i]!, line)),
  };
}
