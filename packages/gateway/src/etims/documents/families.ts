/**
 * The KRA sequences documents are numbered in, per branch (docs/kra/etims-oscu.md §6.2, §6.6):
 * sales and credit notes share `invcNo`; purchases have their own `invcNo`; stock IO has `sarNo`;
 * stock master updates carry none.
 * What the outbox needs to know about each: the operation, the number's field, the counter column.
 */
import type { OscuOperationName } from '@ushuru/kra';
import type { EtimsBranchQueuesTable, EtimsDocumentsTable } from '../../store/schema.js';

export type DocumentKind = EtimsDocumentsTable['kind'];
export type DocumentFamily = EtimsDocumentsTable['family'];

/** The sequence of each kind of document. */
export const FAMILY_OF: Readonly<Record<DocumentKind, DocumentFamily>> = {
  sale: 'invc',
  credit_note: 'invc',
  purchase: 'pchs',
  stock_io: 'sar',
  stock_master: 'none',
};

/** A numbered sequence. */
export interface NumberedFamily {
  /** The OSCU write that carries the number. */
  operation: OscuOperationName;
  /** The number's field in that write. */
  field: 'invcNo' | 'sarNo';
  /** Where the last number KRA accepted is kept. */
  counter: keyof Pick<EtimsBranchQueuesTable, 'last_invc_no' | 'last_pchs_no' | 'last_sar_no'>;
  /** Whether KRA can be asked if it holds a number (`selectInvoiceDetails`); without it a resend under the same number decides. */
  canReconcile: boolean;
}

export const NUMBERED_FAMILIES: Readonly<Record<Exclude<DocumentFamily, 'none'>, NumberedFamily>> = {
  invc: { operation: 'saveTrnsSalesOsdc', field: 'invcNo', counter: 'last_invc_no', canReconcile: true },
  pchs: { operation: 'insertTrnsPurchase', field: 'invcNo', counter: 'last_pchs_no', canReconcile: false },
  sar: { operation: 'insertStockIO', field: 'sarNo', counter: 'last_sar_no', canReconcile: false },
};
