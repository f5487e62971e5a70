/**
 * Request schemas of all 21 OSCU operations, keyed by operation name, built from KRA's field table
 * (`OSCU_REQUEST_FIELDS` of @ushuru/kra) by table.ts. `POST /api/etims/oscu/{op}` validates
 * KRA-native bodies with these before anything is sent. What the gateway adds to the table is
 * here: the line count check and the whole tax bands of the fiscal documents.
 */
import { OSCU_OPERATIONS, type OscuOperationName } from '@ushuru/kra';
import type { z } from 'zod';
import { withCountedLines, withWholeBands } from './documents.js';
import { tableSchema } from './table.js';

/** #6 ItemSaveReq (also an update when `itemCd` exists); its `.shape` builds our item routes' bodies. */
const saveItem = tableSchema('saveItem');
/** #20 ItemCompositionSaveReq: one component per call. */
const saveItemComposition = tableSchema('saveItemComposition');
/** #9 BhfCustSaveReq. */
const saveBhfCustomer = tableSchema('saveBhfCustomer');
/** #10 BhfUserSaveReq. */
const saveBhfUser = tableSchema('saveBhfUser');
/** #11 BhfInsuranceSaveReq. */
const saveBhfInsurance = tableSchema('saveBhfInsurance');

/** Schemas other than a fresh table schema: the ones exported below (one instance each) and the fiscal documents. */
const GATEWAY_SCHEMAS: Partial<Record<OscuOperationName, z.ZodType>> = {
  saveItem,
  saveItemComposition,
  saveBhfCustomer,
  saveBhfUser,
  saveBhfInsurance,
  /** #14 TrnsSalesSaveWrReq. */
  saveTrnsSalesOsdc: withWholeBands(withCountedLines(tableSchema('saveTrnsSalesOsdc'))),
  /** #16 TrnsPurchaseSaveReq. */
  insertTrnsPurchase: withWholeBands(withCountedLines(tableSchema('insertTrnsPurchase'))),
  /** #18 StockIOSaveReq (no tax bands in its header). */
  insertStockIO: withCountedLines(tableSchema('insertStockIO')),
};

/** Operation → zod schema of its request body. */
export const OSCU_REQUEST_SCHEMAS: Record<OscuOperationName, z.ZodType> = Object.fromEntries(
  OSCU_OPERATIONS.map(({ name }) => [name, GATEWAY_SCHEMAS[name] ?? tableSchema(name)]),
) as Record<OscuOperationName, z.ZodType>;

export {
  saveItem as saveItemSchema,
  saveItemComposition as saveItemCompositionSchema,
  saveBhfCustomer as saveBhfCustomerSchema,
  saveBhfUser as saveBhfUserSchema,
  saveBhfInsurance as saveBhfInsuranceSchema,
};
export { exactly, fieldsOf } from './fields.js';
