/**
 * Builds the URLs of KRA calls. KRA's own pages print `https://api.kra.go.ke//checker/v1/pinbypin`,
 * and configured bases come with or without a trailing slash (`…/etims-api/`), so every URL we build
 * goes through here: exactly one slash between base and path, none doubled.
 */
import { KraCallError } from './errors.js';
import { BoundedMemo } from './memo.js';

/**
 * Joins a configured base URL and a checked path, then checks the result as the URL parser
 * normalised it: same origin as the base, still under the base's path, no dot segments and never
 * the simulator's control prefix. The base URL comes from the operator's configuration; the path may
 * come from a tenant's settings, so the joined URL is what must be trusted, not its parts.
 */
export function joinKraUrl(baseUrl: string, path: string, setting: string): string {
  // Every KRA call joins one of a few (base, path) pairs; parsing them again cost ~2 % of a call.
  // A refused pair throws, so it is never kept and its error always names the caller's setting.
  return joined.get(`${baseUrl}\u0000${path}`, () => checkedJoin(baseUrl, path, setting));
}

/** Joined URLs by base and path (the join is pure: same inputs, same URL or the same refusal). */
const joined = new BoundedMemo<string>();

function checkedJoin(baseUrl: string, path: string, setting: string): string {
  const base = new URL(baseUrl);
  const basePath = base.pathname.replace(/\/+$/, '');
  const url = new URL(base.toString());
  url.pathname = `${basePath}/${path.replace(/^\/+/, '')}`.replace(/\/{2,}/g, '/');
  url.search = '';
  url.hash = '';
  const pathname = url.pathname;
  const escapes =
    url.origin !== base.origin ||
    !pathname.startsWith(`${basePath}/`) ||
    /(^|\/)\.{1,2}(\/|$)/.test(pathname) ||
    /%2e|%2f|%5c/i.test(pathname) ||
    /(^|\/)__sim(\/|$)/.test(pathname);
  if (escapes) throw new KraCallError('config', `${setting}: resolves outside KRA's API (${pathname})`, { setting });
  return url.toString();
}

/** Returns the origin (`https://host[:port]`) of a URL, e.g. the OAuth host of a host-B base URL. */
export function originOf(url: string): string {
  return new URL(url).origin;
}
