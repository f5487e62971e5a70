/**
 * What a KRA path may look like. Apps may override KRA paths (KRA's own material disagrees about
 * several), and an override is a tenant's input: without these rules a tenant could point its calls
 * at any path on KRA's host — or at the shared simulator's control API — with its credentials and
 * read the answer back. So every path we call, default or override, must be an API path of its
 * family, and every joined URL is checked again after the URL parser has normalised it.
 */
import { KraCallError } from './errors.js';

/** Which kind of KRA path: a portal API, an OAuth token endpoint, or an OSCU operation. */
export type KraPathFamily = 'portal' | 'token' | 'oscu';

/**
 * Segments are plain names: letters, digits, `-` and `_`, not starting with `_` (which also keeps
 * out the simulator's `/__sim` control prefix). No dots (so no `.` or `..`), no `%` (so no encoded
 * dots or slashes), no query, no fragment.
 */
const SEGMENT = '[A-Za-z0-9-][A-Za-z0-9_-]{0,63}';

const FAMILY_RULES: Record<KraPathFamily, { pattern: RegExp; example: string; hint: string }> = {
  // Every developer.go.ke API path carries a version segment: /checker/v1/pinbypin, /v1/generate/pin.
  portal: {
    pattern: new RegExp(`^(?=.*/v\\d+(/|$))(/${SEGMENT}){2,8}$`),
    example: '/checker/v1/pinbyid',
    hint: 'a developer.go.ke API path with a version segment',
  },
  // KRA's two token endpoints: /v1/token/generate and /oauth/v1/generate.
  token: {
    pattern: /^(\/oauth)?\/v\d+(\/token)?\/generate$/,
    example: '/oauth/v1/generate',
    hint: 'an OAuth token path such as /v1/token/generate or /oauth/v1/generate',
  },
  // OSCU operations: /saveItem on host A; /insert/stockIO, /select-code-list on host B.
  oscu: {
    pattern: new RegExp(`^(/${SEGMENT}){1,3}$`),
    example: '/selectCodeList',
    hint: 'an OSCU operation path of one to three plain segments',
  },
};

const MAX_PATH_LENGTH = 200;

/** Why `path` is not a KRA path of `family`, or undefined when it is one. */
export function kraPathProblem(path: string, family: KraPathFamily): string | undefined {
  const rule = FAMILY_RULES[family];
  if (path.length > MAX_PATH_LENGTH) return `must be at most ${MAX_PATH_LENGTH} characters`;
  if (!rule.pattern.test(path)) return `must be ${rule.hint}, e.g. ${rule.example}`;
  return undefined;
}

/** Throws a `config` KraCallError naming `setting` when `path` is not a KRA path of `family`. */
export function assertKraPath(path: string, family: KraPathFamily, setting: string): string {
  const problem = kraPathProblem(path, family);
  if (problem) throw new KraCallError('config', `${setting}: ${problem}`, { setting });
  return path;
}
