/** A request-log row for tests that write the table directly or through the writer. */
import type { RequestLogRow } from '../requestlog/writer.js';

export function requestLogRow(tenantId: string, fields: Partial<RequestLogRow> = {}): RequestLogRow {
  return {
    tenant_id: tenantId,
    token_id: null,
    app_id: null,
    kind: 'portal',
    route: '/r',
    kra_path: null,
    status: 200,
    kra_http_status: null,
    kra_code: null,
    error: null,
    latency_ms: 1,
    request_id: 'req',
    request_body: null,
    response_body: null,
    created_at: new Date().toISOString(),
    ...fields,
  };
}
