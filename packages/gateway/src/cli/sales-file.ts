/**
 * The files `ushuru sales submit` reads: many sales as JSON lines or CSV.
 *
 * JSON lines: one sale per line, the body of `POST /api/etims/sales`. A line of a failures file
 * (`{"sale": {…}, "error": {…}}`) is read as its sale, so a failures file can be fixed and submitted.
 *
 * CSV: a header row, then one row per sale LINE; rows with the same trader_invoice_number are the
 * lines of one sale (they need not be adjacent). The sale columns may be repeated on every row or
 * given on the first row of the sale only; two rows of one sale may not disagree. Empty cells are
 * left out, so the gateway's defaults apply.
 */
import { CliError } from './output.js';

/** One sale of the file, or why it could not be read. */
export interface SaleEntry {
  /** Where it is in the file, for people: `line 3`, `rows 2-4`. */
  source: string;
  sale?: Record<string, unknown>;
  /** The input could not be read as a sale (the gateway is not asked). */
  problem?: string;
  /** The text of a line that is not JSON, kept for the failures file. */
  raw?: string;
}

export type SalesFormat = 'jsonl' | 'csv';

/** CSV columns of the sale (same on every row of it). */
export const CSV_SALE_COLUMNS = [
  'trader_invoice_number',
  'sale_date',
  'customer_pin',
  'customer_name',
  'customer_phone',
  'payment_type',
  'sales_type',
  'prices_include_vat',
  'remark',
] as const;

/** CSV columns of one line. */
export const CSV_LINE_COLUMNS = ['item_code', 'quantity', 'unit_price', 'discount_rate', 'discount_amount', 'tax_type', 'packages', 'barcode'] as const;

const KNOWN_COLUMNS = new Set<string>([...CSV_SALE_COLUMNS, ...CSV_LINE_COLUMNS]);

/** The format of a file: `--format`, else its extension, else its first character. */
export function detectFormat(path: string, text: string, flag?: string): SalesFormat {
  if (flag !== undefined) {
    if (flag !== 'jsonl' && flag !== 'csv') throw new CliError(`--format must be jsonl or csv, got "${flag}".`);
    return flag;
  }
  if (/\.csv$/i.test(path)) return 'csv';
  if (/\.(jsonl|ndjson|json)$/i.test(path)) return 'jsonl';
  return text.trimStart().startsWith('{') ? 'jsonl' : 'csv';
}

export function readSales(text: string, format: SalesFormat): SaleEntry[] {
  return format === 'csv' ? salesFromCsv(parseCsv(text)) : salesFromJsonLines(text);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function salesFromJsonLines(text: string): SaleEntry[] {
  const entries: SaleEntry[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    const source = `line ${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      entries.push({ source, problem: 'is not JSON', raw: line });
      return;
    }
    if (isObject(value) && isObject(value.sale)) entries.push({ source, sale: value.sale });
    else if (isObject(value) && 'error' in value && !('trader_invoice_number' in value))
      entries.push({ source, problem: 'is a failure record without a sale: put the corrected sale in "sale"', raw: line });
    else if (isObject(value)) entries.push({ source, sale: value });
    else entries.push({ source, problem: 'is not a JSON object', raw: line });
  });
  return entries;
}

/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks; CRLF or LF rows. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // a BOM, as spreadsheets write
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (quoted) {
      if (c === '"' && input[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && input[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (quoted) throw new CliError('The CSV file ends inside a quoted field: a closing " is missing.');
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((v) => v.trim() !== ''));
}

/** A cell as the value the API takes: booleans for yes/no columns, text otherwise (amounts stay exact decimal strings). */
function cellValue(column: string, value: string): unknown {
  if (column === 'prices_include_vat') {
    if (/^(true|yes|y|1)$/i.test(value)) return true;
    if (/^(false|no|n|0)$/i.test(value)) return false;
  }
  return value;
}

export function salesFromCsv(rows: string[][]): SaleEntry[] {
  const [header, ...body] = rows;
  if (!header) return [];
  const columns = header.map((h) => h.trim().toLowerCase());
  const unknown = columns.filter((c) => !KNOWN_COLUMNS.has(c));
  if (unknown.length > 0)
    throw new CliError(`Unknown CSV column(s): ${unknown.join(', ')}. Columns: ${[...CSV_SALE_COLUMNS, ...CSV_LINE_COLUMNS].join(', ')}.`);
  if (!columns.includes('trader_invoice_number'))
    throw new CliError('The CSV file needs a trader_invoice_number column (rows with the same number are one sale).');

  interface Group {
    rows: number[];
    sale: Record<string, unknown>;
    lines: Array<Record<string, unknown>>;
    problems: string[];
  }
  const groups = new Map<string, Group>();
  const orphans: SaleEntry[] = [];
  body.forEach((cells, i) => {
    const rowNumber = i + 2; // 1-based, after the header row
    const values = new Map(columns.map((c, j) => [c, (cells[j] ?? '').trim()]));
    const number = values.get('trader_invoice_number') ?? '';
    if (number === '') {
      orphans.push({ source: `row ${rowNumber}`, problem: 'has no trader_invoice_number', raw: cells.join(',') });
      return;
    }
    let group = groups.get(number);
    if (!group) {
      group = { rows: [], sale: { trader_invoice_number: number }, lines: [], problems: [] };
      groups.set(number, group);
    }
    group.rows.push(rowNumber);
    for (const column of CSV_SALE_COLUMNS) {
      const value = values.get(column);
      if (!value || column === 'trader_invoice_number') continue;
      const parsed = cellValue(column, value);
      if (group.sale[column] === undefined) group.sale[column] = parsed;
      else if (group.sale[column] !== parsed) group.problems.push(`row ${rowNumber}: ${column} "${value}" differs from an earlier row of this sale`);
    }
    const line: Record<string, unknown> = {};
    for (const column of CSV_LINE_COLUMNS) {
      const value = values.get(column);
      if (value) line[column] = value;
    }
    group.lines.push(line);
  });

  const entries: SaleEntry[] = [];
  for (const group of groups.values()) {
    const source = group.rows.length === 1 ? `row ${group.rows[0]}` : `rows ${group.rows.join(',')}`;
    const sale = { ...group.sale, lines: group.lines };
    entries.push(group.problems.length > 0 ? { source, sale, problem: group.problems.join('; ') } : { source, sale });
  }
  return [...entries, ...orphans];
}
