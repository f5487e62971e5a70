/**
 * eTIMS OSCU side of the simulator: host A (`/etims-api/<operation>`, spec v2.0) and host B
 * (`/etims-oscu/api/v1/<path>`, GavaConnect), one shared state and one implementation behind two
 * thin envelopes. Faults are applied by the core around these handlers.
 */
import type { SimInvoiceLookup, SimModule, SimRequest, SimResponse, SimRouter, SignedInvoiceSummary } from '../core/types.js';
import { approveDevice, viewDevice, type ApproveDeviceInput, type DeviceView } from './devices.js';
import { dispatch, header } from './dispatch.js';
import { hostARejection, hostAResponse, hostBResponse, hostBUnauthorized, hostBValidationError } from './envelope.js';
import { OPERATIONS } from './operations/index.js';
import { derivePrng, HEX_ALPHABET, randomString } from './prng.js';
import { toSignedInvoiceSummary } from './receipt.js';
import { createState, type OscuState } from './state.js';
import type { OscuModuleDeps, OscuOperation } from './types.js';

export type { OscuModuleDeps } from './types.js';
export type { ApproveDeviceInput, DeviceView } from './devices.js';
export { DeviceApprovalError, APPROVED_DEVICE_FIXTURES } from './devices.js';
export { DEVICE_FIXTURES, TAXPAYER_FIXTURES, EXTERNAL_SUPPLIERS } from './fixtures/taxpayers.js';
export { ITEM_FIXTURES } from './fixtures/items.js';
export { OPERATIONS } from './operations/index.js';
export { RESULT_MESSAGES } from './results.js';

/** Base path of host A (legacy / spec v2.0). */
export const HOST_A_BASE = '/etims-api';
/** Base path of host B (GavaConnect integrator host). */
export const HOST_B_BASE = '/etims-oscu/api/v1';

/** The OSCU module the core mounts, plus the device control the core exposes on `/__sim/devices`. */
export interface OscuModule extends SimModule, SimInvoiceLookup {
  /** Pre-approves a device serial for (tin, bhfId), as KRA's portal approval does. Idempotent. */
  approveDevice(input: ApproveDeviceInput): DeviceView;
  /** Every approved device with its init state (and cmcKey once initialized). */
  listDevices(): DeviceView[];
}

/** Creates the OSCU module over the core's options, counters, taxpayer registry and token check. */
export function createOscuModule(deps: OscuModuleDeps): OscuModule {
  let state: OscuState = createState();
  let refSeq = 0;

  // Host B's responseRefID: a sequence-derived id, so the same seed and traffic give the same ids.
  const nextRefId = (): string => randomString(derivePrng(deps.options.seed, 'refId', ++refSeq), HEX_ALPHABET, 24);

  const hostA =
    (op: OscuOperation) =>
    (req: SimRequest): SimResponse => {
      const outcome = dispatch(op, req, state, deps);
      const result = outcome.kind === 'result' ? outcome.result : hostARejection(outcome.rejection);
      return hostAResponse(result, deps.options.now());
    };

  const hostB =
    (op: OscuOperation) =>
    (req: SimRequest): SimResponse => {
      const auth = header(req, 'authorization');
      const token = auth && /^Bearer\s+/i.test(auth) ? auth.replace(/^Bearer\s+/i, '').trim() : '';
      if (!token || !deps.isValidAccessToken(token)) return hostBUnauthorized(nextRefId());
      const outcome = dispatch(op, req, state, deps);
      if (outcome.kind === 'rejection') return hostBValidationError(outcome.rejection.detail, nextRefId());
      return hostBResponse(outcome.result, deps.options.now(), nextRefId());
    };

  return {
    register(router: SimRouter) {
      for (const op of OPERATIONS) {
        router.add('POST', `${HOST_A_BASE}/${op.hostA}`, `oscuA.${op.hostA}`, hostA(op));
        const handlerB = hostB(op);
        // Alternate spellings share the operation's route id, so faults and stats cover them all.
        for (const path of [op.hostB, ...(op.hostBAliases ?? [])]) {
          router.add('POST', `${HOST_B_BASE}/${path}`, `oscuB.${op.hostB}`, handlerB);
        }
      }
    },
    reset() {
      state = createState();
      refSeq = 0;
    },
    findSignedInvoice(cuInvoiceNumber: string): SignedInvoiceSummary | undefined {
      const sale = state.signedByCuNumber.get(cuInvoiceNumber.trim());
      return sale ? toSignedInvoiceSummary(sale) : undefined;
    },
    approveDevice: (input) => approveDevice(state, deps, input),
    listDevices: () => [...state.devices.values()].map(viewDevice),
  };
}

/** Counters the OSCU side bumps in `counters.extra`, for the core's stats page. */
export const OSCU_EXTRA_COUNTERS: readonly string[] = ['devicesInitialized'];
