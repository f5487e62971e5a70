/** Overview: traffic over 24 h, the outbox per branch, KRA availability per environment. */
import { trafficChart } from '../chart.js';
import type { PageRoute } from '../context.js';
import { html } from '../html.js';
import { BASE } from '../layout.js';
import { kraAvailability, outboxByBranch, trafficSeries } from '../overview-data.js';

export const overviewPages: PageRoute[] = [
  {
    method: 'GET',
    path: '/',
    handler: async (ctx) => {
      const tenantId = ctx.session.tenantId;
      const [series, branches, availability] = await Promise.all([
        trafficSeries(ctx.deps, tenantId),
        outboxByBranch(ctx.deps, tenantId),
        kraAvailability(ctx.deps, tenantId),
      ]);
      return ctx.render(
        'Overview',
        'overview',
        html`<section aria-labelledby="traffic-h">
            <h2 id="traffic-h">KRA requests and errors per minute, last 24 hours</h2>
            ${trafficChart(series)}
          </section>
          <section aria-labelledby="outbox-h">
            <h2 id="outbox-h">eTIMS outbox per branch</h2>
            ${
              branches.length === 0
                ? html`<p>No eTIMS app yet. <a href="${BASE}/apps/new">Add one</a>.</p>`
                : html`<div class="table-wrap">
                    <table>
                      <caption class="muted">
                        Documents waiting for KRA
                      </caption>
                      <thead>
                        <tr>
                          <th scope="col">App</th>
                          <th scope="col">PIN / branch</th>
                          <th scope="col">Waiting</th>
                          <th scope="col">Oldest waiting</th>
                        </tr>
                      </thead>
                      <tbody>
                        ${branches.map(
                          (b) =>
                            html`<tr>
                              <td>${b.name}</td>
                              <td>${b.tin ?? ''} / ${b.bhfId ?? ''}</td>
                              <td>${b.depth}</td>
                              <td>
                                ${
                                  b.oldest
                                    ? html`<a href="${BASE}/invoices/${b.oldest.id}">${b.oldest.kind} ${b.oldest.trader}</a> (${b.oldest.status},
                                        ${b.oldest.ageSeconds} s old)`
                                    : html`<span class="muted">none</span>`
                                }
                              </td>
                            </tr>`,
                        )}
                      </tbody>
                    </table>
                  </div>`
            }
          </section>
          <section aria-labelledby="avail-h">
            <h2 id="avail-h">KRA availability per environment (last hour)</h2>
            ${
              availability.length === 0
                ? html`<p>No KRA app yet.</p>`
                : html`<div class="table-wrap">
                    <table>
                      <thead>
                        <tr>
                          <th scope="col">Environment</th>
                          <th scope="col">State</th>
                          <th scope="col">Calls</th>
                          <th scope="col">Faults</th>
                          <th scope="col">Last call</th>
                        </tr>
                      </thead>
                      <tbody>
                        ${availability.map(
                          (a) =>
                            html`<tr>
                              <td>${a.environment}</td>
                              <td class="${a.state}">${a.state === 'unknown' ? 'no calls' : a.state}</td>
                              <td>${a.calls}</td>
                              <td>${a.faults}</td>
                              <td>${a.lastCallAt ?? ''}</td>
                            </tr>`,
                        )}
                      </tbody>
                    </table>
                  </div>`
            }
          </section>`,
      );
    },
  },
];
