/**
 * Everything the OSCU side remembers, in plain Maps. One `OscuState` is built from the fixtures at
 * start and rebuilt by `reset()`; both hosts read and write the same instance.
 */
import { DOCUMENTS_REGISTERED_AT, PROFILES_REGISTERED_AT } from './fixtures/stamps.js';
import { IMPORT_FIXTURES, STOCK_MOVE_FIXTURES, SUPPLIER_SALE_FIXTURES } from './fixtures/documents.js';
import { ITEM_FIXTURES } from './fixtures/items.js';
import { DEVICE_FIXTURES, TAXPAYER_FIXTURES, type DeviceFixture, type TaxpayerProfile } from './fixtures/taxpayers.js';
import type { Body } from './validate.js';

/** A record with the time it was registered or last modified (drives `lastReqDt` cursors). */
export interface Stamped<T = Body> {
  updatedAt: number;
  value: T;
}

/** An approved device; `cmcKey` is null until `selectInitOsdcInfo` succeeds. */
export interface DeviceRecord extends Omit<DeviceFixture, 'cmcKey'> {
  /** A key fixed by the fixture (KRA's example device), issued instead of a derived one. */
  presetCmcKey: string | null;
  cmcKey: string | null;
  initializedAt: number | null;
}

/** The five signature fields KRA returns for a signed sale. */
export interface ReceiptSignature {
  curRcptNo: number;
  totRcptNo: number;
  intrlData: string;
  rcptSign: string;
  /** Epoch ms of signing, whole seconds. */
  signedAt: number;
}

/** A sale or credit note KRA has signed. */
export interface StoredSale {
  tin: string;
  bhfId: string;
  invcNo: number;
  /** The request body as received (deep-copied). */
  request: Body;
  device: DeviceRecord;
  taxprNm: string;
  signature: ReceiptSignature;
}

/** State of one (TIN, branch). */
export interface BranchState {
  customers: Map<string, Stamped>;
  users: Map<string, Stamped>;
  insurances: Map<string, Stamped>;
  sales: Map<number, StoredSale>;
  receiptCounts: { S: number; R: number; total: number };
  purchases: Map<number, Stamped>;
  stockIOs: Map<number, Stamped>;
  stockMaster: Map<string, Stamped>;
  imports: Stamped[];
  stockMovesIn: Stamped[];
  /**
   * The highest number accepted on each of the branch's three sequences (0 before the first):
   * sales and credit notes, purchases, stock IO. Moves only when a document is accepted.
   */
  lastAccepted: { invcNo: number; purchaseInvcNo: number; sarNo: number };
  /** The `invcNo`s of the credit notes signed against each sale, keyed by the sale's `invcNo`. */
  creditNotes: Map<number, number[]>;
  /** Quantity on hand per `itemCd`, in hundredths: accepted stock IO in (types 0x) minus out (1x). */
  stock: Map<string, number>;
}

/** The whole OSCU world. */
export interface OscuState {
  /** Keyed by `deviceKey(tin, bhfId, dvcSrlNo)`. */
  devices: Map<string, DeviceRecord>;
  taxpayers: Map<string, Stamped<TaxpayerProfile>>;
  /** Items per TIN (an item code is unique per PIN, §6.1). */
  items: Map<string, Map<string, Stamped>>;
  /** Compositions per TIN, keyed `parent|component`. */
  compositions: Map<string, Map<string, Stamped>>;
  /** Keyed by `branchKey(tin, bhfId)`. */
  branches: Map<string, BranchState>;
  /** Sales addressed to a buyer TIN (`saleList[]` shape), for `selectTrnsPurchaseSalesList`. */
  purchaseSales: Map<string, Stamped[]>;
  /** Signed sales by CU invoice number `{sdcId}/{invcNo}`. */
  signedByCuNumber: Map<string, StoredSale>;
}

/** Key of a device in `OscuState.devices`. */
export const deviceKey = (tin: string, bhfId: string, dvcSrlNo: string): string => `${tin}|${bhfId}|${dvcSrlNo}`;

/** Key of a branch in `OscuState.branches`. */
export const branchKey = (tin: string, bhfId: string): string => `${tin}|${bhfId}`;

function emptyBranch(): BranchState {
  return {
    customers: new Map(),
    users: new Map(),
    insurances: new Map(),
    sales: new Map(),
    receiptCounts: { S: 0, R: 0, total: 0 },
    purchases: new Map(),
    stockIOs: new Map(),
    stockMaster: new Map(),
    imports: [],
    stockMovesIn: [],
    lastAccepted: { invcNo: 0, purchaseInvcNo: 0, sarNo: 0 },
    creditNotes: new Map(),
    stock: new Map(),
  };
}

/** The state of (tin, bhfId), created on first use. */
export function branchOf(state: OscuState, tin: string, bhfId: string): BranchState {
  const key = branchKey(tin, bhfId);
  let branch = state.branches.get(key);
  if (!branch) {
    branch = emptyBranch();
    state.branches.set(key, branch);
  }
  return branch;
}

/** The item map of a TIN, created on first use. */
export function itemsOf(state: OscuState, tin: string): Map<string, Stamped> {
  let items = state.items.get(tin);
  if (!items) {
    items = new Map();
    state.items.set(tin, items);
  }
  return items;
}

/** Adds a device approval; the record starts uninitialized. */
export function addDevice(state: OscuState, fixture: DeviceFixture): DeviceRecord {
  const { cmcKey, ...rest } = fixture;
  const record: DeviceRecord = { ...rest, presetCmcKey: cmcKey ?? null, cmcKey: null, initializedAt: null };
  state.devices.set(deviceKey(fixture.tin, fixture.bhfId, fixture.dvcSrlNo), record);
  return record;
}

/** Records a sale to `buyerTin` so that it shows up in the buyer's purchase-sales list. */
export function addPurchaseSale(state: OscuState, buyerTin: string, sale: Body, at: number): void {
  const list = state.purchaseSales.get(buyerTin) ?? [];
  list.push({ updatedAt: at, value: sale });
  state.purchaseSales.set(buyerTin, list);
}

const clone = <T>(v: T): T => structuredClone(v);

/** A fresh state holding only the fixtures. */
export function createState(): OscuState {
  const state: OscuState = {
    devices: new Map(),
    taxpayers: new Map(),
    items: new Map(),
    compositions: new Map(),
    branches: new Map(),
    purchaseSales: new Map(),
    signedByCuNumber: new Map(),
  };
  for (const profile of TAXPAYER_FIXTURES) {
    state.taxpayers.set(profile.tin, { updatedAt: PROFILES_REGISTERED_AT, value: clone(profile) });
    const items = itemsOf(state, profile.tin);
    for (const item of ITEM_FIXTURES) {
      items.set(item.itemCd, { updatedAt: PROFILES_REGISTERED_AT, value: { ...clone(item), tin: profile.tin, regBhfId: '00', rraModYn: 'N' } });
    }
  }
  for (const device of DEVICE_FIXTURES) addDevice(state, device);
  for (const { buyerTin, sale } of SUPPLIER_SALE_FIXTURES) addPurchaseSale(state, buyerTin, clone(sale), DOCUMENTS_REGISTERED_AT);
  for (const { tin, bhfId, item } of IMPORT_FIXTURES) {
    branchOf(state, tin, bhfId).imports.push({ updatedAt: DOCUMENTS_REGISTERED_AT, value: clone(item) });
  }
  for (const { tin, bhfId, move } of STOCK_MOVE_FIXTURES) {
    branchOf(state, tin, bhfId).stockMovesIn.push({ updatedAt: DOCUMENTS_REGISTERED_AT, value: clone(move) });
  }
  return state;
}
