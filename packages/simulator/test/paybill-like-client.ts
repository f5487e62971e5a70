/**
 * A test client that talks to eTIMS OSCU the way the published paybill OSCU SDKs (TypeScript, PHP,
 * Python) do, so the simulator can be checked against a client written by someone else's reading
 * of KRA's docs. Written here from their documented behaviour, not from their code:
 *
 * - host A paths: `{baseUrl}/selectInitOsdcInfo`, `{baseUrl}/saveTrnsSalesOsdc`, …;
 * - an OAuth token from `GET {tokenUrl}?grant_type=client_credentials` with Basic key:secret,
 *   cached until shortly before `expires_in`, sent as a bearer on every call;
 * - business headers `tin`, `bhfId`, `cmcKey` on every call except device init (bearer only);
 * - one retry with a fresh token when an answer is HTTP 401;
 * - KRA's flat envelope: `000` and `001` are success (the envelope is returned), anything else
 *   throws an OscuApiError carrying `resultCd` and `resultMsg`.
 *
 * The SDKs hard-code KRA's hosts; pointing `baseUrl` at the simulator is the only change a test
 * makes. The token URL defaults to the same origin, where the simulator serves it too.
 */

/** A JSON object. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

/** KRA's flat envelope. */
export interface OscuEnvelope {
  resultCd: string;
  resultMsg: string;
  resultDt: string;
  data: Json | null;
}

/** How the client is set up (the SDKs' config: credentials, TIN, branch, cmcKey once known). */
export interface PaybillLikeConfig {
  /** Host A base, e.g. `https://etims-api-sbx.kra.go.ke/etims-api`. */
  baseUrl: string;
  /** Token endpoint; default `/v1/token/generate` on the base URL's origin. */
  tokenUrl?: string;
  consumerKey: string;
  consumerSecret: string;
  tin: string;
  bhfId: string;
  /** Issued by `selectInitOsdcInfo`; set it with `setCmcKey` before any other call. */
  cmcKey?: string;
}

/** A refused call: a result code other than 000/001, or an HTTP failure (resultCd then empty). */
export class OscuApiError extends Error {
  override name = 'OscuApiError';
  constructor(
    readonly resultCd: string,
    readonly resultMsg: string,
    readonly httpStatus: number,
    readonly body: unknown,
  ) {
    super(resultCd ? `OSCU ${resultCd}: ${resultMsg}` : `HTTP ${httpStatus}: ${resultMsg}`);
  }
}

/** Seconds kept in reserve before a token's stated expiry, as the SDKs do. */
const EXPIRY_MARGIN_SECONDS = 60;

export class PaybillLikeClient {
  private cached: { token: string; expiresAt: number } | undefined;
  /** How many tokens this client has fetched (the SDKs fetch once and cache). */
  tokensFetched = 0;

  constructor(private readonly config: PaybillLikeConfig) {}

  /** Stores the key `selectInitOsdcInfo` issued, as an SDK user puts it into the config. */
  setCmcKey(cmcKey: string): void {
    this.config.cmcKey = cmcKey;
  }

  /** A bearer token, from the cache unless expired or `refresh` is set. */
  async token(refresh = false): Promise<string> {
    if (!refresh && this.cached && Date.now() < this.cached.expiresAt) return this.cached.token;
    const url = this.config.tokenUrl ?? new URL('/v1/token/generate', this.config.baseUrl).toString();
    const basic = Buffer.from(`${this.config.consumerKey}:${this.config.consumerSecret}`).toString('base64');
    const res = await fetch(`${url}?grant_type=client_credentials`, { headers: { Authorization: `Basic ${basic}`, Accept: 'application/json' } });
    const body = (await res.json().catch(() => ({}))) as Json;
    if (!res.ok || typeof body.access_token !== 'string') throw new OscuApiError('', String(body.errorMessage ?? 'token request failed'), res.status, body);
    this.tokensFetched += 1;
    const lifetime = Number.parseInt(String(body.expires_in ?? '3600'), 10);
    this.cached = { token: body.access_token, expiresAt: Date.now() + (lifetime - EXPIRY_MARGIN_SECONDS) * 1000 };
    return body.access_token;
  }

  /** Posts `body` to `{baseUrl}/{operation}` and unwraps KRA's envelope. */
  async post(operation: string, body: Json): Promise<OscuEnvelope> {
    let res = await this.send(operation, body, await this.token());
    if (res.status === 401) res = await this.send(operation, body, await this.token(true));
    const text = await res.text();
    let envelope: Json = {};
    try {
      envelope = text ? (JSON.parse(text) as Json) : {};
    } catch {
      throw new OscuApiError('', `not JSON: ${text.slice(0, 200)}`, res.status, text);
    }
    if (!res.ok) throw new OscuApiError('', String(envelope.resultMsg ?? res.statusText), res.status, envelope);
    const resultCd = String(envelope.resultCd ?? '');
    if (resultCd !== '000' && resultCd !== '001') throw new OscuApiError(resultCd, String(envelope.resultMsg ?? ''), res.status, envelope);
    return envelope as OscuEnvelope;
  }

  private async send(operation: string, body: Json, token: string): Promise<Response> {
    const headers: Record<string, string> = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json' };
    // Init comes before a cmcKey exists: the SDKs send only the bearer there.
    if (operation !== 'selectInitOsdcInfo') {
      headers.tin = this.config.tin;
      headers.bhfId = this.config.bhfId;
      headers.cmcKey = this.config.cmcKey ?? '';
    }
    return fetch(`${this.config.baseUrl.replace(/\/+$/, '')}/${operation}`, { method: 'POST', headers, body: JSON.stringify(body) });
  }

  selectInitOsdcInfo(body: { tin: string; bhfId: string; dvcSrlNo: string }): Promise<OscuEnvelope> {
    return this.post('selectInitOsdcInfo', body);
  }

  selectCodeList(body: { lastReqDt: string }): Promise<OscuEnvelope> {
    return this.post('selectCodeList', body);
  }

  saveItem(body: Json): Promise<OscuEnvelope> {
    return this.post('saveItem', body);
  }

  saveTrnsSalesOsdc(body: Json): Promise<OscuEnvelope> {
    return this.post('saveTrnsSalesOsdc', body);
  }

  insertStockIO(body: Json): Promise<OscuEnvelope> {
    return this.post('insertStockIO', body);
  }

  saveStockMaster(body: Json): Promise<OscuEnvelope> {
    return this.post('saveStockMaster', body);
  }
}
