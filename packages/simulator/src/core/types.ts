/**
 * The contract between the simulator's core (HTTP server, router, faults, stats, control API)
 * and the modules that play KRA's APIs (`portal/`, `oscu/`). API modules never touch sockets:
 * they register handlers on a router and return plain responses, so that the core can apply
 * faults (latency, errors, outages, "apply then time out") uniformly to every route.
 */

/** A request as an API module sees it. Header names are lower-case. */
export interface SimRequest {
  method: string;
  /** Path without the query string, exactly as sent (KRA paths are case-sensitive, e.g. `ExciseLicenseByPin`). */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Parsed JSON body, or `undefined` when the body was empty. */
  body: unknown;
  /** The raw body text, for handlers that must answer KRA's way to malformed JSON. */
  rawBody: string;
  /** True when `rawBody` was non-empty but not valid JSON. */
  bodyInvalid: boolean;
}

/** A response from an API module: always JSON, HTTP status defaults to 200 (KRA answers most errors with 200). */
export interface SimResponse {
  status?: number;
  headers?: Record<string, string>;
  body: unknown;
}

/** A handler for one KRA operation. `routeId` is the stable name used by faults and stats. */
export type SimHandler = (req: SimRequest) => SimResponse | Promise<SimResponse>;

/** What API modules register routes on. Paths are matched exactly (case-sensitive). */
export interface SimRouter {
  /**
   * Registers `handler` for `method path`. `routeId` names the route in `/__sim/stats` and in
   * fault rules (e.g. `portal.pinbypin`, `oscuA.saveTrnsSalesOsdc`, `oscuB.sendSalesTransaction`).
   * `kind` lets the core count tokens issued, documents signed, duplicates refused.
   */
  add(method: 'GET' | 'POST', path: string, routeId: string, handler: SimHandler): void;
}

/** Counters an API module bumps; the core exposes them at `/__sim/stats`. */
export interface SimCounters {
  tokensIssued: number;
  documentsSigned: number;
  duplicatesRefused: number;
  /** Documents refused because their number was not the next of the branch sequence (`sequence: 'strict'`). */
  sequenceRefused: number;
  /** Free-form extra counters, e.g. `prnsGenerated`, `devicesInitialized`. */
  extra: Record<string, number>;
}

/** Options every simulator instance is created with. */
export interface SimOptions {
  /** Seed for every pseudo-random choice (receipt signatures, PRNs, fault dice). Same seed → same answers. */
  seed: number;
  /** Lifetime of issued OAuth tokens in seconds (KRA: 3599, sent as a string). */
  tokenTtlSeconds: number;
  /** Clock, injectable so tests can move time; defaults to Date.now. */
  now: () => number;
}

/** A taxpayer of the simulator's seeded registry (portal side owns it; the OSCU side reads it). */
export interface SimTaxpayer {
  pin: string;
  name: string;
  type: 'Individual' | 'Non Individual';
  status: 'Active' | 'Suspended' | 'Cancelled' | 'Stopped';
  /** County / sub-county / locality / description, for OSCU `selectCustomer`. */
  county?: string;
  subCounty?: string;
  locality?: string;
  location?: string;
}

/** Lookup the portal registry offers to other modules. */
export interface SimTaxpayerLookup {
  findTaxpayer(pin: string): SimTaxpayer | undefined;
}

/** One line of a signed sales invoice, as the portal invoice checker reports it. */
export interface SignedInvoiceItem {
  itemCode: string;
  itemName: string;
  quantity: number;
  unitPrice: number;
  taxType: string;
  taxableAmount: number;
  taxAmount: number;
  totalAmount: number;
}

/** A sales invoice signed on the OSCU side, as the portal invoice checker needs it. */
export interface SignedInvoiceSummary {
  /** `{sdcId}/{invcNo}`: the control-unit invoice number printed on the receipt. */
  cuInvoiceNumber: string;
  sdcId: string;
  invcNo: number;
  tin: string;
  bhfId: string;
  taxpayerName: string;
  deviceSerialNumber: string;
  custTin: string | null;
  custNm: string | null;
  traderInvoiceNumber: string;
  /** `YYYY-MM-DD` (sales date). */
  salesDate: string;
  /** ISO-like `YYYY-MM-DD HH:mm:ss` (Kenyan local time). */
  transmissionDate: string;
  totalItemCount: number;
  totalAmount: number;
  totalTaxableAmount: number;
  totalTaxAmount: number;
  totalDiscountAmount: number;
  items: SignedInvoiceItem[];
}

/** Lookup the OSCU side offers to other modules. */
export interface SimInvoiceLookup {
  findSignedInvoice(cuInvoiceNumber: string): SignedInvoiceSummary | undefined;
}

/** What each API module (portal, OSCU) gives the core. */
export interface SimModule {
  register(router: SimRouter): void;
  /** Forget all state created since start and reload the seeded fixtures. */
  reset(): void;
}
