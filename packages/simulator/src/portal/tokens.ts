/**
 * KRA's OAuth client-credentials flow (docs/kra/portal.md §1): `GET …/generate?grant_type=client_credentials`
 * with HTTP Basic auth, answering `{"access_token","expires_in":"3599"}` (a string, no token_type).
 */
import { ALPHABET, type SeededRandom } from '../core/prng.js';

/** The consumer key every simulator accepts. */
export const DEFAULT_CONSUMER_KEY = 'ushuru-sim-key';
/** The consumer secret paired with DEFAULT_CONSUMER_KEY. */
export const DEFAULT_CONSUMER_SECRET = 'ushuru-sim-secret';

/** An OAuth client (an app on developer.go.ke). */
export interface SimClientCredentials {
  consumerKey: string;
  consumerSecret: string;
}

/** Outcome of a token request. */
export type TokenIssue = { ok: true; accessToken: string; expiresInSeconds: number } | { ok: false; reason: 'invalidCredentials' };

/** Issues and checks bearer tokens against the simulator clock. */
export class TokenAuthority {
  private readonly clients = new Map<string, string>();
  private readonly tokens = new Map<string, number>();

  constructor(
    clients: readonly SimClientCredentials[],
    private readonly ttlSeconds: number,
    private readonly now: () => number,
    private readonly random: () => SeededRandom,
  ) {
    this.registerClient(DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET);
    for (const client of clients) this.registerClient(client.consumerKey, client.consumerSecret);
  }

  /** Accepts another key/secret pair (a later registration of the same key replaces its secret). */
  registerClient(consumerKey: string, consumerSecret: string): void {
    this.clients.set(consumerKey, consumerSecret);
  }

  /** Checks an `Authorization: Basic …` header and issues a token. */
  issue(authorizationHeader: string | undefined): TokenIssue {
    const credentials = parseBasicAuth(authorizationHeader);
    if (!credentials || this.clients.get(credentials.consumerKey) !== credentials.consumerSecret) {
      return { ok: false, reason: 'invalidCredentials' };
    }
    // KRA's tokens look like `qblts2rRqMKBG7mvP7AkLZfnWjER`: 28 alphanumerics.
    const accessToken = this.random().chars(28, ALPHABET.alphanumeric);
    this.tokens.set(accessToken, this.now() + this.ttlSeconds * 1000);
    return { ok: true, accessToken, expiresInSeconds: this.ttlSeconds };
  }

  /** Whether `token` was issued here and has not expired on the simulator clock. */
  isValid(token: string): boolean {
    const expiresAt = this.tokens.get(token);
    if (expiresAt === undefined) return false;
    if (this.now() >= expiresAt) {
      this.tokens.delete(token);
      return false;
    }
    return true;
  }

  /** Forgets every issued token; registered clients stay (they are configuration, not state). */
  reset(): void {
    this.tokens.clear();
  }
}

/** The bearer token of an `Authorization` header, if any. */
export function bearerToken(authorizationHeader: string | undefined): string | undefined {
  if (!authorizationHeader) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorizationHeader);
  return m?.[1];
}

function parseBasicAuth(header: string | undefined): SimClientCredentials | undefined {
  if (!header) return undefined;
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!m?.[1]) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { consumerKey: decoded.slice(0, colon), consumerSecret: decoded.slice(colon + 1) };
}
