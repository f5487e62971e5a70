/**
 * How commands speak: results on stdout (raw JSON with `--json`, aligned tables for people), errors
 * and progress on stderr. Errors of the gateway are told as a person needs them: the message, each
 * field error, KRA's answer when KRA refused, and the request id to quote when asking for help.
 */
import { AuthenticationError, InsufficientScopeError, UshuruConnectionError, UshuruError, UshuruTimeoutError } from '@ushuru/sdk';

/** An error the CLI itself reports; `exitCode` 1 unless said otherwise. */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** Values that must never reach the terminal (the tokens of this run), replaced by a mask if they would. */
const secrets = new Set<string>();

export function registerSecret(value: string): void {
  if (value.length >= 8) secrets.add(value);
}

/** `text` with every registered secret masked. */
export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join(`${secret.slice(0, 4)}…${secret.slice(-4)}`);
  return out;
}

export function writeOut(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function writeErr(text: string): void {
  process.stderr.write(redact(text.endsWith('\n') ? text : `${text}\n`));
}

/** The raw data of a command, as `--json` promises. */
export function printJson(data: unknown): void {
  writeOut(JSON.stringify(data, null, 2));
}

/** A cell as text: `-` for nothing, JSON for objects. */
export function cell(value: unknown): string {
  if (value === null || value === undefined || value === '') return '-';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export interface Column<T> {
  header: string;
  value: (row: T) => unknown;
  /** Numbers read best right-aligned. */
  align?: 'left' | 'right';
}

/** Rows under a header, each column as wide as its widest cell. */
export function formatTable<T>(rows: readonly T[], columns: ReadonlyArray<Column<T>>): string {
  const cells = rows.map((row) => columns.map((c) => cell(c.value(row))));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => (columns[i]!.align === 'right' ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...cells.map(line)].join('\n');
}

/** `Label   value` lines, labels aligned; entries whose value is undefined are left out. */
export function formatFields(fields: ReadonlyArray<readonly [string, unknown]>): string {
  const shown = fields.filter(([, v]) => v !== undefined);
  const width = Math.max(0, ...shown.map(([k]) => k.length));
  return shown.map(([k, v]) => `${k.padEnd(width)}  ${cell(v)}`).join('\n');
}

/** Nested data (e.g. a KRA checker's answer) as indented `key: value` lines. */
export function formatTree(value: unknown, indent = ''): string {
  if (value === null || typeof value !== 'object') return `${indent}${cell(value)}`;
  const lines: string[] = [];
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  for (const [key, v] of entries) {
    if (v !== null && typeof v === 'object') lines.push(`${indent}${key}:`, formatTree(v, `${indent}  `));
    else lines.push(`${indent}${key}: ${cell(v)}`);
  }
  return lines.join('\n');
}

/** What went wrong, on the lines a person reads, with a hint when the fix is known. */
export function describeError(err: unknown): string {
  if (err instanceof UshuruError) {
    const body = err.body;
    const message = body?.message ?? err.message.split('\n')[0]!;
    const lines = [`Error: ${message}`];
    for (const [field, messages] of Object.entries(err.fieldErrors)) {
      const line = `${field}: ${messages.join('; ')}`;
      // The gateway's message often is the first field error already: say it once.
      if (!message.includes(line)) lines.push(`  ${line}`);
    }
    if (err.kraResponse !== undefined) lines.push(`  KRA answered: ${JSON.stringify(err.kraResponse)}`);
    if (err.rule) lines.push(`  rule: ${err.rule}`);
    if (err instanceof AuthenticationError) lines.push('The gateway refused the API token: run `ushuru login` again, or check --token / USHURU_TOKEN.');
    if (err instanceof InsufficientScopeError)
      lines.push('The API token lacks the scope this needs: use a token with more scopes (`ushuru token create --scopes …`).');
    if (err instanceof UshuruConnectionError || err instanceof UshuruTimeoutError)
      lines.push('Is the gateway running (`ushuru start`), and is the URL right (--url, USHURU_URL or `ushuru login`)?');
    if (err.requestId) lines.push(`  request id: ${err.requestId}`);
    return lines.join('\n');
  }
  if (err instanceof Error) return err.message.startsWith('Error') ? err.message : `Error: ${err.message}`;
  return `Error: ${String(err)}`;
}

/** The exit code an error ends the command with. */
export function exitCodeOf(err: unknown): number {
  return err instanceof CliError ? err.exitCode : 1;
}

/** Reports `err` on stderr and sets the exit code. */
export function reportError(err: unknown): void {
  const message = err instanceof CliError ? err.message : describeError(err);
  writeErr(message);
  process.exitCode = exitCodeOf(err);
}
