import { assertKraPath } from '../paths.js';

/**
 * The 21 eTIMS OSCU operations (docs/kra/etims-oscu.md §3) in one table: path on each host, request
 * object, kind (which decides whether a call may be retried), cursor use and the key under which
 * the answer's `data` holds its list. Host-B names are [U] in the spec, so transports accept path
 * overrides; nothing else should hard-code an OSCU path.
 */

/** Operation names: the host-A (spec v2.0) names, used as stable ids on both hosts. */
export type OscuOperationName =
  | 'selectInitOsdcInfo'
  | 'selectCodeList'
  | 'selectCustomer'
  | 'selectNoticeList'
  | 'selectItemClsList'
  | 'saveItem'
  | 'selectItemList'
  | 'selectBhfList'
  | 'saveBhfCustomer'
  | 'saveBhfUser'
  | 'saveBhfInsurance'
  | 'selectImportItemList'
  | 'updateImportItem'
  | 'saveTrnsSalesOsdc'
  | 'selectTrnsPurchaseSalesList'
  | 'insertTrnsPurchase'
  | 'selectStockMoveList'
  | 'insertStockIO'
  | 'saveStockMaster'
  | 'saveItemComposition'
  | 'selectInvoiceDetails';

/**
 * - `init`: device initialization; never retried (a second init answers 902 and the cmcKey is not resent).
 * - `read`: safe to retry.
 * - `write`: changes master data on KRA; never blindly retried.
 * - `fiscal`: a numbered fiscal document; never retried — reconciled first (docs/architecture.md, "The eTIMS outbox").
 */
export type OscuOperationKind = 'init' | 'read' | 'write' | 'fiscal';

/** One row of the OSCU operation table. */
export interface OscuOperationDefinition {
  name: OscuOperationName;
  /** Number in docs/kra/etims-oscu.md §3. */
  specNumber: number;
  /** Path on host A (legacy `etims-api`), relative to its base. */
  hostAPath: string;
  /** Path on host B (GavaConnect `etims-oscu/api/v1`), relative to its base; [U]. */
  hostBPath: string;
  /** Other host-B names seen in sources; candidates for an override. */
  hostBAlternatePaths: readonly string[];
  /** Request object name in KRA's spec. */
  requestObject: string;
  kind: OscuOperationKind;
  /** True when the request takes a `lastReqDt` cursor (docs/kra/etims-oscu.md §2.1). */
  cursor: boolean;
  /** Key under `data` that holds the answer (`info`, `itemList`, …); null when `data` is the record itself or null. */
  dataKey: string | null;
}

function op(
  specNumber: number,
  name: OscuOperationName,
  hostBPath: string,
  requestObject: string,
  kind: OscuOperationKind,
  cursor: boolean,
  dataKey: string | null,
  hostBAlternatePaths: readonly string[] = [],
): OscuOperationDefinition {
  return { name, specNumber, hostAPath: `/${name}`, hostBPath, hostBAlternatePaths, requestObject, kind, cursor, dataKey };
}

const TABLE: readonly OscuOperationDefinition[] = [
  op(1, 'selectInitOsdcInfo', '/initialize', 'DeviceVerificationReq', 'init', false, 'info'),
  op(2, 'selectCodeList', '/selectCodeList', 'CodeSearchReq', 'read', true, 'clsList', ['/select-code-list']),
  op(3, 'selectCustomer', '/selectCustomerList', 'CustSearchReq', 'read', false, 'custList', ['/customerPinInfo']),
  op(4, 'selectNoticeList', '/selectNoticeList', 'NoticeSearchReq', 'read', true, 'noticeList'),
  op(5, 'selectItemClsList', '/selectItemClass', 'ItemClsSearchReq', 'read', true, 'itemClsList', ['/select-item-class']),
  op(6, 'saveItem', '/saveItem', 'ItemSaveReq', 'write', false, null),
  op(7, 'selectItemList', '/itemInfo', 'ItemSearchReq', 'read', true, 'itemList'),
  op(8, 'selectBhfList', '/branchList', 'BhfSearchReq', 'read', true, 'bhfList', ['/branch-list']),
  op(9, 'saveBhfCustomer', '/branchSendCustomerInfo', 'BhfCustSaveReq', 'write', false, null),
  op(10, 'saveBhfUser', '/branchUserAccount', 'BhfUserSaveReq', 'write', false, null),
  op(11, 'saveBhfInsurance', '/branchInsuranceInfo', 'BhfInsuranceSaveReq', 'write', false, null),
  op(12, 'selectImportItemList', '/importedItemInfo', 'ImportItemSearchReq', 'read', true, 'itemList'),
  op(13, 'updateImportItem', '/importedItemConvertedInfo', 'ImportItemUpdateReq', 'write', false, null),
  op(14, 'saveTrnsSalesOsdc', '/sendSalesTransaction', 'TrnsSalesSaveWrReq', 'fiscal', false, null),
  op(15, 'selectTrnsPurchaseSalesList', '/getPurchaseTransactionInfo', 'TrnsPurchaseSalesReq', 'read', true, 'saleList'),
  op(16, 'insertTrnsPurchase', '/sendPurchaseTransactionInfo', 'TrnsPurchaseSaveReq', 'fiscal', false, null),
  op(17, 'selectStockMoveList', '/selectStockMoveLists', 'StockMoveReq', 'read', true, 'stockList'),
  op(18, 'insertStockIO', '/insert/stockIO', 'StockIOSaveReq', 'fiscal', false, null),
  op(19, 'saveStockMaster', '/save/stockMaster', 'StockMasterSaveReq', 'write', false, null),
  op(20, 'saveItemComposition', '/saveItemComposition', 'ItemCompositionSaveReq', 'write', false, null),
  op(21, 'selectInvoiceDetails', '/selectInvoiceDetail', 'InvoiceDetailsReq', 'read', false, 'salesList'),
];

/** The 21 OSCU operations, in spec order. */
export const OSCU_OPERATIONS: readonly OscuOperationDefinition[] = TABLE;

/** The same table keyed by operation name. */
export const OSCU_OPERATIONS_BY_NAME: Readonly<Record<OscuOperationName, OscuOperationDefinition>> = Object.fromEntries(
  TABLE.map((row) => [row.name, row]),
) as Record<OscuOperationName, OscuOperationDefinition>;

/** Type guard for operation names coming from URLs (`POST /api/etims/oscu/{operation}`). */
export function isOscuOperationName(value: string): value is OscuOperationName {
  return Object.prototype.hasOwnProperty.call(OSCU_OPERATIONS_BY_NAME, value);
}

/** True when a failed call of this operation may be sent again as is (reads only). */
export function isRetryableOperation(name: OscuOperationName): boolean {
  return OSCU_OPERATIONS_BY_NAME[name].kind === 'read';
}

/** Per-operation path overrides, e.g. from an app's settings. */
export type OscuPathOverrides = Partial<Record<OscuOperationName, string>>;

/** The path to call for an operation on a host, honouring overrides. */
export function resolveOscuPath(name: OscuOperationName, host: 'A' | 'B', overrides?: OscuPathOverrides): string {
  const override = overrides?.[name]?.trim();
  if (override) return assertKraPath(override.startsWith('/') ? override : `/${override}`, 'oscu', `oscu_paths.${name}`);
  const row = OSCU_OPERATIONS_BY_NAME[name];
  if (!row) throw new Error(`Unknown OSCU operation: ${String(name)}`);
  return host === 'A' ? row.hostAPath : row.hostBPath;
}
