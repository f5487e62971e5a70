/**
 * Credit notes (`saveTrnsSalesOsdc`, `rcptTyCd R`) against their sale (docs/kra/etims-oscu.md §6.3,
 * §6.9): a signed sale of the branch, a reason, the sale's customer PIN, a date within the window,
 * at most `maxCreditNotesPerSale` notes, and never more quantity per item or amount than the sale.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { addMonths } from '../src/oscu/operations/credit-notes.js';
import { createHarness, ITEMS, saleBody, type Json, type LineSpec, type OscuHarness } from './oscu-harness.js';

let h: OscuHarness;
let hdr: Record<string, string>;
/** The next free number of the branch's sales/credit-note sequence. */
let next: number;

const BUYER = { custTin: 'P051111111A', custNm: 'REGISTRY BUYER LIMITED' };
/** Sale 1: 3 flour at 200 + 16 % (696) and 2 kg milk at 60, exempt (120): totAmt 816. */
const SALE: LineSpec[] = [
  [ITEMS.flour, 3, 200],
  [ITEMS.milk, 2, 60],
];

const sell = (body: Json): Promise<Json> => h.a('saveTrnsSalesOsdc', body, hdr);

/** Sends a sale or note with the next number; the number is used up only when it is signed. */
async function send(specs: LineSpec[], extra: Json): Promise<Json> {
  const res = await sell(saleBody(next, specs, extra));
  if (res.resultCd === '000') next += 1;
  return res;
}
const credit = (specs: LineSpec[], extra: Json = {}): Promise<Json> => send(specs, { rcptTyCd: 'R', orgInvcNo: 1, rfdRsnCd: '06', ...BUYER, ...extra });
const refusal = async (specs: LineSpec[], extra: Json = {}): Promise<string> => {
  const res = await credit(specs, extra);
  expect(res.resultCd, res.resultMsg).toBe('910');
  expect(res.data).toBeNull();
  return res.resultMsg as string;
};

beforeEach(async () => {
  h = createHarness();
  hdr = await h.init('P051234567Q', '00', 'ushuru-sim-dvc-01');
  next = 1;
  expect((await send(SALE, BUYER)).resultCd).toBe('000');
});

describe('the original sale', () => {
  it('accepts a note crediting the whole sale', async () => {
    const res = await credit(SALE);
    expect(res.resultCd).toBe('000');
    expect(res.data).toMatchObject({ curRcptNo: 1, totRcptNo: 2 });
  });

  it('refuses an orgInvcNo the branch never signed, in KRA’s words', async () => {
    expect(await refusal(SALE, { orgInvcNo: 99 })).toBe('orgInvcNo does not exist: 99 is not a signed sale of this branch');
    expect(await refusal(SALE, { orgInvcNo: 0 })).toBe('orgInvcNo does not exist: 0 is not a signed sale of this branch');
  });

  it('refuses a sale of another branch', async () => {
    hdr = await h.init('P051234567Q', '01', 'ushuru-sim-dvc-02');
    next = 1;
    expect(await refusal(SALE)).toBe('orgInvcNo does not exist: 1 is not a signed sale of this branch');
  });

  it('refuses to credit a credit note', async () => {
    expect((await credit([[ITEMS.flour, 1, 200]])).resultCd).toBe('000');
    expect(await refusal([[ITEMS.flour, 1, 200]], { orgInvcNo: 2 })).toBe('Request parameter error: orgInvcNo 2 is a credit note; only a sale can be credited');
  });

  it('wants a reason code', async () => {
    expect(await refusal(SALE, { rfdRsnCd: null })).toBe('Request parameter error: rfdRsnCd is required for a credit note');
  });

  it("wants the sale's customer PIN", async () => {
    expect(await refusal(SALE, { custTin: 'P052345678R' })).toBe('Request parameter error: custTin must equal the original invoice custTin (P051111111A)');
    expect(await refusal(SALE, { custTin: null })).toMatch(/custTin must equal the original invoice custTin \(P051111111A\)$/);
  });
});

describe('the date', () => {
  it('may be the sale’s day but not before it', async () => {
    expect(await refusal(SALE, { salesDt: '20250114' })).toBe('Request parameter error: salesDt must not precede the original invoice salesDt 20250115');
    expect((await credit(SALE, { salesDt: '20250115' })).resultCd).toBe('000');
  });

  it('may be up to 6 months after the sale by default, not a day more', async () => {
    expect(await refusal(SALE, { salesDt: '20250716' })).toBe(
      'Request parameter error: salesDt 20250716 is more than 6 months after the original invoice salesDt 20250115 (last day allowed 20250715)',
    );
    expect((await credit(SALE, { salesDt: '20250715' })).resultCd).toBe('000');
  });

  it('follows creditNoteWindowMonths, and null lifts the limit', async () => {
    h.setSettings({ creditNoteWindowMonths: 1 });
    expect(await refusal([[ITEMS.flour, 1, 200]], { salesDt: '20250216' })).toMatch(/more than 1 months after .* \(last day allowed 20250215\)$/);
    expect((await credit([[ITEMS.flour, 1, 200]], { salesDt: '20250215' })).resultCd).toBe('000');
    h.setSettings({ creditNoteWindowMonths: null });
    expect((await credit([[ITEMS.flour, 1, 200]], { salesDt: '20300101' })).resultCd).toBe('000');
  });

  it('counts calendar months, clamped to the end of a shorter month', () => {
    expect(addMonths('20250115', 6)).toBe('20250715');
    expect(addMonths('20250831', 6)).toBe('20260228');
    expect(addMonths('20230831', 6)).toBe('20240229');
    expect(addMonths('20251130', 3)).toBe('20260228');
    expect(addMonths('20251231', 12)).toBe('20261231');
    expect(addMonths('20250715', 6)).toBe('20260115');
  });
});

describe('quantities and amounts over all notes of a sale', () => {
  it('allows partial notes until the sale is fully credited, then nothing more', async () => {
    expect((await credit([[ITEMS.flour, 1, 200]])).resultCd).toBe('000');
    expect((await credit([[ITEMS.milk, 0.5, 60]])).resultCd).toBe('000');
    expect(
      (
        await credit([
          [ITEMS.flour, 2, 200],
          [ITEMS.milk, 1.5, 60],
        ])
      ).resultCd,
    ).toBe('000');
    expect(await refusal([[ITEMS.flour, 0.01, 200]])).toBe(
      'Request parameter error: itemList[0].qty would bring the credited quantity of KE2NTU0000001 to 3.01, above the 3.00 sold on invoice 1',
    );
  });

  it('refuses more of an item than was sold, at once or in total, and accepts exactly what remains', async () => {
    expect(await refusal([[ITEMS.flour, 4, 200]])).toMatch(
      /itemList\[0\]\.qty would bring the credited quantity of KE2NTU0000001 to 4\.00, above the 3\.00 sold/,
    );
    expect((await credit([[ITEMS.flour, 2, 200]])).resultCd).toBe('000');
    expect(
      await refusal([
        [ITEMS.milk, 1, 60],
        [ITEMS.flour, 1.01, 200],
      ]),
    ).toMatch(/itemList\[1\]\.qty would bring the credited quantity of KE2NTU0000001 to 3\.01/);
    expect((await credit([[ITEMS.flour, 1, 200]])).resultCd).toBe('000');
  });

  it('refuses an item that is not on the sale', async () => {
    expect(await refusal([[ITEMS.diesel, 1, 180]])).toBe('Request parameter error: itemList[0].itemCd KE2NTL0000004 is not on the original invoice 1');
  });

  it('adds up the lines of an item, on the sale and on the note', async () => {
    expect(
      (
        await send(
          [
            [ITEMS.flour, 1, 200],
            [ITEMS.flour, 2, 210],
          ],
          {},
        )
      ).resultCd,
    ).toBe('000');
    const onSale2 = { orgInvcNo: 2, custTin: null, custNm: null };
    expect(
      await refusal(
        [
          [ITEMS.flour, 2, 200],
          [ITEMS.flour, 1.5, 200],
        ],
        onSale2,
      ),
    ).toMatch(/itemList\[1\]\.qty would bring the credited quantity of KE2NTU0000001 to 3\.50, above the 3\.00 sold on invoice 2/);
    expect((await credit([[ITEMS.flour, 3, 200]], onSale2)).resultCd).toBe('000');
  });

  it('refuses a total above the sale’s, at once or over several notes, and accepts the exact balance', async () => {
    // Quantities within the sale, but a higher price: 3 × 250 + 16 % = 870 > 816.
    expect(await refusal([[ITEMS.flour, 3, 250]])).toBe(
      'Request parameter error: totAmt would bring the credited total of invoice 1 to 870.00, above its totAmt 816.00',
    );
    expect((await credit([[ITEMS.flour, 3, 200]])).resultCd).toBe('000'); // 696
    expect(await refusal([[ITEMS.milk, 2, 60.01]])).toMatch(/credited total of invoice 1 to 816\.02, above its totAmt 816\.00$/);
    expect((await credit([[ITEMS.milk, 2, 60]])).resultCd).toBe('000'); // 816 exactly
  });
});

describe('maxCreditNotesPerSale', () => {
  it('is unlimited by default', async () => {
    for (let i = 0; i < 6; i++) expect((await credit([[ITEMS.flour, 0.5, 200]])).resultCd).toBe('000');
  });

  it('refuses a note beyond the limit; refused notes do not count', async () => {
    h.setSettings({ maxCreditNotesPerSale: 2 });
    expect((await credit([[ITEMS.flour, 1, 200]])).resultCd).toBe('000');
    expect(await refusal([[ITEMS.flour, 9, 200]])).toMatch(/credited quantity/);
    expect((await credit([[ITEMS.flour, 1, 200]])).resultCd).toBe('000');
    expect(await refusal([[ITEMS.flour, 1, 200]])).toBe('Request parameter error: orgInvcNo 1 already has 2 credit note(s), the most allowed per sale (2)');
    // Another sale has its own count.
    expect((await send(SALE, BUYER)).resultCd).toBe('000');
    expect((await credit([[ITEMS.flour, 1, 200]], { orgInvcNo: next - 1 })).resultCd).toBe('000');
  });
});

describe('selectInvoiceDetails', () => {
  it('returns exactly what was signed, for the sale and for its credit note', async () => {
    const noteBody = saleBody(2, [[ITEMS.flour, 1, 200]], { rcptTyCd: 'R', orgInvcNo: 1, rfdRsnCd: '06', rfdDt: '20250115110000', ...BUYER });
    const signedNote = await sell(noteBody);
    expect(signedNote.resultCd).toBe('000');
    const saleSent = saleBody(1, SALE, BUYER);
    for (const [invcNo, sent, curRcptNo, totRcptNo] of [
      [1, saleSent, 1, 1],
      [2, noteBody, 1, 2],
    ] as const) {
      const res = await h.a('selectInvoiceDetails', { invcNo }, hdr);
      expect(res.resultCd).toBe('000');
      const { receipt, ...header } = res.data.salesList[0];
      const { receipt: sentReceipt, ...sentHeader } = sent;
      expect(header).toStrictEqual(sentHeader);
      expect(receipt).toStrictEqual({
        ...sentReceipt,
        curRcptNo,
        totRcptNo,
        intrlData: expect.stringMatching(/^[A-Z2-7]{26}$/),
        rcptSign: expect.stringMatching(/^[A-Z2-7]{16}$/),
        sdcDateTime: '2025-01-15 10:00:00.0',
      });
    }
    expect((await h.a('selectInvoiceDetails', { invcNo: 2 }, hdr)).data.salesList[0].receipt.rcptSign).toBe(signedNote.data.rcptSign);
  });
});
