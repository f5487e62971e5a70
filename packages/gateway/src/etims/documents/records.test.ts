/**
 * presentDocument: the number and the receipt's derived fields come from the row, written over
 * whatever the stored JSON holds, and KRA's receipt keeps its own fields and order.
 */
import { describe, expect, it } from 'vitest';
import { presentDocument, type DocumentRow } from './records.js';

const row = (over: Partial<DocumentRow>): DocumentRow => ({
  id: 41,
  tenant_id: 't1',
  app_id: 3,
  tin: 'P051234567Q',
  bhf_id: '00',
  kind: 'sale',
  family: 'invc',
  trd_invc_no: 'INV-41',
  status: 'signed',
  invc_no: 12,
  original_id: null,
  source_lines: null,
  cust_tin: null,
  sales_dt: '20261205',
  tot_amt: '199.99',
  payload: JSON.stringify({ trdInvcNo: 'INV-41', totAmt: 199.99 }),
  receipt: JSON.stringify({
    curRcptNo: 7,
    totRcptNo: 9,
    intrlData: 'INTRL',
    rcptSign: 'SIGN',
    sdcDateTime: '20261205120000',
    sdcId: 'KRACU0100000001',
    mrcNo: 'WIS01',
  }),
  kra_result_cd: '000',
  kra_result_msg: 'It is succeeded',
  attempts: 1,
  realignments: 0,
  next_attempt_at: '2026-12-05T12:00:00.000Z',
  created_at: '2026-12-05T12:00:00.000Z',
  updated_at: '2026-12-05T12:00:00.000Z',
  sent_at: '2026-12-05T12:00:00.000Z',
  signed_at: '2026-12-05T12:00:00.000Z',
  delay_reported_at: null,
  print_count: 0,
  public_id: null,
  oscu_invc_no: null,
  ...over,
});

describe('presentDocument', () => {
  it("shows KRA's receipt fields, then the CU invoice number and verification URL worked out from the row", () => {
    const view = presentDocument(row({}), 'sandbox');
    expect(Object.keys(view.receipt!)).toEqual([
      'curRcptNo',
      'totRcptNo',
      'intrlData',
      'rcptSign',
      'sdcDateTime',
      'sdcId',
      'mrcNo',
      'cu_invoice_number',
      'verification_url',
    ]);
    expect(view.receipt).toMatchObject({ sdcId: 'KRACU0100000001', cu_invoice_number: 'KRACU0100000001/12' });
    expect(view.receipt!.verification_url).toBe('https://etims-sbx.kra.go.ke/common/link/etims/receipt/indexEtimsReceiptData?Data=P051234567Q00SIGN');
    expect(view.document).toEqual({ trdInvcNo: 'INV-41', totAmt: 199.99, invcNo: 12 });
  });

  it('takes the number and the derived fields from the row even if the stored JSON holds its own', () => {
    const view = presentDocument(
      row({
        payload: JSON.stringify({ invcNo: 99, trdInvcNo: 'INV-41' }),
        receipt: JSON.stringify({ sdcId: 'KRACU0100000001', rcptSign: 'SIGN', cu_invoice_number: 'forged', verification_url: 'https://example.com' }),
      }),
      'production',
    );
    expect(view.document.invcNo).toBe(12);
    expect(view.receipt).toMatchObject({
      cu_invoice_number: 'KRACU0100000001/12',
      verification_url: 'https://etims.kra.go.ke/common/link/etims/receipt/indexEtimsReceiptData?Data=P051234567Q00SIGN',
    });
  });

  it('has no receipt before signing, and no CU invoice number without a bound number', () => {
    expect(presentDocument(row({ receipt: null, status: 'queued', invc_no: null }), 'sandbox').receipt).toBeNull();
    expect(presentDocument(row({ invc_no: null }), 'sandbox').receipt!.cu_invoice_number).toBeNull();
  });
});
