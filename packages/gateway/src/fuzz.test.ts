/**
 * A fuzz test generated over the route table (issue #11, "Hardening"). For every route of ROUTES,
 * public ones included, it sends a fixed number of requests made from mutations of the route's
 * `exampleBody` (or `{}`) — wrong types, nulls, missing and unknown fields, huge arrays, deep
 * nesting, long and odd strings, odd numbers, bad path parameters, odd query strings, odd headers
 * (X-KRA-App-Id, Idempotency-Key, X-Request-Id, Authorization), non-JSON bodies, wrong content
 * types and a wrong Content-Length — to one gateway whose tenant has a working portal app and an
 * initialized eTIMS device on the simulator, so that a mutation that happens to be valid really runs.
 *
 * Every answer must be: below 500 (502/503/504 only for KRA's own failures: kra_unavailable,
 * kra_auth_failed, kra_timeout); an error in our envelope with the `X-Request-Id` header's id, with
 * no stack trace or internal path; a success with `success: true`; JSON; within REQUEST_BOUND_MS.
 * The process's memory must stay within RSS_GROWTH_BOUND over the whole run.
 *
 * Deterministic for a seed: each route draws from its own generator (the seed mixed with the
 * route's method and URL), so one route can be replayed alone. The seed is printed first; replay:
 *
 *   USHURU_FUZZ_SEED=1234 npx vitest run packages/gateway/src/fuzz.test.ts
 *   USHURU_FUZZ_SEED=1234 npx vitest run packages/gateway/src/fuzz.test.ts -t 'POST /api/tokens'
 *
 * State: routes that change a tenant's tokens or apps run in a scratch tenant of their own (made
 * afresh for each such route), so a valid PATCH or DELETE never touches the shared fixtures; the
 * shared eTIMS app can be changed only through KRA-checked routes (a second initialization is a
 * 409, an imported key is tried on KRA first). Headers over 16 KB and slow clients are tested on a
 * real socket in hardening.test.ts; this test uses `gw.request` (Fastify inject).
 */
import { randomInt } from 'node:crypto';
import { createStream, SIM_DEFAULT_CONSUMER_KEY, SIM_DEFAULT_CONSUMER_SECRET } from '@ushuru/simulator';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from './auth/token-service.js';
import type { HttpMethod, RouteDef } from './http/route.js';
import { ROUTES } from './routes.js';
import { createTestGateway, TEST_ENGINE, type TestGateway } from './test-support/gateway.js';

/** Requests per route (the first is the route's example as is). */
const REQUESTS_PER_ROUTE = 20;
/** Every answer must arrive within this. */
const REQUEST_BOUND_MS = 3000;
/** A request unanswered after this is reported as a hang (and the route's remaining requests are skipped). */
const HANG_MS = 10_000;
/** The process's resident memory may grow at most this much over the run. */
const RSS_GROWTH_BOUND = 400 * 1024 * 1024;
/** The only error codes a 502, 503 or 504 may carry: KRA failing, as the gateway reports it. */
const KRA_FAILURE_CODES = new Set(['kra_unavailable', 'kra_auth_failed', 'kra_timeout']);
/** A port nothing listens on: KRA's sandbox and production hosts must never be reached from a test. */
const CLOSED = 'http://127.0.0.1:9';

// ---------------------------------------------------------------------------------------------
// Seeded randomness
// ---------------------------------------------------------------------------------------------

function fuzzSeed(): number {
  const given = process.env.USHURU_FUZZ_SEED;
  if (given === undefined || given.trim() === '') return randomInt(0, 2 ** 32);
  if (!/^\d{1,10}$/.test(given.trim()) || Number(given) >= 2 ** 32) throw new Error('USHURU_FUZZ_SEED must be an integer from 0 to 4294967295');
  return Number(given);
}

const SEED = fuzzSeed();
console.log(`fuzz seed ${SEED} (${TEST_ENGINE}); replay with USHURU_FUZZ_SEED=${SEED} npx vitest run packages/gateway/src/fuzz.test.ts`);

/** Choices for the mutations, from one replayable stream per seed and route (the simulator's PRNG). */
class Rng {
  private readonly next: () => number;
  constructor(seed: number, stream: string) {
    const random = createStream(seed, stream);
    this.next = () => random.next();
  }
  float(): number {
    return this.next();
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: ReadonlyArray<T>): T {
    return items[this.int(items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  shuffle<T>(items: ReadonlyArray<T>): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }
}

// ---------------------------------------------------------------------------------------------
// Odd values
// ---------------------------------------------------------------------------------------------

const ODD_STRINGS: ReadonlyArray<string> = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u0007\u001b[31mred',
  'line\nbreak',
  'tab\there',
  'ACME\u202Edtl',
  '\u2066isolate\u2069',
  'zero\u200Bwidth',
  '\uFEFFbom',
  '😀💥🇰🇪',
  '\uD800',
  'e\u0301',
  '%00',
  '%FF%FE',
  '../../etc/passwd',
  '..\\..\\windows\\win.ini',
  "' OR '1'='1",
  '1; DROP TABLE kra_apps;--',
  "'; select pg_sleep(5);--",
  '${jndi:ldap://x/a}',
  '<script>alert(1)</script>',
  '{{7*7}}',
  '9'.repeat(400),
  '1e308',
  '-0',
  'NaN',
  'Infinity',
  '0x1F',
  '-1',
  'null',
  'true',
  '[]',
  '{}',
  'P051234567Q\u0000',
  'شركة',
  '__proto__',
];

/** Numbers as JSON text, inserted raw (JSON.stringify would turn -0 into 0 and refuse 1e309). */
const ODD_NUMBERS: ReadonlyArray<string> = [
  '1e308',
  '-1e308',
  '1e309',
  '-0',
  '1e-400',
  '5e-324',
  '9007199254740993',
  '123456789012345678901234567890',
  '-1',
  '0.1',
  '1.005',
  '2147483648',
  '-9223372036854775809',
];

const WRONG_TYPED: ReadonlyArray<unknown> = [0, 42, -1.5, 'text', '', true, false, {}, { a: 1 }, [], [1, 'x'], null];

const UNKNOWN_FIELDS: ReadonlyArray<string> = [
  'tenant_id',
  'app_id',
  'tin',
  'cmcKey',
  'id',
  'is_admin',
  '',
  ' ',
  'a.b',
  'x'.repeat(201),
  '😀',
  '\u202Ekey',
  'constructor',
  '__proto__',
  'prototype',
  'toString',
  'hasOwnProperty',
];

const BAD_PARAMS: ReadonlyArray<string> = [
  'a'.repeat(101),
  'a'.repeat(150),
  '%FF%FE',
  '..',
  '.',
  '%2e%2e',
  '%2F',
  '%00',
  '%201',
  '1%20',
  encodeURIComponent('é'),
  encodeURIComponent('😀'),
  'ü',
  '%E2%80%AE1',
  '-1',
  '0',
  '01',
  '1e3',
  '0x1',
  '9'.repeat(20),
  '2147483648',
  '%27%20OR%201%3D1--',
  'null',
  'undefined',
  '__proto__',
];

const QUERY_VALUES: ReadonlyArray<string> = [
  '',
  '%FF',
  '%00',
  'a%00b',
  '-1',
  '0',
  '1e3',
  '2147483648',
  '9'.repeat(30),
  'a'.repeat(5000),
  '%E2%80%AE',
  encodeURIComponent("' OR 1=1--"),
  'null',
  'true',
  '2025-13-45',
  '1%20',
];

const APP_HEADERS: ReadonlyArray<string> = ['abc', 'a'.repeat(5000), '', ' ', '-1', '0', '01', '1.5', ' 1 ', '1e2', '2147483648', '9'.repeat(20), '99999', 'é'];

const IDEMPOTENCY_KEYS: ReadonlyArray<string> = ['a'.repeat(256), 'a'.repeat(5000), 'has space', '', 'é', '"quoted"', '../../x', 'key%00'];

const CONTENT_TYPES: ReadonlyArray<string> = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/json; charset=utf-16le',
  'application/vnd.api+json',
  'application/jsonx',
  ';;;',
  '',
];

const BROKEN_JSON: ReadonlyArray<string | Buffer> = [
  '{"a":',
  'undefined',
  "{'a':1}",
  '{"a":1}garbage',
  '',
  ' ',
  'NaN',
  '\uFEFF{}',
  '{"a":1,}',
  '[1,2',
  Buffer.from([0xff, 0xfe, 0x00, 0x7b]),
];

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

type Path = Array<string | number>;
type Json = Record<string, unknown>;

/** A request being made. `body` is a JSON value; raw text stands in for placeholders on serialization. */
interface Draft {
  kinds: string[];
  method: HttpMethod;
  path: string;
  query: string[];
  headers: Record<string, string>;
  /** The bearer token, or undefined to send `headers.authorization` as it is (or none). */
  token: string | undefined;
  body: unknown;
  raw: Map<string, string>;
  /** Replaces the body entirely (non-JSON bodies). */
  rawBody?: string | Buffer;
  /** Sent twice, as a client retrying it would. */
  repeat: boolean;
}

interface FuzzRequest {
  kinds: string[];
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  token: string | undefined;
  payload: string | Buffer | undefined;
  repeat: boolean;
}

/** What a route's requests are made from. */
interface RouteFixture {
  token: string;
  /** A valid value of path parameter `name` for request `index`. */
  param(name: string, index: number): string;
  /** The valid X-KRA-App-Id for the route's app type. */
  appHeader: string | undefined;
  /** Ids that must not be taken: another tenant's app, an app of the other type, an inactive app. */
  wrongAppIds: string[];
}

function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

function allPaths(value: unknown, prefix: Path = [], out: Path[] = [], depth = 0): Path[] {
  if (depth > 6) return out;
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push([...prefix, i]);
      allPaths(v, [...prefix, i], out, depth + 1);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push([...prefix, k]);
      allPaths(v, [...prefix, k], out, depth + 1);
    }
  }
  return out;
}

function getAt(root: unknown, path: Path): unknown {
  let cur = root;
  for (const p of path) cur = (cur as Record<string | number, unknown>)?.[p];
  return cur;
}

/** Sets `path` in `root` (creating nothing): returns the new root. */
function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const parent = getAt(root, path.slice(0, -1));
  if (parent !== null && typeof parent === 'object') (parent as Record<string | number, unknown>)[path[path.length - 1]!] = value;
  return root;
}

function deleteAt(root: unknown, path: Path): unknown {
  if (path.length === 0) return undefined;
  const parent = getAt(root, path.slice(0, -1));
  const key = path[path.length - 1]!;
  if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
  else if (parent !== null && typeof parent === 'object') delete (parent as Record<string, unknown>)[key];
  return root;
}

function typeOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

/** A place in the body to change: an existing field, or a new top-level one. */
function target(rng: Rng, d: Draft): Path {
  if (d.body === null || typeof d.body !== 'object') d.body = {};
  const paths = allPaths(d.body);
  if (paths.length === 0 || rng.chance(0.1)) return [rng.pick(['name', 'lastReqDt', 'itemCd', 'full', 'x'])];
  return rng.pick(paths);
}

let rawCounter = 0;
/** Puts raw JSON text at `path` (through a placeholder string). */
function putRaw(d: Draft, path: Path, text: string): void {
  const placeholder = `__fuzz_raw_${++rawCounter}__`;
  d.body = setAt(d.body, path, placeholder);
  d.raw.set(placeholder, text);
}

const deepArrays = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
const deepObjects = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);

/** Mutations of the body, keyed by name. */
const BODY_MUTATIONS: Record<string, (rng: Rng, d: Draft) => void> = {
  'wrong-type': (rng, d) => {
    const path = target(rng, d);
    const current = typeOf(getAt(d.body, path));
    d.body = setAt(d.body, path, clone(rng.pick(WRONG_TYPED.filter((v) => typeOf(v) !== current))));
  },
  null: (rng, d) => {
    if (rng.chance(0.2)) d.body = null;
    else d.body = setAt(d.body, target(rng, d), null);
  },
  'missing-field': (rng, d) => {
    const paths = allPaths(d.body);
    if (paths.length === 0) return;
    // Sometimes every top-level field at once.
    if (rng.chance(0.2)) d.body = {};
    else d.body = deleteAt(d.body, rng.pick(paths));
  },
  'huge-array': (rng, d) => {
    const length = rng.pick([1001, 5000]);
    // Entries: small values, or copies of a line of the body's own list (an itemList of 5,000 lines).
    const list = allPaths(d.body).find((p) => Array.isArray(getAt(d.body, p)));
    const line = list ? ((getAt(d.body, list) as unknown[])[0] ?? {}) : {};
    let entry = rng.pick<unknown>([{}, 1, 'x', null, line]);
    // A line an earlier mutation already blew up, copied thousands of times, would make a body of
    // hundreds of MB: that tests the fuzzer's memory, not the gateway (which stops at 1 MiB).
    if (JSON.stringify(entry ?? null).length * length > 8_000_000) entry = {};
    d.body = setAt(
      d.body,
      target(rng, d),
      Array.from({ length }, () => clone(entry)),
    );
  },
  'deep-nesting': (rng, d) => {
    const levels = rng.pick([40, 5000]);
    putRaw(d, target(rng, d), rng.chance(0.5) ? deepArrays(levels) : deepObjects(levels));
  },
  'long-string': (rng, d) => {
    const length = rng.pick([10_001, 100_000]);
    const unit = rng.pick(['x', 'é', '😀', '\u202E', '\\']);
    d.body = setAt(d.body, target(rng, d), unit.repeat(Math.ceil(length / unit.length)).slice(0, length));
  },
  'odd-string': (rng, d) => {
    d.body = setAt(d.body, target(rng, d), rng.pick(ODD_STRINGS));
  },
  'odd-number': (rng, d) => {
    putRaw(d, target(rng, d), rng.pick(ODD_NUMBERS));
  },
  'unknown-field': (rng, d) => {
    const key = rng.pick(UNKNOWN_FIELDS);
    const value = rng.pick<unknown>(['x', 1, null, { a: 1 }, { prototype: { polluted: true } }]);
    const objects = allPaths(d.body).filter((p) => typeOf(getAt(d.body, p)) === 'object');
    const at: Path = objects.length > 0 && rng.chance(0.3) ? rng.pick(objects) : [];
    if (d.body === null || typeof d.body !== 'object') d.body = {};
    if (key === '__proto__' || key === 'constructor') {
      // An own "__proto__" key only survives as text: a placeholder key, renamed when serialized.
      const placeholderKey = `__fuzz_key_${++rawCounter}__`;
      putRaw(d, [...at, placeholderKey], JSON.stringify(value));
      d.raw.set(`"${placeholderKey}"`, JSON.stringify(key));
      return;
    }
    d.body = setAt(d.body, [...at, key], value);
  },
  'wide-object': (rng, d) => {
    const keys = rng.pick([201, 1000]);
    const wide = Object.fromEntries(Array.from({ length: keys }, (_, i) => [`f${i}`, i]));
    if (rng.chance(0.5)) d.body = wide;
    else d.body = setAt(d.body, target(rng, d), wide);
  },
  'top-level': (rng, d) => {
    d.body = clone(rng.pick<unknown>([[], [{}], 'text', 42, true, null, [d.body]]));
  },
};

/** Mutations of everything but the body's content. */
const OTHER_MUTATIONS: Record<string, (rng: Rng, d: Draft, f: RouteFixture, route: RouteDef) => void> = {
  'bad-param': (rng, d, _f, route) => {
    const names = [...route.url.matchAll(/:([a-zA-Z_]+)/g)].map((m) => m[1]!);
    const name = rng.pick(names);
    // The filled-in path has the valid value where `:name` was; rebuild it with a bad one.
    const segments = route.url.split('/');
    const current = d.path.split('/');
    d.path = segments.map((s, i) => (s === `:${name}` ? rng.pick(BAD_PARAMS) : current[i])).join('/');
  },
  query: (rng, d, _f, route) => {
    const schema = route.schema.querystring as { shape?: Record<string, unknown> } | undefined;
    const known = schema?.shape ? Object.keys(schema.shape) : [];
    const keys = [...known, 'limit', 'cursor', 'x', '__proto__', 'constructor[prototype][polluted]', 'limit[]', 'a'.repeat(300)];
    const count = 1 + rng.int(3);
    for (let i = 0; i < count; i++) {
      const key = rng.pick(keys);
      // A repeated key becomes an array.
      const times = rng.chance(0.15) ? 2 : 1;
      for (let t = 0; t < times; t++) d.query.push(`${encodeURIComponent(key).replace(/%5B/g, '[').replace(/%5D/g, ']')}=${rng.pick(QUERY_VALUES)}`);
    }
  },
  'app-header': (rng, d, f) => {
    if (rng.chance(0.2)) delete d.headers['x-kra-app-id'];
    else d.headers['x-kra-app-id'] = rng.chance(0.35) ? rng.pick(f.wrongAppIds) : rng.pick(APP_HEADERS);
  },
  'idempotency-key': (rng, d, _f, route) => {
    const choice = rng.int(3);
    // A retry of this very request: the second answer is the first one, replayed.
    if (choice === 0) {
      d.headers['idempotency-key'] = `fuzz-retry-${rng.int(1e9)}`;
      d.repeat = true;
    }
    // A sane key used again and again within the route: a replay, or a 409 for another body.
    else if (choice === 1) d.headers['idempotency-key'] = `fuzz-${route.method}-${route.url}`;
    else d.headers['idempotency-key'] = rng.pick(IDEMPOTENCY_KEYS);
  },
  'odd-headers': (rng, d) => {
    const choices: Array<[string, string]> = [
      ['x-request-id', 'a'.repeat(200)],
      ['x-request-id', 'has space'],
      ['x-request-id', 'fuzz-request-1'],
      ['x-request-id', ''],
      ['accept', 'text/html'],
      ['accept', 'application/xml;q=1, */*;q=0'],
      ['accept-encoding', 'gzip, br'],
      ['x-forwarded-for', 'not-an-ip, ::1, 999.1.1.1'],
      ['x-http-method-override', 'DELETE'],
      ['expect', '100-continue'],
      ['accept-charset', 'utf-16'],
      ['x-kra-app-id', 'a'.repeat(5000)],
    ];
    const count = 1 + rng.int(2);
    for (let i = 0; i < count; i++) {
      const [name, value] = rng.pick(choices);
      d.headers[name] = value;
    }
  },
  auth: (rng, d) => {
    d.token = undefined;
    const value = rng.pick<string | undefined>([
      undefined,
      'Bearer',
      'Bearer ',
      `Bearer ush_${'x'.repeat(5000)}`,
      'Bearer ush_',
      'Bearer ush_é',
      'Basic dXNlcjpwYXNz',
      'bearer  ush_0000000000000000000000000000000000000000',
      "Bearer ' OR 1=1--",
    ]);
    if (value === undefined) delete d.headers.authorization;
    else d.headers.authorization = value;
  },
  'non-json': (rng, d) => {
    if (rng.chance(0.5)) {
      d.headers['content-type'] = 'application/json';
      d.rawBody = rng.pick(BROKEN_JSON);
    } else {
      const type = rng.pick([...CONTENT_TYPES, 'none']);
      if (type === 'none') delete d.headers['content-type'];
      else d.headers['content-type'] = type;
      d.rawBody = type.startsWith('application/x-www')
        ? 'a=1&b=2'
        : type.startsWith('multipart')
          ? '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n'
          : JSON.stringify(d.body ?? {});
    }
  },
  'content-length': (rng, d) => {
    d.headers['content-type'] ??= 'application/json';
    d.rawBody ??= JSON.stringify(d.body ?? {});
    const actual = Buffer.byteLength(d.rawBody);
    d.headers['content-length'] = rng.pick([String(Math.max(0, actual - 3)), String(actual + 10), '0', '1', '-1', 'abc', '99999999999']);
  },
};

function kindsFor(route: RouteDef): string[] {
  const kinds = ['query', 'app-header', 'odd-headers', 'auth', 'non-json'];
  if (route.url.includes('/:')) kinds.push('bad-param');
  if (route.method !== 'GET') kinds.push(...Object.keys(BODY_MUTATIONS), 'idempotency-key', 'content-length');
  return kinds;
}

/** Bodies for the routes that declare no example. */
const DEFAULT_BODIES: Record<string, unknown> = {
  'POST /api/tokens': { name: 'fuzz token', scopes: ['kra:apps'], rate_limit_per_minute: 100 },
  'POST /api/kra/apps': {
    type: 'portal',
    name: 'fuzz portal',
    environment: 'simulator',
    consumer_key: SIM_DEFAULT_CONSUMER_KEY,
    consumer_secret: SIM_DEFAULT_CONSUMER_SECRET,
  },
  'PATCH /api/kra/apps/:id': { name: 'renamed by fuzz', settings: {} },
};

function baseBody(route: RouteDef): unknown {
  if (route.method === 'GET') return undefined;
  const key = `${route.method} ${route.url}`;
  if (route.method === 'DELETE') return undefined;
  return clone(route.exampleBody ?? DEFAULT_BODIES[key] ?? {});
}

/** The requests of one route, reproducible from the seed and the route alone. */
function generate(route: RouteDef, f: RouteFixture): FuzzRequest[] {
  const rng = new Rng(SEED, `${route.method} ${route.url}`);
  const kinds = kindsFor(route);
  let cycle: string[] = [];
  const out: FuzzRequest[] = [];
  for (let index = 0; index < REQUESTS_PER_ROUTE; index++) {
    const d: Draft = {
      kinds: [],
      method: route.method,
      path: route.url.replace(/:([a-zA-Z_]+)/g, (_m, name: string) => f.param(name, index)),
      query: [],
      headers: {},
      token: f.token,
      body: baseBody(route),
      raw: new Map(),
      repeat: false,
    };
    if (d.body !== undefined) d.headers['content-type'] = 'application/json';
    if (f.appHeader) d.headers['x-kra-app-id'] = f.appHeader;
    if (index > 0) {
      const chosen: string[] = [];
      if (cycle.length === 0) cycle = rng.shuffle(kinds);
      chosen.push(cycle.pop()!);
      if (rng.chance(0.3)) chosen.push(rng.pick(kinds));
      for (const kind of chosen) {
        d.kinds.push(kind);
        const body = BODY_MUTATIONS[kind];
        if (body) {
          if (d.body === undefined) {
            d.body = {};
            d.headers['content-type'] ??= 'application/json';
          }
          body(rng, d);
        } else OTHER_MUTATIONS[kind]!(rng, d, f, route);
      }
    } else d.kinds.push('example');
    out.push(serialize(d));
  }
  return out;
}

function serialize(d: Draft): FuzzRequest {
  let payload: string | Buffer | undefined = d.rawBody;
  if (payload === undefined && d.body !== undefined) {
    payload = JSON.stringify(d.body);
    for (const [placeholder, text] of d.raw) payload = payload.split(placeholder.startsWith('"') ? placeholder : `"${placeholder}"`).join(text);
  } else if (payload === undefined && d.headers['content-type'] && d.method !== 'GET') {
    payload = '{}';
  }
  return {
    kinds: d.kinds,
    method: d.method,
    url: d.query.length > 0 ? `${d.path}?${d.query.join('&')}` : d.path,
    headers: d.headers,
    token: d.token,
    payload,
    repeat: d.repeat,
  };
}

// ---------------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------------

/** Fields whose values are never printed, even in a failure message. */
const SECRET_KEY_RE = /secret|cmc_?key|pwd|password|token/i;

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} chars)`;
}

/** The request as a failure message shows it: no token, no secret field, a truncated body. */
function describeRequest(req: FuzzRequest): string {
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, k === 'authorization' ? `[${v.length} chars]` : truncate(v, 60)]));
  let body = req.payload === undefined ? '(none)' : Buffer.isBuffer(req.payload) ? `<bytes ${req.payload.toString('hex')}>` : req.payload;
  body = body.replace(/"([^"]*)":\s*"[^"]*"/g, (all, key: string) => (SECRET_KEY_RE.test(key) ? `"${key}":"[redacted]"` : all));
  return `[seed ${SEED}] ${req.method} ${truncate(req.url, 200)} (${req.kinds.join(' + ')}) headers ${JSON.stringify(headers)}${req.token ? ' +token' : ''} body ${truncate(body, 300)}`;
}

function describeAnswer(res: LightMyRequestResponse): string {
  return `${res.statusCode} ${truncate(res.body.replace(/ush_[A-Za-z0-9_-]+/g, 'ush_[redacted]'), 500)}`;
}

/** Stack frames and paths of the server: none may appear in an answer. */
const LEAKS: ReadonlyArray<[RegExp, string]> = [
  [/\/work\//, 'an internal path (/work/)'],
  [/node_modules/, 'node_modules'],
  [/node:internal/, 'node:internal'],
  [/ushuru-test-/, 'the data directory'],
  [/\bat (?:async )?[\w$.<>[\] ]*\(?(?:file:\/\/|\/|node:)[^\s)]*:\d+:\d+/, 'a stack frame'],
  [/\\n\s+at |\n\s+at /, 'a stack trace'],
];

/** The answer, or 'hang' when none came within HANG_MS. */
async function answerOrHang(pending: Promise<LightMyRequestResponse>): Promise<LightMyRequestResponse | 'hang'> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<'hang'>((resolve) => {
    timer = setTimeout(() => resolve('hang'), HANG_MS);
  });
  try {
    return await Promise.race([pending, hang]);
  } finally {
    clearTimeout(timer);
  }
}

/** What is wrong with one answer; empty when nothing is. */
function problemsOf(res: LightMyRequestResponse, ms: number, route: RouteDef): string[] {
  const problems: string[] = [];
  const status = res.statusCode;
  // A page for people answers HTML, its own 404 included; what the router refuses is still our JSON.
  if (route.page && String(res.headers['content-type'] ?? '').startsWith('text/html')) {
    if (ms > REQUEST_BOUND_MS) problems.push(`answered in ${Math.round(ms)} ms (bound ${REQUEST_BOUND_MS} ms)`);
    if (status >= 500) problems.push(`status ${status}`);
    for (const [re, what] of LEAKS) if (re.test(res.body)) problems.push(`the body shows ${what}`);
    return problems;
  }
  let body: Json | undefined;
  try {
    const parsed: unknown = JSON.parse(res.body);
    body = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Json) : undefined;
  } catch {
    body = undefined;
  }
  if (ms > REQUEST_BOUND_MS) problems.push(`answered in ${Math.round(ms)} ms (bound ${REQUEST_BOUND_MS} ms)`);
  if (status >= 500 && !([502, 503, 504].includes(status) && KRA_FAILURE_CODES.has(String(body?.error)))) problems.push(`status ${status}`);
  if (!String(res.headers['content-type'] ?? '').startsWith('application/json')) problems.push(`content-type ${String(res.headers['content-type'])}`);
  if (!body) problems.push('the body is not a JSON object');
  else if (status >= 400) {
    if (body.success !== false) problems.push('an error without success: false');
    if (typeof body.message !== 'string' || typeof body.error !== 'string') problems.push('an error without message and error code');
    if (typeof body.request_id !== 'string') problems.push('an error without request_id');
    else if (body.request_id !== res.headers['x-request-id'])
      problems.push(`request_id ${body.request_id} is not the X-Request-Id header ${String(res.headers['x-request-id'])}`);
  } else if (status >= 200 && status < 300 && body.success !== true) problems.push('a success without success: true');
  for (const [re, what] of LEAKS) if (re.test(res.body)) problems.push(`the body shows ${what}`);
  return problems;
}

// ---------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------

const SCRATCH_PREFIXES = ['/api/tokens', '/api/kra/apps'];
const needsScratch = (route: RouteDef) => SCRATCH_PREFIXES.some((p) => route.url === p || route.url.startsWith(`${p}/`));

describe(`fuzzing every route (seed ${SEED})`, () => {
  let gw: TestGateway;
  let main: { tenantId: string; token: string };
  const apps = {} as Record<'portal' | 'etims' | 'inactive' | 'foreign', number>;
  let itemCd: string;
  let codeClass: string;
  let rssBefore = 0;
  const stats = { requests: 0, byStatus: new Map<number, number>(), slowest: { ms: 0, what: '' }, largestBody: 0 };

  const post = async (url: string, body: unknown, token = main.token) => {
    const res = await gw.request('POST', url, { token, body });
    expect(res.statusCode, `${url}: ${res.body}`).toBeLessThan(300);
    return res.json() as { data: Json };
  };

  beforeAll(async () => {
    gw = await createTestGateway({
      simulator: true,
      env: {
        USHURU_RATE_LIMIT_PER_MINUTE: '1000000',
        USHURU_KRA_TIMEOUT_MS: '10000',
        USHURU_KRA_SANDBOX_PORTAL_URL: CLOSED,
        USHURU_KRA_PRODUCTION_PORTAL_URL: CLOSED,
        USHURU_KRA_SANDBOX_OSCU_LEGACY_URL: CLOSED,
        USHURU_KRA_PRODUCTION_OSCU_LEGACY_URL: CLOSED,
        USHURU_KRA_SANDBOX_OSCU_GAVACONNECT_URL: CLOSED,
        USHURU_KRA_PRODUCTION_OSCU_GAVACONNECT_URL: CLOSED,
      },
    });
    main = await gw.tenant(['*'], 'fuzz-main');
    const portal = { type: 'portal', environment: 'simulator', consumer_key: SIM_DEFAULT_CONSUMER_KEY, consumer_secret: SIM_DEFAULT_CONSUMER_SECRET };
    apps.portal = (await post('/api/kra/apps', { ...portal, name: 'fuzz portal' })).data.id as number;
    apps.etims = (
      await post('/api/kra/apps', {
        type: 'etims',
        name: 'fuzz etims',
        environment: 'simulator',
        tin: 'P051234567Q',
        bhf_id: '00',
        dvc_srl_no: 'ushuru-sim-dvc-01',
      })
    ).data.id as number;
    apps.inactive = (await post('/api/kra/apps', { ...portal, name: 'inactive', is_active: false })).data.id as number;
    const other = await gw.tenant(['*'], 'fuzz-other');
    apps.foreign = (await post('/api/kra/apps', { ...portal, name: 'foreign' }, other.token)).data.id as number;

    await post('/api/etims/device/initialize', {});
    await post('/api/etims/sync/codes', {});
    const item = ROUTES.find((r) => r.method === 'POST' && r.url === '/api/etims/items')!;
    itemCd = (await post('/api/etims/items', item.exampleBody)).data.itemCd as string;
    const codes = await gw.deps.db.selectFrom('etims_codes').select('cd_cls').where('app_id', '=', apps.etims).limit(1).executeTakeFirst();
    codeClass = codes?.cd_cls ?? '04';
    rssBefore = process.memoryUsage().rss;
  });

  afterAll(async () => {
    const byStatus = [...stats.byStatus.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([s, n]) => `${s}×${n}`)
      .join(' ');
    const growth = Math.round((process.memoryUsage().rss - rssBefore) / 1048576);
    console.log(
      `fuzz seed ${SEED} (${TEST_ENGINE}): ${stats.requests} requests; ${byStatus}; slowest ${Math.round(stats.slowest.ms)} ms (${stats.slowest.what}); ` +
        `largest body ${Math.round(stats.largestBody / 1024)} KB; RSS growth ${growth} MB`,
    );
    await gw?.close();
  });

  /** Valid parameters and token for a route of the shared tenant. */
  function sharedFixture(route: RouteDef): RouteFixture {
    const valid: Record<string, string> = { id: route.ownedResource === 'etims_item' ? itemCd : 'x', class: codeClass, pin: 'P051234567Q', dataset: 'codes' };
    return {
      token: main.token,
      param: (name) => valid[name] ?? 'x',
      appHeader: route.appType ? String(apps[route.appType]) : undefined,
      wrongAppIds: [String(apps.foreign), String(apps.inactive), String(route.appType === 'portal' ? apps.etims : apps.portal)],
    };
  }

  /** A tenant of the route's own, with apps and tokens it may change or revoke. */
  async function scratchFixture(route: RouteDef): Promise<RouteFixture> {
    const tenant = await gw.tenant(['*'], `fuzz-scratch ${route.method} ${route.url}`.slice(0, 100));
    const common = { environment: 'simulator', consumer_key: SIM_DEFAULT_CONSUMER_KEY, consumer_secret: SIM_DEFAULT_CONSUMER_SECRET };
    const portal = (await post('/api/kra/apps', { ...common, type: 'portal', name: 'scratch portal' }, tenant.token)).data.id as number;
    // A device the simulator does not know: nothing here may initialize the shared one.
    const etims = (
      await post(
        '/api/kra/apps',
        { ...common, type: 'etims', name: 'scratch etims', tin: 'P051234567Q', bhf_id: '01', dvc_srl_no: 'fuzz-unknown-device' },
        tenant.token,
      )
    ).data.id as number;
    const tokenIds: string[] = [];
    if (route.ownedResource === 'api_token') {
      for (let i = 0; i < REQUESTS_PER_ROUTE; i++) {
        tokenIds.push((await createApiToken(gw.deps.db, gw.deps.clock, tenant.tenantId, { name: `throwaway ${i}`, scopes: ['kra:apps'] })).view.id);
      }
    }
    return {
      token: tenant.token,
      param: (name, index) => (name !== 'id' ? 'x' : route.ownedResource === 'api_token' ? tokenIds[index]! : String(index % 2 === 0 ? portal : etims)),
      appHeader: undefined,
      wrongAppIds: [String(apps.foreign), String(apps.portal), String(etims)],
    };
  }

  it.each(ROUTES.map((r) => [`${r.method} ${r.url}`, r] as const))(
    '%s answers every mutation in bounds and in our envelope',
    async (_name, route) => {
      const fixture = needsScratch(route) ? await scratchFixture(route) : sharedFixture(route);
      const failures: string[] = [];
      requests: for (const req of generate(route, fixture)) {
        for (let attempt = 0; attempt < (req.repeat ? 2 : 1); attempt++) {
          const started = performance.now();
          const res = await answerOrHang(
            gw.request(req.method, req.url, {
              ...(req.token ? { token: req.token } : {}),
              headers: req.headers,
              ...(req.payload !== undefined ? { body: req.payload } : {}),
            }),
          );
          const ms = performance.now() - started;
          if (res === 'hang') {
            failures.push(`${describeRequest(req)}\n  → no answer\n  ✗ no answer within ${HANG_MS} ms (the rest of this route was not sent)`);
            break requests;
          }
          stats.requests++;
          stats.largestBody = Math.max(stats.largestBody, req.payload === undefined ? 0 : Buffer.byteLength(req.payload));
          stats.byStatus.set(res.statusCode, (stats.byStatus.get(res.statusCode) ?? 0) + 1);
          if (ms > stats.slowest.ms) stats.slowest = { ms, what: `${req.method} ${truncate(req.url, 80)} (${req.kinds.join(' + ')})` };
          const problems = problemsOf(res, ms, route);
          const retry = attempt > 0 ? ' (sent again)' : '';
          if (problems.length > 0) failures.push(`${describeRequest(req)}${retry}\n  → ${describeAnswer(res)}\n  ✗ ${problems.join('; ')}`);
        }
      }
      if (failures.length > 0) expect.fail(`${failures.length} answer(s) out of bounds (of ${REQUESTS_PER_ROUTE} requests):\n\n${failures.join('\n\n')}`);
    },
    60_000,
  );

  it('keeps the process memory within a bound over the whole run', () => {
    const growth = process.memoryUsage().rss - rssBefore;
    expect(growth, `[seed ${SEED}] RSS grew ${Math.round(growth / 1048576)} MB`).toBeLessThan(RSS_GROWTH_BOUND);
  });
});
