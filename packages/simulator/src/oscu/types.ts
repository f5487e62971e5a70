/** Types shared inside the OSCU module (the cross-module contract lives in `core/types.ts`). */
import type { SimSettings } from '../core/settings.js';
import type { SimCounters, SimOptions, SimTaxpayerLookup } from '../core/types.js';
import type { OpResult } from './results.js';
import type { DeviceRecord, OscuState } from './state.js';
import type { Body } from './validate.js';

/** What the core hands the OSCU module. */
export interface OscuModuleDeps {
  options: SimOptions;
  counters: SimCounters;
  taxpayers: SimTaxpayerLookup;
  /** Checks an OAuth bearer token issued by the portal side's token endpoint (host B needs it). */
  isValidAccessToken(token: string): boolean;
  /** The run-time switches, read on every request (absent: the defaults, e.g. `vatConvention: 'either'`). */
  settings?: () => Readonly<SimSettings>;
}

/** Everything an operation may use for one request. */
export interface OscuContext {
  state: OscuState;
  deps: OscuModuleDeps;
  /** `options.now()` read once per request, so one request sees one instant. */
  now: number;
  /** From the `tin` header (or the body, for init). */
  tin: string;
  /** From the `bhfId` header (or the body, for init). */
  bhfId: string;
  /** The initialized device the `cmcKey` belongs to; null only for init. */
  device: DeviceRecord | null;
}

/** An initialized device, as operations behind the cmcKey check see it. */
export type DeviceContext = OscuContext & { device: DeviceRecord };

/** One of the 21 OSCU operations, with its names on both hosts. */
export interface OscuOperation {
  /** Host A path segment, e.g. `saveTrnsSalesOsdc`; also the route-id suffix on host A. */
  hostA: string;
  /** Host B path (after `/etims-oscu/api/v1/`), e.g. `sendSalesTransaction`; also its route-id suffix. */
  hostB: string;
  /** Other host-B spellings seen in the wild, served by the same handler. */
  hostBAliases?: readonly string[];
  /** False only for device init, which happens before a cmcKey exists. */
  needsDevice: boolean;
  run(ctx: OscuContext, body: Body): OpResult;
}
