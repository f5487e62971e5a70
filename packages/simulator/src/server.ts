/**
 * Wires the simulator: clock, counters, router, faults, the portal and OSCU modules, and the control
 * API. `createSimulator` gives a request listener to mount in-process; `startSimulator` serves it on
 * its own node:http server.
 */
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSimClock } from './core/clock.js';
import type { ControlAccess, SimControl } from './core/control.js';
import { Dispatcher } from './core/dispatcher.js';
import { FaultBook } from './core/faults.js';
import { createStream, type SeededRandom } from './core/prng.js';
import { ExactRouter } from './core/router.js';
import { applySettings, DEFAULT_SETTINGS, type SequenceMode, type SimSettings, type VatConvention } from './core/settings.js';
import { createCounters, resetCounters, RouteStatsBook } from './core/stats.js';
import type { SimInvoiceLookup, SimModule, SimOptions } from './core/types.js';
import { createOscuModule } from './oscu/index.js';
import { createPortalModule, type SimClientCredentials } from './portal/index.js';

/** Seed used when none is given. */
export const DEFAULT_SEED = 20250923;
/** KRA's token lifetime: `expires_in "3599"`. */
export const DEFAULT_TOKEN_TTL_SECONDS = 3599;

/** Options of `createSimulator` / `startSimulator`. */
export interface SimulatorOptions {
  /** Seed for tokens, PRNs, PINs, request ids and fault dice. Same seed → same answers. */
  seed?: number;
  /** OAuth token lifetime in seconds (default 3599). */
  tokenTtlSeconds?: number;
  /** Consumer key/secret pairs accepted besides the default `ushuru-sim-key` / `ushuru-sim-secret`. */
  clients?: SimClientCredentials[];
  /** Base clock (default Date.now); `control.advanceClock` moves the simulator's clock ahead of it. */
  now?: () => number;
  /** Further API modules to serve besides portal and OSCU (test probes, experiments); reset with the rest. */
  modules?: SimModule[];
  /**
   * The HTTP control API (`/__sim/*`): `open` (default; a simulator run by its operator), `off`
   * (404 for every control path), or `{ token }`: only requests carrying `X-Sim-Control-Token: token`.
   * A simulator shared by several parties (the gateway's built-in one, reached by every tenant's KRA
   * calls) must not be `open`, or one party could inject faults into the others' calls.
   */
  controlAccess?: ControlAccess;
  /**
   * How the lines of sales, purchases and stock IO must split VAT: `either` (default: a document
   * consistent with one of the two conventions as a whole), `exclusive` (VAT on top:
   * taxblAmt = splyAmt − dcAmt) or `inclusive`
   * (taxblAmt = (splyAmt − dcAmt) / (1 + rate)). Changeable later through `control.updateSettings`
   * or `POST /__sim/settings`; `reset()` comes back to this value.
   */
  vatConvention?: VatConvention;
  /**
   * Document numbering (sales and credit notes `invcNo`, purchase `invcNo`, stock IO `sarNo`, one
   * sequence each per branch): `strict` (default; only the branch's last accepted number + 1, else
   * 910 "Invalid invcNo sequence, expected: N but found: M") or `unique` (any number not used yet).
   * A number already used is 994 either way. Changeable at run time like `vatConvention`.
   */
  sequence?: SequenceMode;
  /** A credit note may be dated at most this many months after its sale (default 6; `null`: no limit). */
  creditNoteWindowMonths?: number | null;
  /** At most this many credit notes per sale (default `null`: no limit). */
  maxCreditNotesPerSale?: number | null;
  /**
   * Refuse a sale of goods (item types 1 and 2) beyond the branch's stock as booked with
   * `insertStockIO` (default false). Services (item type 3) are never checked.
   */
  stockBeforeSale?: boolean;
}

/** Options of `startSimulator`. */
export interface StartSimulatorOptions extends SimulatorOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
}

/** An in-process simulator. */
export interface Simulator {
  /** Node request listener serving KRA's routes and `/__sim/*`. */
  listener: RequestListener;
  control: SimControl;
  /** Ends hung and delayed requests and cancels timers (call before closing the hosting server). */
  shutdown(): void;
}

/** A simulator listening on a port. */
export interface RunningSimulator {
  /** Base URL, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  url: string;
  port: number;
  control: SimControl;
  /** Closes the server, including keep-alive sockets and hung requests. */
  stop(): Promise<void>;
}

/** Builds a simulator without binding a port. */
export function createSimulator(opts: SimulatorOptions = {}): Simulator {
  const clock = createSimClock(opts.now ?? Date.now);
  const options: SimOptions = {
    seed: opts.seed ?? DEFAULT_SEED,
    tokenTtlSeconds: opts.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS,
    now: () => clock.now(),
  };
  // Validated like a control-API change, so a bad option fails at start rather than on the first sale.
  const startSettings: SimSettings = applySettings(DEFAULT_SETTINGS, {
    vatConvention: opts.vatConvention,
    sequence: opts.sequence,
    creditNoteWindowMonths: opts.creditNoteWindowMonths,
    maxCreditNotesPerSale: opts.maxCreditNotesPerSale,
    stockBeforeSale: opts.stockBeforeSale,
  });
  let settings: SimSettings = { ...startSettings };
  const counters = createCounters();
  const stats = new RouteStatsBook();
  let faultDice: SeededRandom = createStream(options.seed, 'core.faultDice');
  const faults = new FaultBook(() => faultDice);

  // The OSCU module is created after the portal (it needs the portal's registry and tokens), so the
  // portal reaches OSCU's signed invoices through a late-bound lookup.
  let signedInvoices: SimInvoiceLookup = { findSignedInvoice: () => undefined };
  const portal = createPortalModule({
    options,
    counters,
    clients: opts.clients,
    signedInvoices: { findSignedInvoice: (cuInvoiceNumber) => signedInvoices.findSignedInvoice(cuInvoiceNumber) },
  });
  const oscu = createOscuModule({
    options,
    counters,
    taxpayers: portal,
    isValidAccessToken: (token) => portal.isValidAccessToken(token),
    settings: () => settings,
  });
  signedInvoices = oscu;

  const router = new ExactRouter();
  portal.register(router);
  oscu.register(router);
  const extraModules = opts.modules ?? [];
  for (const module of extraModules) module.register(router);

  const control: SimControl = {
    listFaults: () => faults.list(),
    addFault: (rule) => faults.add(rule),
    removeFault: (id) => faults.remove(id),
    clearFaults: () => {
      const count = faults.list().length;
      faults.clear();
      return count;
    },
    reset: () => {
      faults.clear();
      stats.clear();
      resetCounters(counters);
      clock.reset();
      faultDice = createStream(options.seed, 'core.faultDice');
      settings = { ...startSettings };
      portal.reset();
      oscu.reset();
      for (const module of extraModules) module.reset();
    },
    stats: () => stats.snapshot(counters),
    registerClient: (consumerKey, consumerSecret) => portal.registerClient(consumerKey, consumerSecret),
    advanceClock: (ms) => clock.advance(ms),
    now: () => clock.now(),
    routes: () => router.list(),
    approveDevice: (input) => oscu.approveDevice(input),
    listDevices: () => oscu.listDevices(),
    settings: () => ({ ...settings }),
    updateSettings: (patch) => {
      settings = applySettings(settings, patch);
      return { ...settings };
    },
  };

  const dispatcher = new Dispatcher({
    router,
    faults,
    stats,
    clock,
    control,
    controlAccess: opts.controlAccess ?? 'open',
    newRequestId: () => portal.newRequestId(),
  });
  return { listener: dispatcher.listener, control, shutdown: () => dispatcher.shutdown() };
}

/** Starts a simulator on its own HTTP server. */
export async function startSimulator(opts: StartSimulatorOptions = {}): Promise<RunningSimulator> {
  const simulator = createSimulator(opts);
  const server = createServer(simulator.listener);
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let stopping: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    control: simulator.control,
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        simulator.shutdown();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopping;
    },
  };
}
