/**
 * A request makes no V8 hidden class of its own.
 *
 * On Node 20, an object literal that starts with a spread and then adds fields (`{ ...a, b }`), or
 * such a copy given a new field afterwards, gets a brand-new hidden class (a V8 "Map", allocated in
 * the old generation) every time it runs, instead of reusing one. Done once per request, that is
 * garbage the young collections cannot free: it kept young objects alive until a full collection,
 * and made every property read of those objects miss its inline cache. (docs/architecture.md,
 * "Hidden classes".)
 *
 * This runs the compiled gateway with V8's map log (`--log-maps`), sends N PIN checks, N sales
 * (signed by the outbox), N reads of a sale and N raw OSCU reads, and fails when one of our
 * functions made one kind of map event about once per request. Events made by third-party code are
 * listed, not judged.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SIM_DEFAULT_CONSUMER_KEY, SIM_DEFAULT_CONSUMER_SECRET, startSimulator, type RunningSimulator } from '@ushuru/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELIVERY, SIM_BRANCHES, simBranchApp } from './test-support/etims-branch.js';
import { TEST_ENGINE } from './test-support/gateway.js';
import { frequentMapEvents, type MapEventKind } from './test-support/v8-map-log.js';
import { callProcess, privateDatabase, startGatewayProcess, type GatewayProcess } from './test-support/processes.js';

/** Requests of each kind. */
const N = 400;
/**
 * How many events of one kind from one function make it per-request: a per-request hidden class
 * gives about N (a few of the first calls are attributed to code compiled later); the most any of
 * our functions makes while starting is a few dozen.
 */
const PER_REQUEST = N / 2;

/** Made by our packages' compiled code (not a dependency's, not a builtin's). */
const ours = (event: MapEventKind) => event.madeBy.includes('/packages/') && !event.madeBy.includes('/node_modules/');

describe('hidden classes', () => {
  let sim: RunningSimulator;
  let gw: GatewayProcess;
  let dir: string;
  let database: Awaited<ReturnType<typeof privateDatabase>> | undefined;
  const logFile = () => join(dir, 'v8-maps.log');

  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    dir = mkdtempSync(join(tmpdir(), 'ushuru-maps-'));
    database = TEST_ENGINE === 'postgres' ? await privateDatabase() : undefined;
    gw = await startGatewayProcess(
      {
        USHURU_DATABASE_URL: database?.url ?? `sqlite:${join(dir, 'maps.db')}`,
        USHURU_MASTER_KEY: randomBytes(32).toString('base64'),
        USHURU_DATA_DIR: dir,
        USHURU_KRA_SIMULATOR_URL: sim.url,
        USHURU_LOG_LEVEL: 'warn',
        USHURU_RATE_LIMIT_PER_MINUTE: '1000000',
        USHURU_DOCUMENT_WAIT_MS: '0',
      },
      60_000,
      ['--log-maps', '--no-log-maps-details', `--logfile=${logFile()}`, '--no-logfile-per-isolate'],
    );
  }, 90_000);

  afterAll(async () => {
    await gw?.stop();
    await sim?.stop();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`PIN checks, sales, sale reads and raw OSCU reads make no hidden class per request (${N} of each)`, async () => {
    const token = gw.bootstrapToken!;
    const send = async (method: string, path: string, body?: unknown, app?: number) => {
      const res = await callProcess(gw, token, method, path, { body, ...(app === undefined ? {} : { app }) });
      if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
      return res.body;
    };
    const portal = (
      await send('POST', '/api/kra/apps', {
        type: 'portal',
        name: 'maps portal',
        environment: 'simulator',
        consumer_key: SIM_DEFAULT_CONSUMER_KEY,
        consumer_secret: SIM_DEFAULT_CONSUMER_SECRET,
      })
    ).data.id;
    const etims = (await send('POST', '/api/kra/apps', simBranchApp(SIM_BRANCHES[0], 'maps branch'))).data.id;
    await send('POST', '/api/etims/device/initialize', {}, etims);
    const item = (await send('POST', '/api/etims/items', DELIVERY, etims)).data.itemCd;

    // Eight at a time, as clients do; each kind of request N times.
    const inParallel = async (make: (i: number) => Promise<unknown>) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (next < N) await make(next++);
        }),
      );
    };
    await inParallel(() => send('POST', '/api/kra/checkers/pin', { KRAPIN: 'A744610021G' }, portal));
    const ids: number[] = [];
    await inParallel(async (i) => {
      const sale = await send(
        'POST',
        '/api/etims/sales',
        { trader_invoice_number: `MAPS-${i}`, lines: [{ item_code: item, quantity: 1 + (i % 3), unit_price: '199.99' }] },
        etims,
      );
      ids.push(sale.data.id);
    });
    for (let waited = 0; (await send('GET', '/api/etims/outbox', undefined, etims)).data.depth > 0; waited += 100) {
      if (waited > 60_000) throw new Error('the outbox did not drain within a minute');
      await new Promise((r) => setTimeout(r, 100));
    }
    await inParallel((i) => send('GET', `/api/etims/sales/${ids[i]}`, undefined, etims));
    // A raw OSCU read, as integrations send it (the transport and result classification without a document).
    await inParallel(() => send('POST', '/api/etims/oscu/selectCodeList', { lastReqDt: '20260101000000' }, etims));
    // SIGTERM: the process exits through Node, which writes the rest of the log.
    await gw.stop();

    const log = readFileSync(logFile(), 'latin1');
    // The log must be there and its events traceable to our code, or an empty list below proves nothing:
    // starting the gateway alone makes dozens of map events in our functions.
    expect(frequentMapEvents(log, 1).filter(ours).length).toBeGreaterThan(20);
    const frequent = frequentMapEvents(log, PER_REQUEST);
    expect(frequent.filter(ours), JSON.stringify(frequent, null, 2)).toEqual([]);
  }, 180_000);
});
