/**
 * Where a webhook may point: http(s) only, no credentials in the URL, and — unless the operator
 * allows private targets (`USHURU_WEBHOOKS_ALLOW_PRIVATE`) — only public addresses, checked when the
 * endpoint is created and again, on the resolved address, before every delivery (a name can be
 * re-pointed at an internal address after it was accepted).
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/** Whether an IP address is loopback, private, link-local, CGNAT, multicast, unspecified or reserved. */
export function isPrivateAddress(ip: string): boolean {
  const v4 = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  if (isIP(v4) === 4) {
    const [a, b] = v4.split('.').map(Number) as [number, number];
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127) ||
      a >= 224
    );
  }
  const v6 = ip.toLowerCase();
  return v6 === '::1' || v6 === '::' || v6.startsWith('fc') || v6.startsWith('fd') || v6.startsWith('fe80') || v6.startsWith('ff');
}

/** Why `url` cannot be a webhook target (syntax and literal addresses), or undefined. */
export function targetProblem(url: string, allowPrivate: boolean): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be an absolute http(s) URL';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'must be an http(s) URL';
  if (parsed.username || parsed.password) return 'must not carry credentials';
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) !== 0 && isPrivateAddress(host)))) {
    return 'must be a public address (set USHURU_WEBHOOKS_ALLOW_PRIVATE=true to allow private ones)';
  }
  return undefined;
}

/** Resolves the target's host and refuses private addresses unless allowed; the problem, or undefined. */
export async function resolvedTargetProblem(url: string, allowPrivate: boolean): Promise<string | undefined> {
  const syntax = targetProblem(url, allowPrivate);
  if (syntax || allowPrivate) return syntax;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  try {
    const addresses = await lookup(host, { all: true });
    if (addresses.some((a) => isPrivateAddress(a.address))) return `${host} resolves to a private address`;
  } catch {
    return `${host} does not resolve`;
  }
  return undefined;
}
