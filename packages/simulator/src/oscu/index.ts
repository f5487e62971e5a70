/**
 * eTIMS OSCU side of the simulator (host A `/etims-api/*` and host B `/etims-oscu/api/v1/*`).
 * Placeholder with the final signature; the OSCU work replaces its body.
 */
import type { SimCounters, SimInvoiceLookup, SimModule, SimOptions, SimTaxpayerLookup } from '../core/types.js';

export interface OscuModuleDeps {
  options: SimOptions;
  counters: SimCounters;
  taxpayers: SimTaxpayerLookup;
  /** Checks an OAuth bearer token issued by the portal side's token endpoint (host B needs it). */
  isValidAccessToken(token: string): boolean;
}

export type OscuModule = SimModule & SimInvoiceLookup;

export function createOscuModule(_deps: OscuModuleDeps): OscuModule {
  return {
    register() {},
    reset() {},
    findSignedInvoice() {
      return undefined;
    },
  };
}
