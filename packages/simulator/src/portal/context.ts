/** What every portal handler needs: state, clock, identifiers, counters. */
import type { SeededRandom } from '../core/prng.js';
import type { SimCounters, SimInvoiceLookup } from '../core/types.js';
import type { PortalRegistry } from './registry.js';
import type { TokenAuthority } from './tokens.js';

/** Shared by the portal's handlers. */
export interface PortalContext {
  registry: PortalRegistry;
  tokens: TokenAuthority;
  counters: SimCounters;
  /** Signed invoices of the OSCU side, for the invoice checker. */
  signedInvoices: SimInvoiceLookup;
  now(): number;
  /** The seeded stream for identifiers KRA hands out (PINs, PRNs, TCC and acknowledgement numbers). */
  identifiers(): SeededRandom;
  newRequestId(): string;
}
