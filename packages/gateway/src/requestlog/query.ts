/** Reads the request log of one tenant, newest first, with filters and keyset (cursor) pagination. */
import type { Kysely, Selectable } from 'kysely';
import type { RequestLogsTable } from './table.js';
import type { Database } from '../store/schema.js';

/** Filters of `GET /api/logs`. */
export interface LogFilters {
  app_id?: number | undefined;
  route?: string | undefined;
  status?: number | undefined;
  kra_code?: string | undefined;
  /** ISO-8601; inclusive. */
  from?: string | undefined;
  /** ISO-8601; exclusive. */
  to?: string | undefined;
  /** Id of the last row of the previous page. */
  cursor?: number | undefined;
  limit: number;
}

/** One log row as the API shows it: the stored row without its tenant, bodies parsed. */
export type LogEntry = Omit<Selectable<RequestLogsTable>, 'tenant_id' | 'request_body' | 'response_body'> & {
  request_body?: unknown;
  response_body?: unknown;
};

/** A page of entries and the cursor of the next page (null on the last page). */
export interface LogPage {
  entries: LogEntry[];
  next_cursor: string | null;
}

function parseBody(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text; // a truncated body is kept as text
  }
}

/** One page of the tenant's log. Keyset pagination on id stays fast and stable while rows are added. */
export async function listRequestLogs(db: Kysely<Database>, tenantId: string, f: LogFilters): Promise<LogPage> {
  let q = db.selectFrom('request_logs').selectAll().where('tenant_id', '=', tenantId);
  if (f.app_id !== undefined) q = q.where('app_id', '=', f.app_id);
  if (f.route !== undefined) q = q.where('route', '=', f.route);
  if (f.status !== undefined) q = q.where('status', '=', f.status);
  if (f.kra_code !== undefined) q = q.where('kra_code', '=', f.kra_code);
  if (f.from !== undefined) q = q.where('created_at', '>=', f.from);
  if (f.to !== undefined) q = q.where('created_at', '<', f.to);
  if (f.cursor !== undefined) q = q.where('id', '<', f.cursor);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
  const page = rows.slice(0, f.limit);
  const entries = page.map((r): LogEntry => {
    const request = parseBody(r.request_body);
    const response = parseBody(r.response_body);
    return {
      id: Number(r.id),
      request_id: r.request_id,
      token_id: r.token_id,
      app_id: r.app_id === null ? null : Number(r.app_id),
      kind: r.kind,
      route: r.route,
      kra_path: r.kra_path,
      status: Number(r.status),
      kra_http_status: r.kra_http_status === null ? null : Number(r.kra_http_status),
      kra_code: r.kra_code,
      error: r.error,
      latency_ms: Number(r.latency_ms),
      created_at: r.created_at,
      ...(request === undefined ? {} : { request_body: request }),
      ...(response === undefined ? {} : { response_body: response }),
    };
  });
  const last = entries[entries.length - 1];
  return { entries, next_cursor: rows.length > f.limit && last ? String(last.id) : null };
}
