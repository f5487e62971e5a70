/**
 * The shape every gateway command shares: the connection flags, `--json`, examples in `--help`, and
 * flag parsers that name the flag in their error.
 */
import { Option, type Command } from 'commander';
import type { Ushuru } from '@ushuru/sdk';
import { connect, type Connection, type ConnectionFlags } from './connection.js';
import { CliError } from './output.js';

export interface CommonFlags extends ConnectionFlags {
  json?: boolean;
}

/** Adds `Examples:` to a command's `--help`. */
export function withExamples(command: Command, examples: readonly string[]): Command {
  return command.addHelpText('after', `\nExamples:\n${examples.map((e) => `  $ ${e}`).join('\n')}\n`);
}

const CONNECTION_OPTIONS = [
  ['--app <id>', 'the KRA app (eTIMS branch or developer.go.ke app) to use; optional when there is one (default: USHURU_APP)'],
  ['--url <url>', 'the gateway (default: USHURU_URL, else the profile)'],
  ['--token <token>', 'an API token (default: USHURU_TOKEN, else the profile)'],
  ['--profile <name>', 'a profile saved by `ushuru login` (default: the current one)'],
] as const;

/** A subcommand of `parent` that calls the gateway: connection flags, `--json` and examples. */
export function apiCommand(parent: Command, nameAndArgs: string, description: string, examples: readonly string[]): Command {
  const command = parent.command(nameAndArgs).description(description).option('--json', 'print the raw data as JSON');
  for (const [flags, help] of CONNECTION_OPTIONS) command.addOption(new Option(flags, help).helpGroup('Connection options:'));
  return withExamples(command, examples);
}

/** The SDK client of a command's flags. */
export function clientOf(flags: CommonFlags): { sdk: Ushuru; connection: Connection } {
  return connect(flags);
}

/** A whole number within bounds, or an error naming the flag. */
export function parseInteger(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d{1,9}$/.test(value) || n < min || n > max) throw new CliError(`${flag} must be a whole number from ${min} to ${max}, got "${value}".`);
  return n;
}

/** A date flag as YYYY-MM-DD (a real calendar day), or an error naming the flag. */
export function parseDateFlag(flag: string, value: string): string {
  const ok = /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) && new Date(Date.parse(value)).toISOString().slice(0, 10) === value;
  if (!ok) throw new CliError(`${flag} must be a date YYYY-MM-DD, got "${value}".`);
  return value;
}

/** One of `choices`, or an error naming the flag. */
export function parseChoice<T extends string>(flag: string, value: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(value)) throw new CliError(`${flag} must be one of ${choices.join(', ')}, got "${value}".`);
  return value as T;
}

/** Commander's collector for a repeatable flag. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * `KEY=VALUE` pairs (a repeatable flag) as an object. With `json`, values that read as JSON (numbers,
 * booleans, objects) are parsed; otherwise every value stays a string (a PIN or an ID number is text).
 */
export function parseAssignments(flag: string, pairs: readonly string[], { json = false } = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new CliError(`${flag} takes KEY=VALUE, got "${pair}".`);
    const raw = pair.slice(at + 1);
    let value: unknown = raw;
    if (json) {
      try {
        value = JSON.parse(raw);
      } catch {
        // Not JSON: the plain string it is.
      }
    }
    out[pair.slice(0, at)] = value;
  }
  return out;
}
