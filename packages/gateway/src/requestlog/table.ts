/** Table type of the request log (migration `002_request_logs`). */
import type { Generated } from 'kysely';

/** One KRA call made through the gateway. Bodies only when capture is on, redacted. */
export interface RequestLogsTable {
  id: Generated<number>;
  tenant_id: string;
  token_id: string | null;
  app_id: number | null;
  /** `portal` (developer.go.ke) or `oscu` (eTIMS). */
  kind: string;
  /** The gateway route (URL pattern) that made the call. */
  route: string;
  kra_path: string | null;
  /** HTTP status the gateway answered. */
  status: number;
  /** HTTP status KRA answered, when it answered. */
  kra_http_status: number | null;
  /** KRA's result or error code (portal `ResponseCode`/`ErrorCode`, OSCU `resultCd`). */
  kra_code: string | null;
  /** The gateway error code (`kra_error`, `kra_timeout`, …) when the call failed. */
  error: string | null;
  latency_ms: number;
  request_id: string;
  request_body: string | null;
  response_body: string | null;
  /** ISO-8601 UTC with milliseconds. */
  created_at: string;
}
