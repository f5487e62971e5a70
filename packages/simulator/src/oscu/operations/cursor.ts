/**
 * `lastReqDt` cursors (docs/kra/etims-oscu.md §2.1): a list returns only records registered or modified after the
 * cursor, and `001` when nothing is newer. Compared in whole seconds, KRA's resolution.
 */
import { noResult, ok, paramError, type OpResult } from '../results.js';
import type { Stamped } from '../state.js';
import { parseCompact, toSeconds } from '../time.js';
import type { Body } from '../validate.js';

/** The cursor as epoch ms, or the `910` to answer when it is missing or not `yyyyMMddHHmmss`. */
export function readCursor(body: Body): number | OpResult {
  const raw = body.lastReqDt;
  if (raw === undefined || raw === null || raw === '') return paramError('lastReqDt is required');
  if (typeof raw !== 'string') return paramError('lastReqDt must be a string yyyyMMddHHmmss');
  const at = parseCompact(raw);
  return at === undefined ? paramError('lastReqDt must be yyyyMMddHHmmss') : at;
}

/** The values of `records` stamped strictly after `cursor`. */
export function newerThan<T>(records: Iterable<Stamped<T>>, cursor: number): T[] {
  const limit = toSeconds(cursor);
  const out: T[] = [];
  for (const r of records) if (toSeconds(r.updatedAt) > limit) out.push(r.value);
  return out;
}

/** `000` with `{[key]: values}`, or `001` when `values` is empty. */
export function listResult(key: string, values: unknown[]): OpResult {
  return values.length === 0 ? noResult() : ok({ [key]: values });
}

/**
 * Reads the cursor and answers the list in one step, for lists without other parameters. Values
 * are copied so that a caller mutating a response (in-process tests, the gateway) cannot edit state.
 */
export function cursorList<T>(body: Body, key: string, records: () => Iterable<Stamped<T>>, project: (v: T) => unknown = (v) => structuredClone(v)): OpResult {
  const cursor = readCursor(body);
  if (typeof cursor !== 'number') return cursor;
  return listResult(key, newerThan(records(), cursor).map(project));
}
