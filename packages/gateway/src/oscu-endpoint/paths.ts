/**
 * The endpoint's URLs: under `/oscu/{opaque}/`, host A's base (`etims-api`, one path segment per
 * operation, named as the operation), host B's (`etims-oscu/api/v1`, its own path names and the
 * alternate spellings seen in the wild) and host B's token URL, all from KRA's operation table.
 */
import { OSCU_OPERATIONS, type OscuOperationName } from '@ushuru/kra';

export const HOST_A_SEGMENT = 'etims-api';
export const HOST_B_SEGMENT = 'etims-oscu/api/v1';
export const TOKEN_SEGMENT = 'v1/token/generate';

/** Which of KRA's two OSCU protocols a request speaks. */
export type OscuHost = 'A' | 'B';

const HOST_A = new Map<string, OscuOperationName>(OSCU_OPERATIONS.map((op) => [op.hostAPath.replace(/^\//, ''), op.name]));
const HOST_B = new Map<string, OscuOperationName>(
  OSCU_OPERATIONS.flatMap((op) => [op.hostBPath, ...op.hostBAlternatePaths].map((path) => [path.replace(/^\//, ''), op.name] as const)),
);

/** The operation a path (after the host's base) names on `host`, if any. */
export function operationAt(host: OscuHost, path: string): OscuOperationName | undefined {
  const key = path.replace(/^\/+|\/+$/g, '');
  return host === 'A' ? HOST_A.get(key) : HOST_B.get(key);
}
