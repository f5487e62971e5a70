/**
 * The Overview's traffic chart: requests and errors per minute over 24 hours, drawn as an SVG on the
 * server from numbers only (no script, no library), with a text summary for screen readers.
 */
import { escapeHtml, raw, type Html } from './html.js';

export interface MinuteSeries {
  /** Start of the window, epoch ms (minute aligned). */
  start: number;
  /** Requests per minute, index 0 = first minute. */
  requests: number[];
  errors: number[];
}

const W = 900;
const H = 220;
const PAD = { left: 40, right: 10, top: 10, bottom: 24 };

function path(values: number[], max: number): string {
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const step = values.length > 1 ? plotW / (values.length - 1) : plotW;
  return values.map((v, i) => `${i === 0 ? 'M' : 'L'}${(PAD.left + i * step).toFixed(1)},${(PAD.top + plotH - (v / max) * plotH).toFixed(1)}`).join('');
}

export function trafficChart(series: MinuteSeries): Html {
  const totalRequests = series.requests.reduce((a, b) => a + b, 0);
  const totalErrors = series.errors.reduce((a, b) => a + b, 0);
  const max = Math.max(1, ...series.requests, ...series.errors);
  const ticks: string[] = [];
  const plotW = W - PAD.left - PAD.right;
  for (let h = 0; h <= 24; h += 6) {
    const x = PAD.left + (plotW * h) / 24;
    const label = new Date(series.start + h * 3600_000).toISOString().slice(11, 16);
    ticks.push(`<text x="${x.toFixed(1)}" y="${H - 6}" text-anchor="middle">${escapeHtml(label)}</text>`);
  }
  const summary = `Last 24 hours: ${totalRequests} KRA requests, ${totalErrors} errors; busiest minute ${max === 1 && totalRequests === 0 ? 0 : max} requests.`;
  // Numbers and our own labels only: nothing a user typed reaches this markup.
  return raw(
    `<figure><svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="chart-title">` +
      `<title id="chart-title">${escapeHtml(summary)}</title>` +
      `<line class="axis" x1="${PAD.left}" y1="${H - PAD.bottom}" x2="${W - PAD.right}" y2="${H - PAD.bottom}"/>` +
      `<line class="axis" x1="${PAD.left}" y1="${PAD.top}" x2="${PAD.left}" y2="${H - PAD.bottom}"/>` +
      `<text x="4" y="${PAD.top + 10}">${max}</text><text x="4" y="${H - PAD.bottom}">0</text>` +
      ticks.join('') +
      `<path class="req" d="${path(series.requests, max)}"/><path class="err" d="${path(series.errors, max)}"/>` +
      `</svg><figcaption class="legend"><span class="req-key">Blue</span>: requests per minute, <span class="err-key">red</span>: errors per minute (UTC). ${escapeHtml(summary)}</figcaption></figure>`,
  );
}
