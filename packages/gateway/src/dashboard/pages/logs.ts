/** Request log: the tenant's KRA calls, filtered by route, status, app and time, with latency. */
import { listRequestLogs, type LogFilters } from '../../requestlog/query.js';
import type { PageRoute } from '../context.js';
import { html } from '../html.js';
import { BASE } from '../layout.js';

const intOf = (v: string | undefined, max: number): number | undefined => (v && /^\d{1,10}$/.test(v) && Number(v) <= max ? Number(v) : undefined);
const isoOf = (v: string | undefined): string | undefined => (v && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v) ? new Date(`${v}:00Z`).toISOString() : undefined);

export const logPages: PageRoute[] = [
  {
    method: 'GET',
    path: '/logs',
    handler: async (ctx) => {
      const q = ctx.query;
      const route = (q.route ?? '').trim().slice(0, 200);
      const filters: LogFilters = {
        limit: 100,
        ...(route ? { route } : {}),
        status: intOf(q.status, 599),
        app_id: intOf(q.app_id, 2_147_483_647),
        from: isoOf(q.from),
        to: isoOf(q.to),
        cursor: intOf(q.cursor, Number.MAX_SAFE_INTEGER),
      };
      const { entries, next_cursor } = await listRequestLogs(ctx.deps.db, ctx.session.tenantId, filters);
      const keep = new URLSearchParams(
        Object.entries({ route, status: q.status ?? '', app_id: q.app_id ?? '', from: q.from ?? '', to: q.to ?? '' }).filter(([, v]) => v),
      );
      return ctx.render(
        'Request log',
        'logs',
        html`<form class="filters" method="get" action="${BASE}/logs" role="search">
            <label>Route <input name="route" value="${route}" placeholder="/api/etims/sales" /></label>
            <label>Status <input name="status" inputmode="numeric" size="4" value="${q.status ?? ''}" /></label>
            <label>App id <input name="app_id" inputmode="numeric" size="4" value="${q.app_id ?? ''}" /></label>
            <label>From (UTC) <input type="datetime-local" name="from" value="${q.from ?? ''}" /></label>
            <label>To (UTC) <input type="datetime-local" name="to" value="${q.to ?? ''}" /></label>
            <button type="submit">Filter</button>
          </form>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Time (UTC)</th>
                  <th scope="col">Route</th>
                  <th scope="col">KRA path</th>
                  <th scope="col">App</th>
                  <th scope="col">Status</th>
                  <th scope="col">KRA code</th>
                  <th scope="col">Error</th>
                  <th scope="col">Latency (ms)</th>
                </tr>
              </thead>
              <tbody>
                ${entries.map(
                  (e) =>
                    html`<tr>
                      <td>${e.created_at}</td>
                      <td>${e.route}</td>
                      <td>${e.kra_path ?? ''}</td>
                      <td>${e.app_id ?? ''}</td>
                      <td class="${e.status >= 400 ? 'down' : 'up'}">${e.status}</td>
                      <td>${e.kra_code ?? ''}</td>
                      <td>${e.error ?? ''}</td>
                      <td>${e.latency_ms}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>
          ${entries.length === 0 ? html`<p>No KRA calls match.</p>` : ''}
          ${next_cursor ? html`<p><a href="${BASE}/logs?${keep.toString()}${keep.size ? '&' : ''}cursor=${next_cursor}">Older entries</a></p>` : ''}`,
      );
    },
  },
];
