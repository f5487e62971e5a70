/**
 * Test support: a small OSCU client written the way existing integrations call KRA (paybill's SDKs,
 * seed 000): host A with `tin`/`bhfId`/`cmcKey` headers and a flat envelope, or host B with an OAuth
 * token from the token URL (HTTP Basic client credentials) and the wrapped envelope. Pointed at KRA
 * or at Ushuru by its base URL alone. Used by the OSCU endpoint tests (src/oscu-endpoint/).
 */
import { OSCU_OPERATIONS_BY_NAME, type OscuOperationName } from '@ushuru/kra';

export interface KraClientOptions {
  protocol: 'A' | 'B';
  /** Host A: `…/etims-api`; host B: `…/etims-oscu/api/v1`. */
  baseUrl: string;
  tin: string;
  bhfId: string;
  cmcKey?: string;
  /** Host B only. */
  tokenUrl?: string;
  clientId?: string;
  clientSecret?: string;
}

/** What the client hands its caller: KRA's result, unwrapped from host B's envelope. */
export interface KraReply {
  httpStatus: number;
  resultCd: string | undefined;
  resultMsg: string | undefined;
  data: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- KRA's data is read as loosely as integrations read it
  raw: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export function kraClient(options: KraClientOptions) {
  let cmcKey = options.cmcKey;
  let bearer: string | undefined;

  async function token(): Promise<string> {
    const basic = Buffer.from(`${options.clientId ?? ''}:${options.clientSecret ?? ''}`).toString('base64');
    const res = await fetch(`${options.tokenUrl}?grant_type=client_credentials`, { headers: { authorization: `Basic ${basic}` } });
    const body = (await res.json()) as { access_token?: string; expires_in?: unknown };
    if (!res.ok || !body.access_token) throw new Error(`token refused: HTTP ${res.status} ${JSON.stringify(body)}`);
    return body.access_token;
  }

  async function call(operation: OscuOperationName, body: unknown): Promise<KraReply> {
    const row = OSCU_OPERATIONS_BY_NAME[operation];
    const path = options.protocol === 'A' ? row.hostAPath : row.hostBPath;
    if (options.protocol === 'B') bearer ??= await token();
    const init = operation === 'selectInitOsdcInfo';
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (!(init && options.protocol === 'B')) Object.assign(headers, { tin: options.tin, bhfId: options.bhfId });
    if (cmcKey && !init) headers.cmcKey = cmcKey;
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    const res = await fetch(`${options.baseUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    const raw = (await res.json()) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    const envelope = options.protocol === 'B' ? raw?.responseBody : raw;
    return { httpStatus: res.status, resultCd: envelope?.resultCd, resultMsg: envelope?.resultMsg, data: envelope?.data, raw };
  }

  return {
    call,
    /** Device init; keeps `data.info.cmcKey` for every later call, as seed 000's code does. */
    async selectInitOsdcInfo(body: { tin: string; bhfId: string; dvcSrlNo: string }): Promise<KraReply> {
      const reply = await call('selectInitOsdcInfo', body);
      const key = reply.data?.info?.cmcKey;
      if (typeof key === 'string') cmcKey = key;
      return reply;
    },
    get cmcKey() {
      return cmcKey;
    },
    get bearer() {
      return bearer;
    },
  };
}
