/**
 * What every report route shares: today's date in Nairobi, the date range rules (from ≤ to, at most
 * a year, default today) and CSV output that a spreadsheet cannot run as formulas.
 */
import type { FastifyReply } from 'fastify';
import type { GatewayDeps } from '../../deps.js';
import { validationError } from '../../errors.js';
import { dashedDate, kraDate } from '../../kra/time.js';

export const MAX_RANGE_DAYS = 366;

/** Today in Nairobi, `YYYY-MM-DD`. */
export const today = (deps: GatewayDeps): string => dashedDate(kraDate(deps.clock.now()));

/** The range checked: real dates, from ≤ to, at most {@link MAX_RANGE_DAYS} days; a 422 names the field. */
export function checkDateRange(from: string, to: string): void {
  // A calendar date, read back unchanged (Date.parse takes 2025-02-30 as 2 March).
  const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)) && new Date(Date.parse(v)).toISOString().slice(0, 10) === v;
  if (!isDate(from)) throw validationError({ from: ['must be a date YYYY-MM-DD'] });
  if (!isDate(to)) throw validationError({ to: ['must be a date YYYY-MM-DD'] });
  if (from > to) throw validationError({ from: ['must not be after to'] });
  if ((Date.parse(to) - Date.parse(from)) / 86_400_000 >= MAX_RANGE_DAYS) throw validationError({ from: [`the range must be at most ${MAX_RANGE_DAYS} days`] });
}

/** The range asked for (default: today), checked. */
export function dateRange(deps: GatewayDeps, q: { from?: string | undefined; to?: string | undefined }): { from: string; to: string } {
  const to = q.to ?? today(deps);
  const from = q.from ?? to;
  checkDateRange(from, to);
  return { from, to };
}

/** CSV with a header row; values quoted when they hold a comma, quote or line break, and never read as a formula. */
export function csv(reply: FastifyReply, name: string, header: readonly string[], rows: Array<Array<string | number | null>>): string {
  const cell = (v: string | number | null) => {
    let text = v === null ? '' : String(v);
    // A spreadsheet runs a cell starting with = + - @ as a formula: keep text as text.
    if (typeof v === 'string' && /^[=+\-@]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`);
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
