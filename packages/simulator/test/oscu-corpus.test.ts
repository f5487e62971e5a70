/**
 * The contract corpus (`test/fixtures/oscu-corpus/`, format in its README): request bodies in the
 * shapes real integrations send, each with the outcome KRA gives. Every case runs on host A and on
 * host B, on fresh state with a freshly initialized device, setup first.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { OPERATIONS } from '../src/oscu/index.js';
import { createHarness, type Json, type OscuHarness } from './oscu-harness.js';

const CORPUS_DIR = fileURLToPath(new URL('../../../test/fixtures/oscu-corpus/', import.meta.url));

/** An outcome: the result code and, for a 910, the field path the message names. */
interface Outcome {
  resultCd: string;
  field?: string;
}

/** One corpus file. */
interface CorpusCase {
  id: string;
  source: string;
  description: string;
  setup: Array<{ operation: string; body: Json }>;
  operation: string;
  body: Json;
  expect: Outcome;
  expectViaGateway?: Outcome;
}

const files = readdirSync(CORPUS_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();
const cases: CorpusCase[] = files.map((f) => JSON.parse(readFileSync(CORPUS_DIR + f, 'utf8')) as CorpusCase);

const hostBPath = (operation: string): string => {
  const op = OPERATIONS.find((o) => o.hostA === operation);
  if (!op) throw new Error(`unknown operation ${operation}`);
  return op.hostB;
};

/** Runs one call on the given host and returns KRA's result code and message. */
async function run(
  h: OscuHarness,
  host: 'A' | 'B',
  headers: Record<string, string>,
  operation: string,
  body: Json,
): Promise<{ resultCd: string; resultMsg: string }> {
  // Each call gets its own copy: the simulator normalises the bodies it checks.
  const sent = structuredClone(body);
  if (host === 'A') return (await h.a(operation, sent, headers)) as { resultCd: string; resultMsg: string };
  const res = await h.b(hostBPath(operation), sent, headers);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.responseBody as { resultCd: string; resultMsg: string };
}

/** Fresh state, a fresh device, the setup; then the case's own call. */
async function outcomeOf(c: CorpusCase, host: 'A' | 'B', body: Json = c.body): Promise<{ resultCd: string; resultMsg: string }> {
  const h = createHarness();
  const headers = await h.init('P051234567Q', '00', 'ushuru-sim-dvc-01');
  for (const [i, step] of c.setup.entries()) {
    const res = await run(h, host, headers, step.operation, step.body);
    expect(res.resultCd, `setup[${i}] ${step.operation}: ${res.resultMsg}`).toBe('000');
  }
  return run(h, host, headers, c.operation, body);
}

/** True when the 910 message names `field` as the field at fault ("…error: <field> <problem>"). */
function namesField(resultMsg: string, field: string): boolean {
  const detail = resultMsg.replace(/^Request parameter error: /, '');
  return detail.startsWith(`${field} `);
}

/**
 * What the gateway documents doing to a body before it reaches KRA: absent band fields filled with
 * 0 and a line's `totTaxAmt` sent as `taxAmt`. Only used to check a case's expectViaGateway is
 * what this simulator answers to the body the gateway will send.
 */
function asGatewaySends(body: Json): Json {
  const out = structuredClone(body);
  for (const prefix of ['taxblAmt', 'taxRt', 'taxAmt']) {
    for (const x of 'ABCDE') out[`${prefix}${x}`] ??= 0;
  }
  out.itemList = (out.itemList as Json[]).map(({ totTaxAmt, ...line }) =>
    line.taxAmt === undefined && totTaxAmt !== undefined ? { ...line, taxAmt: totTaxAmt } : line,
  );
  return out;
}

describe('corpus files', () => {
  it('are present and well-formed', () => {
    expect(cases.length).toBeGreaterThanOrEqual(13);
    for (const [i, c] of cases.entries()) {
      expect(`${c.id}.json`, 'id = file name').toBe(files[i]);
      expect(typeof c.source === 'string' && typeof c.description === 'string', c.id).toBe(true);
      expect(Array.isArray(c.setup), c.id).toBe(true);
      expect(() => hostBPath(c.operation)).not.toThrow();
      for (const outcome of [c.expect, c.expectViaGateway].filter((o): o is Outcome => o !== undefined)) {
        expect(outcome.resultCd, c.id).toMatch(/^\d{3}$/);
        expect(outcome.field !== undefined, `${c.id}: a field exactly for 910`).toBe(outcome.resultCd === '910');
      }
    }
  });
});

describe.each(['A', 'B'] as const)('corpus on host %s', (host) => {
  it.each(cases.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    const res = await outcomeOf(c, host);
    expect(res.resultCd, res.resultMsg).toBe(c.expect.resultCd);
    if (c.expect.field !== undefined) expect(namesField(res.resultMsg, c.expect.field), `${res.resultMsg} should name ${c.expect.field}`).toBe(true);
  });
});

describe('corpus via the gateway’s documented normalisation', () => {
  const differing = cases.filter((c) => c.expectViaGateway && c.expectViaGateway.resultCd !== c.expect.resultCd);
  it.each(differing.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    const res = await outcomeOf(c, 'A', asGatewaySends(c.body));
    expect(res.resultCd, res.resultMsg).toBe(c.expectViaGateway!.resultCd);
  });
});
