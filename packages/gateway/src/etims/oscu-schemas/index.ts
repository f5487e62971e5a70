/**
 * Request schemas of all 21 OSCU operations, keyed by operation name. `POST /api/etims/oscu/{op}`
 * validates KRA-native bodies with these before anything is sent.
 */
import type { OscuOperationName } from '@ushuru/kra';
import type { z } from 'zod';
import * as basic from './basic.js';
import * as branches from './branches.js';
import * as imports from './imports.js';
import * as items from './items.js';
import * as purchases from './purchases.js';
import * as sales from './sales.js';
import * as stock from './stock.js';

/** Operation → zod schema of its request body. */
export const OSCU_REQUEST_SCHEMAS: Record<OscuOperationName, z.ZodType> = {
  selectInitOsdcInfo: basic.selectInitOsdcInfo,
  selectCodeList: basic.selectCodeList,
  selectCustomer: basic.selectCustomer,
  selectNoticeList: basic.selectNoticeList,
  selectItemClsList: items.selectItemClsList,
  saveItem: items.saveItem,
  selectItemList: items.selectItemList,
  selectBhfList: branches.selectBhfList,
  saveBhfCustomer: branches.saveBhfCustomer,
  saveBhfUser: branches.saveBhfUser,
  saveBhfInsurance: branches.saveBhfInsurance,
  selectImportItemList: imports.selectImportItemList,
  updateImportItem: imports.updateImportItem,
  saveTrnsSalesOsdc: sales.saveTrnsSalesOsdc,
  selectTrnsPurchaseSalesList: purchases.selectTrnsPurchaseSalesList,
  insertTrnsPurchase: purchases.insertTrnsPurchase,
  selectStockMoveList: stock.selectStockMoveList,
  insertStockIO: stock.insertStockIO,
  saveStockMaster: stock.saveStockMaster,
  saveItemComposition: items.saveItemComposition,
  selectInvoiceDetails: sales.selectInvoiceDetails,
};

export { saveItem as saveItemSchema, saveItemComposition as saveItemCompositionSchema } from './items.js';
export { exactly, fieldsOf } from './fields.js';
export { saveBhfCustomer as saveBhfCustomerSchema, saveBhfUser as saveBhfUserSchema, saveBhfInsurance as saveBhfInsuranceSchema } from './branches.js';
