/**
 * `new Ushuru({ baseUrl, token })`: every route of the gateway as a method, grouped as the API is:
 * apps, tokens, portal (developer.go.ke), etims (device, the 21 OSCU operations by their KRA names,
 * items, customers, sync, sales, creditNotes, purchases, stock, proformas, reports), webhooks, logs.
 * Each method answers the `data` of the gateway's answer; errors are thrown as the classes of
 * errors.ts.
 */
import { nextCursorOf, pagePromise, type Page, type PagePromise } from './pages.js';
import { Transport, type ClientOptions, type RequestOptions } from './transport.js';
import type { Body, Data, Item, Path, Query } from './types.js';
import { verifyWebhook } from './webhooks.js';

/** Per-call options. */
export type CallOptions = Pick<RequestOptions, 'appId' | 'idempotencyKey' | 'signal' | 'timeoutMs' | 'maxRetries' | 'headers'> & {
  appKind?: RequestOptions['appKind'];
};

type Envelope<T> = { success: true; data: T; message?: string; next_cursor?: unknown; meta?: { next_cursor?: unknown } };

/** A document reference: Ushuru's id, the trader's invoice number or KRA's invoice number. */
export type DocumentRef = number | string;

/** How to print a receipt or report. */
export interface PrintOptions {
  layout?: '80mm' | 'a4';
}

const seg = (v: string | number): string => encodeURIComponent(String(v));

/** The developer.go.ke APIs: method name → gateway path. */
const PORTAL = {
  checkers: {
    pin: '/api/kra/checkers/pin',
    pinById: '/api/kra/checkers/pin-by-id',
    taxObligations: '/api/kra/checkers/tax-obligations',
    tcc: '/api/kra/checkers/tcc',
    invoice: '/api/kra/checkers/invoice',
    declaration: '/api/kra/checkers/declaration',
    itExemption: '/api/kra/checkers/it-exemption',
    vatExemption: '/api/kra/checkers/vat-exemption',
    importCertNumber: '/api/kra/checkers/import-cert-number',
    importCertPin: '/api/kra/checkers/import-cert-pin',
    excisePin: '/api/kra/checkers/excise-pin',
    exciseNumber: '/api/kra/checkers/excise-number',
    taxServiceOffice: '/api/kra/checkers/tax-service-office',
    eslip: '/api/kra/checkers/eslip',
    prn: '/api/kra/checkers/prn',
  },
  payments: {
    itWithholding: '/api/kra/payments/it-withholding',
    rentalWithholding: '/api/kra/payments/rental-withholding',
    vatWithholding: '/api/kra/payments/vat-withholding',
  },
  compliance: { tccApplication: '/api/kra/compliance/tcc-application' },
  registration: { pin: '/api/kra/registration/pin' },
  returns: { tot: '/api/kra/returns/tot', nil: '/api/kra/returns/nil' },
} as const;

/** The 21 OSCU operations, called by their KRA names with KRA-native bodies. */
export const OSCU_OPERATIONS = [
  'selectInitOsdcInfo',
  'selectCodeList',
  'selectCustomer',
  'selectNoticeList',
  'selectItemClsList',
  'saveItem',
  'selectItemList',
  'selectBhfList',
  'saveBhfCustomer',
  'saveBhfUser',
  'saveBhfInsurance',
  'selectImportItemList',
  'updateImportItem',
  'saveTrnsSalesOsdc',
  'selectTrnsPurchaseSalesList',
  'insertTrnsPurchase',
  'selectStockMoveList',
  'insertStockIO',
  'saveStockMaster',
  'saveItemComposition',
  'selectInvoiceDetails',
] as const;
export type OscuOperationName = (typeof OSCU_OPERATIONS)[number];

type PortalGroup<G extends Record<string, Path>> = {
  [K in keyof G]: (body: Body<G[K], 'post'>, options?: CallOptions) => Promise<Data<G[K], 'post'>>;
};
type OscuMethods = {
  [K in OscuOperationName]: (body?: Body<`/api/etims/oscu/${K}` & Path, 'post'>, options?: CallOptions) => Promise<Data<`/api/etims/oscu/${K}` & Path, 'post'>>;
};

export class Ushuru {
  /** Verifies a webhook delivery (see webhooks.ts); the same as the package's `verifyWebhook`. */
  static readonly verifyWebhook = verifyWebhook;

  private readonly http: Transport;

  constructor(options: ClientOptions) {
    this.http = new Transport(options);
  }

  /** Any route, for what this version has no method for. */
  async request<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    return (await this.http.request<T>(method, path, options)).body;
  }

  private async data<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    return (await this.http.request<Envelope<T>>(method, path, options)).body.data;
  }

  private list<T>(path: string, query: Record<string, unknown> | undefined, options: CallOptions = {}): PagePromise<T> {
    const { cursor, ...rest } = (query ?? {}) as { cursor?: unknown };
    return pagePromise<T>(
      async (next): Promise<Page<T>> => {
        const body = (await this.http.request<Envelope<T[]>>('GET', path, { ...options, query: { ...rest, ...(next !== undefined ? { cursor: next } : {}) } }))
          .body;
        return { data: body.data, nextCursor: nextCursorOf(body) };
      },
      cursor === undefined || cursor === null ? undefined : String(cursor),
    );
  }

  private print(path: string, format: 'html' | 'svg', query: Record<string, unknown>, options?: CallOptions): Promise<string>;
  private print(path: string, format: 'pdf' | 'png', query: Record<string, unknown>, options?: CallOptions): Promise<Uint8Array>;
  private async print(path: string, format: string, query: Record<string, unknown>, options: CallOptions = {}): Promise<string | Uint8Array> {
    const responseType = format === 'html' || format === 'svg' ? 'text' : 'bytes';
    return (await this.http.request<string | Uint8Array>('GET', path, { ...options, query: { ...query, format }, responseType })).body;
  }

  private etimsData<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    return this.data<T>(method, path, { appKind: 'etims', ...options });
  }

  private etimsList<T>(path: string, query: Record<string, unknown> | undefined, options: CallOptions = {}): PagePromise<T> {
    return this.list<T>(path, query, { appKind: 'etims', ...options } as CallOptions);
  }

  private etimsPrint(path: string, format: 'html' | 'svg', query: Record<string, unknown>, options?: CallOptions): Promise<string>;
  private etimsPrint(path: string, format: 'pdf' | 'png', query: Record<string, unknown>, options?: CallOptions): Promise<Uint8Array>;
  private etimsPrint(path: string, format: string, query: Record<string, unknown>, options: CallOptions = {}): Promise<string | Uint8Array> {
    return this.print(path, format as 'html', query, { appKind: 'etims', ...options } as CallOptions);
  }

  readonly apps = {
    list: (options?: CallOptions) => this.data<Data<'/api/kra/apps', 'get'>>('GET', '/api/kra/apps', options),
    get: (id: number, options?: CallOptions) => this.data<Data<'/api/kra/apps/{id}', 'get'>>('GET', `/api/kra/apps/${seg(id)}`, options),
    create: (body: Body<'/api/kra/apps', 'post'>, options?: CallOptions) =>
      this.data<Data<'/api/kra/apps', 'post'>>('POST', '/api/kra/apps', { ...options, body }),
    update: (id: number, body: Body<'/api/kra/apps/{id}', 'patch'>, options?: CallOptions) =>
      this.data<Data<'/api/kra/apps/{id}', 'patch'>>('PATCH', `/api/kra/apps/${seg(id)}`, { ...options, body }),
    /** Calls KRA with the app's credentials and reports what happened. */
    test: (id: number, options?: CallOptions) =>
      this.data<Data<'/api/kra/apps/{id}/test', 'post'>>('POST', `/api/kra/apps/${seg(id)}/test`, { ...options, body: {} }),
  };

  readonly tokens = {
    /** The token itself is in the answer once, never again. */
    create: (body: Body<'/api/tokens', 'post'>, options?: CallOptions) => this.data<Data<'/api/tokens', 'post'>>('POST', '/api/tokens', { ...options, body }),
    list: (options?: CallOptions) => this.data<Data<'/api/tokens', 'get'>>('GET', '/api/tokens', options),
    revoke: (id: string, options?: CallOptions) => this.data<Data<'/api/tokens/{id}', 'delete'>>('DELETE', `/api/tokens/${seg(id)}`, options),
  };

  readonly portal = {
    checkers: this.portalGroup(PORTAL.checkers),
    payments: this.portalGroup(PORTAL.payments),
    compliance: this.portalGroup(PORTAL.compliance),
    registration: this.portalGroup(PORTAL.registration),
    returns: this.portalGroup(PORTAL.returns),
  };

  private portalGroup<G extends Record<string, Path>>(group: G): PortalGroup<G> {
    return Object.fromEntries(
      Object.entries(group).map(([name, path]) => [
        name,
        (body: unknown, options?: CallOptions) => this.data('POST', path, { appKind: 'portal', ...options, body }),
      ]),
    ) as PortalGroup<G>;
  }

  private documents<P extends '/api/etims/sales' | '/api/etims/credit-notes'>(collection: P) {
    return {
      list: (query?: Query<P, 'get'>, options?: CallOptions) => this.etimsList<Item<P, 'get'>>(collection, query as Record<string, unknown>, options),
      get: (ref: DocumentRef, options?: CallOptions) => this.etimsData<Data<`${P}/{id}` & Path, 'get'>>('GET', `${collection}/${seg(ref)}`, options),
      /** Sends it again now, when it waits for a retry. */
      retry: (ref: DocumentRef, options?: CallOptions) =>
        this.etimsData<Data<`${P}/{id}/retry` & Path, 'post'>>('POST', `${collection}/${seg(ref)}/retry`, { ...options, body: {} }),
      /** Asks KRA now whether a document in doubt was signed. */
      reconcile: (ref: DocumentRef, options?: CallOptions) =>
        this.etimsData<Data<`${P}/{id}/reconcile` & Path, 'post'>>('POST', `${collection}/${seg(ref)}/reconcile`, { ...options, body: {} }),
      /** The receipt: HTML (default) or PDF bytes, for 80 mm or A4. */
      receipt: ((ref: DocumentRef, format: 'html' | 'pdf' = 'html', print: PrintOptions = {}, options?: CallOptions) =>
        this.etimsPrint(`${collection}/${seg(ref)}/receipt`, format as 'html', { ...print }, options)) as {
        (ref: DocumentRef, format?: 'html', print?: PrintOptions, options?: CallOptions): Promise<string>;
        (ref: DocumentRef, format: 'pdf', print?: PrintOptions, options?: CallOptions): Promise<Uint8Array>;
      },
      /** The receipt's QR code alone: SVG text or PNG bytes. */
      qrCode: ((ref: DocumentRef, format: 'svg' | 'png' = 'svg', options?: CallOptions) =>
        this.etimsPrint(`${collection}/${seg(ref)}/receipt`, format as 'svg', {}, options)) as {
        (ref: DocumentRef, format?: 'svg', options?: CallOptions): Promise<string>;
        (ref: DocumentRef, format: 'png', options?: CallOptions): Promise<Uint8Array>;
      },
      /** The receipt's URL on this gateway (it needs the token: fetch it, do not link it). */
      receiptUrl: (ref: DocumentRef, print: PrintOptions & { format?: 'html' | 'pdf' | 'svg' | 'png' } = {}) =>
        this.http.url(`${collection}/${seg(ref)}/receipt`, { ...print }),
    };
  }

  readonly etims = {
    device: {
      /** Initializes the app's device on KRA (selectInitOsdcInfo) and keeps its cmcKey sealed. */
      initialize: (body: Body<'/api/etims/device/initialize', 'post'> = {} as Body<'/api/etims/device/initialize', 'post'>, options?: CallOptions) =>
        this.etimsData<Data<'/api/etims/device/initialize', 'post'>>('POST', '/api/etims/device/initialize', { ...options, body }),
      import: (body: Body<'/api/etims/device/import', 'post'>, options?: CallOptions) =>
        this.etimsData<Data<'/api/etims/device/import', 'post'>>('POST', '/api/etims/device/import', { ...options, body }),
      info: (options?: CallOptions) => this.etimsData<Data<'/api/etims/device/info', 'get'>>('GET', '/api/etims/device/info', options),
      health: (options?: CallOptions) => this.etimsData<Data<'/api/etims/health', 'get'>>('GET', '/api/etims/health', options),
    },
    oscu: Object.fromEntries(
      OSCU_OPERATIONS.map((op) => [op, (body: unknown = {}, options?: CallOptions) => this.etimsData('POST', `/api/etims/oscu/${op}`, { ...options, body })]),
    ) as OscuMethods,
    items: {
      create: (body: Body<'/api/etims/items', 'post'>, options?: CallOptions) =>
        this.etimsData<Data<'/api/etims/items', 'post'>>('POST', '/api/etims/items', { ...options, body }),
      update: (code: string, body: Body<'/api/etims/items/{id}', 'put'>, options?: CallOptions) =>
        this.etimsData<Data<'/api/etims/items/{id}', 'put'>>('PUT', `/api/etims/items/${seg(code)}`, { ...options, body }),
      list: (query?: Query<'/api/etims/items', 'get'>, options?: CallOptions) =>
        this.etimsData<Data<'/api/etims/items', 'get'>>('GET', '/api/etims/items', { ...options, query: query as Record<string, unknown> }),
      compositions: {
        add: (code: string, body: Body<'/api/etims/items/{id}/compositions', 'post'>, options?: CallOptions) =>
          this.etimsData<Data<'/api/etims/items/{id}/compositions', 'post'>>('POST', `/api/etims/items/${seg(code)}/compositions`, { ...options, body }),
        list: (code: string, options?: CallOptions) =>
          this.etimsData<Data<'/api/etims/items/{id}/compositions', 'get'>>('GET', `/api/etims/items/${seg(code)}/compositions`, options),
      },
    },
    customers: {
      create: (body: Body<'/api/etims/customers', 'post'>, options?: CallOptions) =>
        this.etimsData<Data<'/api/etims/customers', 'post'>>('POST', '/api/etims/customers', { ...options, body }),
      list: (query?: Query<'/api/etims/customers', 'get'>, options?: CallOptions) =>
        this.etimsData<Data<'/api/etims/customers', 'get'>>('GET', '/api/etims/customers', { ...options, query: query as Record<string, unknown> }),
      /** Looks a PIN up on KRA (selectCustomer). */
      lookup: (pin: string, options?: CallOptions) =>
        this.etimsData<Data<'/api/etims/customers/lookup/{pin}', 'get'>>('GET', `/api/etims/customers/lookup/${seg(pin)}`, options),
    },
    branchUsers: {
      create: (body: Body<'/api/etims/branch-users', 'post'>, options?: CallOptions) =>
        this.etimsData<Data<'/api/etims/branch-users', 'post'>>('POST', '/api/etims/branch-users', { ...options, body }),
      list: (options?: CallOptions) => this.etimsData<Data<'/api/etims/branch-users', 'get'>>('GET', '/api/etims/branch-users', options),
    },
    insurances: {
      create: (body: Body<'/api/etims/insurances', 'post'>, options?: CallOptions) =>
        this.etimsData<Data<'/api/etims/insurances', 'post'>>('POST', '/api/etims/insurances', { ...options, body }),
      list: (options?: CallOptions) => this.etimsData<Data<'/api/etims/insurances', 'get'>>('GET', '/api/etims/insurances', options),
    },
    /** KRA's reference data as last synced. */
    reference: {
      codes: (codeClass: string, options?: CallOptions) =>
        this.etimsData<Data<'/api/etims/codes/{class}', 'get'>>('GET', `/api/etims/codes/${seg(codeClass)}`, options),
      itemClasses: (options?: CallOptions) => this.etimsData<Data<'/api/etims/item-classes', 'get'>>('GET', '/api/etims/item-classes', options),
      notices: (options?: CallOptions) => this.etimsData<Data<'/api/etims/notices', 'get'>>('GET', '/api/etims/notices', options),
      branches: (options?: CallOptions) => this.etimsData<Data<'/api/etims/branches', 'get'>>('GET', '/api/etims/branches', options),
      importedItems: (options?: CallOptions) => this.etimsData<Data<'/api/etims/imported-items', 'get'>>('GET', '/api/etims/imported-items', options),
      stockMoves: (options?: CallOptions) => this.etimsData<Data<'/api/etims/stock-moves', 'get'>>('GET', '/api/etims/stock-moves', options),
    },
    sync: {
      /** Syncs one dataset now (`codes`, `items`, `item-classes`, `notices`, `branches`, …). */
      run: (dataset: string, body: Body<'/api/etims/sync/{dataset}', 'post'> = {} as Body<'/api/etims/sync/{dataset}', 'post'>, options?: CallOptions) =>
        this.etimsData<Data<'/api/etims/sync/{dataset}', 'post'>>('POST', `/api/etims/sync/${seg(dataset)}`, { ...options, body }),
      status: (options?: CallOptions) => this.etimsData<Data<'/api/etims/sync', 'get'>>('GET', '/api/etims/sync', options),
    },
    sales: {
      /** Stores the sale and queues it for KRA; answers signed (201) or queued (202). */
      create: (body: Body<'/api/etims/sales', 'post'>, options?: CallOptions) =>
        this.etimsData<Data<'/api/etims/sales', 'post'>>('POST', '/api/etims/sales', { ...options, body }),
      /** As create, registering unknown items from each line's `item`. */
      createWithItems: (body: Body<'/api/etims/sales/submit-with-items', 'post'>, options?: CallOptions) =>
        this.etimsData<Data<'/api/etims/sales/submit-with-items', 'post'>>('POST', '/api/etims/sales/submit-with-items', { ...options, body }),
      ...this.documents('/api/etims/sales'),
    },
    creditNotes: {
      create: (body: Body<'/api/etims/credit-notes', 'post'>, options?: CallOptions) =>
        this.etimsData<Data<'/api/etims/credit-notes', 'post'>>('POST', '/api/etims/credit-notes', { ...options, body }),
      /** Credits what is left of a sale in one call. */
      express: (body: Body<'/api/etims/credit-notes/express', 'post'>, options?: CallOptions) =>
        this.etimsData<Data<'/api/etims/credit-notes/express', 'post'>>('POST', '/api/etims/credit-notes/express', { ...options, body }),
      ...this.documents('/api/etims/credit-notes'),
    },
    purchases: {
      create: (body: Body<'/api/etims/purchases', 'post'>, options?: CallOptions) =>
        this.etimsData<Data<'/api/etims/purchases', 'post'>>('POST', '/api/etims/purchases', { ...options, body }),
      list: (query?: Query<'/api/etims/purchases', 'get'>, options?: CallOptions) =>
        this.etimsList<Item<'/api/etims/purchases', 'get'>>('/api/etims/purchases', query as Record<string, unknown>, options),
      get: (ref: DocumentRef, options?: CallOptions) =>
        this.etimsData<Data<'/api/etims/purchases/{id}', 'get'>>('GET', `/api/etims/purchases/${seg(ref)}`, options),
      retry: (ref: DocumentRef, options?: CallOptions) => this.etimsData('POST', `/api/etims/purchases/${seg(ref)}/retry`, { ...options, body: {} }),
      reconcile: (ref: DocumentRef, options?: CallOptions) => this.etimsData('POST', `/api/etims/purchases/${seg(ref)}/reconcile`, { ...options, body: {} }),
      incoming: {
        /** Sales your suppliers signed to your PIN, each with its `purchase_key`. */
        list: (query?: Query<'/api/etims/purchases/incoming', 'get'>, options?: CallOptions) =>
          this.etimsData<Data<'/api/etims/purchases/incoming', 'get'>>('GET', '/api/etims/purchases/incoming', {
            ...options,
            query: query as Record<string, unknown>,
          }),
        confirm: (key: string, body: Body<'/api/etims/purchases/incoming/{key}/confirm', 'post'> = {} as never, options?: CallOptions) =>
          this.etimsData('POST', `/api/etims/purchases/incoming/${seg(key)}/confirm`, { ...options, body }),
        reject: (key: string, body: Body<'/api/etims/purchases/incoming/{key}/reject', 'post'> = {} as never, options?: CallOptions) =>
          this.etimsData('POST', `/api/etims/purchases/incoming/${seg(key)}/reject`, { ...options, body }),
      },
    },
    stock: {
      /** Records a stock movement (code list 12), sent to KRA in order. */
      move: (body: Body<'/api/etims/stock/movements', 'post'>, options?: CallOptions) =>
        this.etimsData<Data<'/api/etims/stock/movements', 'post'>>('POST', '/api/etims/stock/movements', { ...options, body }),
      movements: (query?: Query<'/api/etims/stock/movements', 'get'>, options?: CallOptions) =>
        this.etimsList<Item<'/api/etims/stock/movements', 'get'>>('/api/etims/stock/movements', query as Record<string, unknown>, options),
      movement: (id: number, options?: CallOptions) =>
        this.etimsData<Data<'/api/etims/stock/movements/{id}', 'get'>>('GET', `/api/etims/stock/movements/${seg(id)}`, options),
      current: (options?: CallOptions) => this.etimsData<Data<'/api/etims/stock/current', 'get'>>('GET', '/api/etims/stock/current', options),
    },
    /** What waits for KRA, per branch. */
    outbox: (options?: CallOptions) => this.etimsData<Data<'/api/etims/outbox', 'get'>>('GET', '/api/etims/outbox', options),
    proformas: {
      create: (body: Body<'/api/etims/proformas', 'post'>, options?: CallOptions) =>
        this.etimsData<Data<'/api/etims/proformas', 'post'>>('POST', '/api/etims/proformas', { ...options, body }),
      list: (query?: Query<'/api/etims/proformas', 'get'>, options?: CallOptions) =>
        this.etimsList<Item<'/api/etims/proformas', 'get'>>('/api/etims/proformas', query as Record<string, unknown>, options),
      get: (id: number, options?: CallOptions) => this.etimsData<Data<'/api/etims/proformas/{id}', 'get'>>('GET', `/api/etims/proformas/${seg(id)}`, options),
      receipt: ((id: number, format: 'html' | 'pdf' = 'html', print: PrintOptions = {}, options?: CallOptions) =>
        this.etimsPrint(`/api/etims/proformas/${seg(id)}/receipt`, format as 'html', { ...print }, options)) as {
        (id: number, format?: 'html', print?: PrintOptions, options?: CallOptions): Promise<string>;
        (id: number, format: 'pdf', print?: PrintOptions, options?: CallOptions): Promise<Uint8Array>;
      },
    },
    reports: {
      /** The day so far (default today). */
      x: (query?: { date?: string }, options?: CallOptions) =>
        this.etimsData<Data<'/api/etims/reports/x', 'get'>>('GET', '/api/etims/reports/x', { ...options, query }),
      /** The X report printed: HTML text or PDF bytes. */
      printX: ((format: 'html' | 'pdf', query: { date?: string } & PrintOptions = {}, options?: CallOptions) =>
        this.etimsPrint('/api/etims/reports/x', format as 'html', { ...query }, options)) as {
        (format: 'html', query?: { date?: string } & PrintOptions, options?: CallOptions): Promise<string>;
        (format: 'pdf', query?: { date?: string } & PrintOptions, options?: CallOptions): Promise<Uint8Array>;
      },
      z: {
        /** Closes a day (default today): numbered, immutable, once per day. */
        take: (body: { date?: string } = {}, options?: CallOptions) =>
          this.etimsData<Data<'/api/etims/reports/z', 'post'>>('POST', '/api/etims/reports/z', { ...options, body }),
        list: (options?: CallOptions) => this.etimsData<Data<'/api/etims/reports/z', 'get'>>('GET', '/api/etims/reports/z', options),
        get: (n: number, options?: CallOptions) =>
          this.etimsData<Data<'/api/etims/reports/z/{number}', 'get'>>('GET', `/api/etims/reports/z/${seg(n)}`, options),
        print: ((n: number, format: 'html' | 'pdf', print: PrintOptions = {}, options?: CallOptions) =>
          this.etimsPrint(`/api/etims/reports/z/${seg(n)}`, format as 'html', { ...print }, options)) as {
          (n: number, format: 'html', print?: PrintOptions, options?: CallOptions): Promise<string>;
          (n: number, format: 'pdf', print?: PrintOptions, options?: CallOptions): Promise<Uint8Array>;
        },
      },
      sales: (query?: { from?: string; to?: string }, options?: CallOptions) =>
        this.etimsData<Data<'/api/etims/reports/sales', 'get'>>('GET', '/api/etims/reports/sales', { ...options, query }),
      salesSummary: (query?: { from?: string; to?: string }, options?: CallOptions) =>
        this.etimsData<Data<'/api/etims/reports/sales-summary', 'get'>>('GET', '/api/etims/reports/sales-summary', { ...options, query }),
      stock: (options?: CallOptions) => this.etimsData<Data<'/api/etims/reports/stock', 'get'>>('GET', '/api/etims/reports/stock', options),
      /** One page of the reconciliation with KRA; pass `next_cursor` back as `cursor`. */
      reconciliation: (query: { from?: string; to?: string; cursor?: string; limit?: number } = {}, options?: CallOptions) =>
        this.etimsData<Data<'/api/etims/reports/reconciliation', 'get'>>('GET', '/api/etims/reports/reconciliation', { ...options, query }),
    },
  };

  readonly webhooks = {
    /** The endpoint's signing secret is in the answer once, never again. */
    create: (body: Body<'/api/webhooks', 'post'>, options?: CallOptions) =>
      this.data<Data<'/api/webhooks', 'post'>>('POST', '/api/webhooks', { ...options, body }),
    list: (options?: CallOptions) => this.data<Data<'/api/webhooks', 'get'>>('GET', '/api/webhooks', options),
    get: (id: number, options?: CallOptions) => this.data<Data<'/api/webhooks/{id}', 'get'>>('GET', `/api/webhooks/${seg(id)}`, options),
    delete: (id: number, options?: CallOptions) => this.data<Data<'/api/webhooks/{id}', 'delete'>>('DELETE', `/api/webhooks/${seg(id)}`, options),
    deliveries: (id: number, options?: CallOptions) =>
      this.data<Data<'/api/webhooks/{id}/deliveries', 'get'>>('GET', `/api/webhooks/${seg(id)}/deliveries`, options),
    resend: (id: number, delivery: number, options?: CallOptions) =>
      this.data('POST', `/api/webhooks/${seg(id)}/deliveries/${seg(delivery)}/resend`, { ...options, body: {} }),
    /** Sends a `webhook.test` event to the endpoint. */
    test: (id: number, options?: CallOptions) => this.data('POST', `/api/webhooks/${seg(id)}/test`, { ...options, body: {} }),
    verify: verifyWebhook,
  };

  readonly logs = {
    /** The request log, newest first; iterate to read every page. */
    list: (query?: Query<'/api/logs', 'get'>, options?: CallOptions) =>
      this.list<Item<'/api/logs', 'get'>>('/api/logs', query as Record<string, unknown>, options),
  };
}
