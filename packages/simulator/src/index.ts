/**
 * @ushuru/simulator — an offline, stateful fake of KRA's developer.go.ke portal APIs and eTIMS OSCU
 * hosts, with fault injection, for integrators and Ushuru's own tests.
 *
 * - `startSimulator({port: 0})` serves it; `createSimulator()` gives a `(req, res)` listener to mount.
 * - OAuth: `GET /v1/token/generate` or `/oauth/v1/generate` `?grant_type=client_credentials`, Basic
 *   `ushuru-sim-key:ushuru-sim-secret` (DEFAULT_CONSUMER_KEY / DEFAULT_CONSUMER_SECRET).
 * - Control API (also on `control`): `GET|POST|DELETE /__sim/faults`, `DELETE /__sim/faults/{id}`,
 *   `POST /__sim/reset`, `GET /__sim/stats`, `POST /__sim/clients`, `GET|POST /__sim/clock`
 *   (`{"advanceMs": n}`), `GET /__sim/routes`, `GET|POST /__sim/devices`, and `GET|POST /__sim/settings`
 *   (`{"vatConvention": "either" | "exclusive" | "inclusive", "sequence": "strict" | "unique",
 *   "creditNoteWindowMonths": 6 | null, "maxCreditNotesPerSale": n | null, "stockBeforeSale": bool}`;
 *   `control.settings()` / `updateSettings()`).
 * - Option `vatConvention` (default `either`): how fiscal document lines must split VAT. `exclusive`
 *   puts VAT on top (taxblAmt = splyAmt − dcAmt), `inclusive` takes it out of the price
 *   (taxblAmt = (splyAmt − dcAmt) / (1 + rate)), `either` accepts a document consistent with one of
 *   them as a whole. Settable at run time through `/__sim/settings`; `reset()` returns to the option.
 * - Option `sequence` (default `strict`): each branch numbers sales and credit notes in one
 *   sequence, purchases in a second, stock IO (`sarNo`) in a third, each from 1; a number other than
 *   the next is 910 "Invalid invcNo sequence, expected: N but found: M". `unique` accepts any unused
 *   number. A used number is 994 either way.
 * - Options `creditNoteWindowMonths` (default 6), `maxCreditNotesPerSale` (default unlimited) and
 *   `stockBeforeSale` (default false: goods may be sold without stock booked by insertStockIO).
 * - Request fields are read like KRA's Java backend reads them: a JSON number is accepted in a
 *   CHAR field (Odoo's numeric `regrId`), numeric text in a NUMBER field (`qty: "2"`).
 * - Fault rules: see FaultRuleInput (`route`, `latencyMs`, `errorRate`, `errorKind`, `hangMs`,
 *   `outage`, `applyThenTimeout`, `rateLimit`).
 */
export {
  createSimulator,
  startSimulator,
  DEFAULT_SEED,
  DEFAULT_TOKEN_TTL_SECONDS,
  type RunningSimulator,
  type Simulator,
  type SimulatorOptions,
  type StartSimulatorOptions,
} from './server.js';
export { CONTROL_PREFIX, CONTROL_TOKEN_HEADER, type ControlAccess, type SimControl } from './core/control.js';
export {
  DEFAULT_SETTINGS,
  SEQUENCE_MODES,
  SimSettingsError,
  VAT_CONVENTIONS,
  isSequenceMode,
  isVatConvention,
  type SequenceMode,
  type SimSettings,
  type VatConvention,
} from './core/settings.js';
export type { FaultRule, FaultRuleInput, FaultErrorKind, RateLimitKind } from './core/faults.js';
export type { SimStats, RouteStats } from './core/stats.js';
/** Seeded, replayable random streams (the simulator's own; handy for tests that must replay a failure). */
export { createStream, type SeededRandom } from './core/prng.js';
export type * from './core/types.js';
export {
  DEFAULT_CONSUMER_KEY,
  DEFAULT_CONSUMER_SECRET,
  PORTAL_API_ROUTES,
  PORTAL_TOKEN_PATHS,
  PORTAL_TOKEN_ROUTE_ID,
  type SimClientCredentials,
} from './portal/index.js';
export { TAXPAYERS as PORTAL_FIXTURE_TAXPAYERS, PRNS as PORTAL_FIXTURE_PRNS, TCCS as PORTAL_FIXTURE_TCCS } from './portal/fixtures.js';
export {
  /** Alias of DEFAULT_CONSUMER_KEY under the name the gateway imports. */
  DEFAULT_CONSUMER_KEY as SIM_DEFAULT_CONSUMER_KEY,
  /** Alias of DEFAULT_CONSUMER_SECRET under the name the gateway imports. */
  DEFAULT_CONSUMER_SECRET as SIM_DEFAULT_CONSUMER_SECRET,
} from './portal/index.js';
