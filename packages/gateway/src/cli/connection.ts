/**
 * Which gateway a command talks to, and with which token: `--url`/`--token` flags first, then
 * `USHURU_URL`/`USHURU_TOKEN`, then a profile saved by `ushuru login` in the config file
 * (`$USHURU_CONFIG`, else `$XDG_CONFIG_HOME/ushuru/config.json`, else `~/.config/ushuru/config.json`).
 *
 * The config file holds API tokens, so it is written with mode 0600 in a 0700 directory, and a token
 * is only ever shown masked (`ush_…abcd`).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { Ushuru } from '@ushuru/sdk';
import { CliError, registerSecret } from './output.js';

/** The flags every command that calls the gateway takes. */
export interface ConnectionFlags {
  url?: string;
  token?: string;
  profile?: string;
  app?: string;
}

export interface Profile {
  url: string;
  token: string;
}

export interface ConfigFile {
  /** The profile used when no `--profile` is given. */
  current?: string;
  profiles: Record<string, Profile>;
}

export interface Connection {
  url: string;
  token: string;
  /** The KRA app (`--app` / `USHURU_APP`) sent as `X-KRA-App-Id`. */
  appId: number | undefined;
  /** Where the URL and token came from, for `ushuru login --status`-style messages. */
  source: 'flags' | 'environment' | `profile ${string}`;
}

export const DEFAULT_PROFILE = 'default';

const HOW_TO_CONNECT = [
  'Not connected to a gateway. Either:',
  '  ushuru login                                   (saves a profile; asks for the URL and an API token)',
  '  export USHURU_URL=http://127.0.0.1:8080 USHURU_TOKEN=ush_…',
  '  ushuru … --url http://127.0.0.1:8080 --token ush_…',
  '`ushuru start` prints an admin token on its first start; `ushuru tenant token NAME` makes another.',
].join('\n');

/** The config file's path for this environment. */
export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.USHURU_CONFIG) return env.USHURU_CONFIG;
  const base = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'ushuru', 'config.json');
}

export function readConfig(path: string): ConfigFile {
  if (!existsSync(path)) return { profiles: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new CliError(`${path} is not valid JSON: fix it or delete it and run \`ushuru login\` again.`);
  }
  const config = parsed as Partial<ConfigFile>;
  return { ...(typeof config.current === 'string' ? { current: config.current } : {}), profiles: { ...(config.profiles ?? {}) } };
}

/** Writes the file whole (temp file + rename) so a crash never leaves half a config, readable by its owner only. */
export function writeConfig(path: string, config: ConfigFile): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(config, null, 2) + '\n', { mode: 0o600 });
  // The mode of writeFileSync is filtered by the umask; chmod makes it exactly 0600.
  chmodSync(temp, 0o600);
  renameSync(temp, path);
}

/** `ush_…abcd`: enough to tell tokens apart, never enough to use one. */
export function maskToken(token: string): string {
  const prefix = token.startsWith('ush_') ? 'ush_' : '';
  return `${prefix}…${token.slice(-4)}`;
}

/** A gateway URL without its trailing slash, or an error naming the flag. */
export function normaliseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new CliError(`The gateway URL must be an http(s) URL such as http://127.0.0.1:8080, got "${value}".`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CliError(`The gateway URL must start with http:// or https://, got "${value}".`);
  return url.toString().replace(/\/+$/, '');
}

/** `--app` as a positive integer id. */
export function parseAppId(value: string | undefined, flag = '--app'): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^[1-9]\d{0,8}$/.test(value)) throw new CliError(`${flag} must be the id of a KRA app (see \`ushuru app list\`), got "${value}".`);
  return Number(value);
}

/** The connection of a command: flags, then the environment, then the profile. */
export function resolveConnection(flags: ConnectionFlags, env: NodeJS.ProcessEnv = process.env): Connection {
  const appId = parseAppId(flags.app ?? env.USHURU_APP, flags.app !== undefined ? '--app' : 'USHURU_APP');
  const profileName = flags.profile ?? env.USHURU_PROFILE;
  const config = readConfig(configPath(env));
  const name = profileName ?? config.current ?? DEFAULT_PROFILE;
  const profile = config.profiles[name];
  if (profileName !== undefined && !profile) {
    throw new CliError(`No profile "${profileName}" in ${configPath(env)}. Create it with \`ushuru login --profile ${profileName}\`.`);
  }
  const url = flags.url ?? env.USHURU_URL ?? profile?.url;
  const token = flags.token ?? env.USHURU_TOKEN ?? profile?.token;
  if (!url || !token) throw new CliError(HOW_TO_CONNECT);
  registerSecret(token);
  const source =
    flags.url !== undefined || flags.token !== undefined ? 'flags' : env.USHURU_URL || env.USHURU_TOKEN ? 'environment' : (`profile ${name}` as const);
  return { url: normaliseUrl(url), token, appId, source };
}

/** An SDK client for the connection; `--app` names both the eTIMS and the portal app of the calls. */
export function clientFor(connection: Connection): Ushuru {
  return new Ushuru({
    baseUrl: connection.url,
    token: connection.token,
    ...(connection.appId !== undefined ? { appId: connection.appId, portalAppId: connection.appId } : {}),
  });
}

/** Resolves the connection of `flags` and makes its client. */
export function connect(flags: ConnectionFlags): { sdk: Ushuru; connection: Connection } {
  const connection = resolveConnection(flags);
  return { sdk: clientFor(connection), connection };
}
