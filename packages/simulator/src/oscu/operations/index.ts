/** The 21 OSCU operations in docs/kra/etims-oscu.md §3 order, each naming its host-A and host-B paths. */
import type { OscuOperation } from '../types.js';
import { selectCodeList, selectCustomer, selectNoticeList } from './basic.js';
import { saveBhfCustomer, saveBhfInsurance, saveBhfUser, selectBhfList } from './branches.js';
import { selectImportItemList, updateImportItem } from './imports.js';
import { selectInitOsdcInfo } from './init.js';
import { saveItem, saveItemComposition, selectItemClsList, selectItemList } from './items.js';
import { insertTrnsPurchase, selectTrnsPurchaseSalesList } from './purchases.js';
import { saveTrnsSalesOsdc, selectInvoiceDetails } from './sales.js';
import { insertStockIO, saveStockMaster, selectStockMoveList } from './stock.js';

/** All operations, numbered as in the spec's endpoint table. */
export const OPERATIONS: readonly OscuOperation[] = [
  selectInitOsdcInfo,
  selectCodeList,
  selectCustomer,
  selectNoticeList,
  selectItemClsList,
  saveItem,
  selectItemList,
  selectBhfList,
  saveBhfCustomer,
  saveBhfUser,
  saveBhfInsurance,
  selectImportItemList,
  updateImportItem,
  saveTrnsSalesOsdc,
  selectTrnsPurchaseSalesList,
  insertTrnsPurchase,
  selectStockMoveList,
  insertStockIO,
  saveStockMaster,
  saveItemComposition,
  selectInvoiceDetails,
];
