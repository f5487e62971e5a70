/**
 * What one answer of KRA to a fiscal write means for the document and its number
 * (docs/kra/etims-oscu.md §4, §6.2, §6.9). The distinction that matters is whether KRA may have
 * applied the document: only a definite answer frees the number for another document.
 */
import type { OscuResult } from '@ushuru/kra';

/** The outbox's reading of a `saveTrnsSalesOsdc` answer. */
export type WriteOutcome =
  /** Signed: store the signature, advance the counter. */
  | { kind: 'signed' }
  /** KRA may have it (994, 999): keep the number, reconcile before anything else is sent. */
  | { kind: 'ambiguous' }
  /** KRA expects another number: re-align the branch's counter on it and send again. */
  | { kind: 'expected'; expected: number }
  /** Not applied, and not the document's fault (rate limit, device, KRA-side trouble): free the number, wait, send again. */
  | { kind: 'retry_later' }
  /** Not applied because of the document itself: free the number, the document is rejected. */
  | { kind: 'rejected' };

/** "Invalid invcNo sequence, expected: 12 but found: 14" (2026 sandbox wording; digits after "expected"). */
const EXPECTED_NUMBER = /expected\D{0,5}(\d{1,10})/i;

/** The number KRA says it expected, when its message names one. */
export function expectedNumber(message: string): number | undefined {
  if (!/sequence/i.test(message)) return undefined;
  const m = EXPECTED_NUMBER.exec(message);
  return m ? Number(m[1]) : undefined;
}

/** Reads a non-throwing answer (KRA answered with a body). */
export function classifyWrite(res: OscuResult): WriteOutcome {
  // 001 ("no search result") is no answer to a write: find out with selectInvoiceDetails.
  if (res.ok) return res.empty ? { kind: 'ambiguous' } : { kind: 'signed' };
  const expected = expectedNumber(res.resultMsg ?? '');
  if (expected !== undefined && expected > 0) return { kind: 'expected', expected };
  switch (res.category) {
    case 'duplicate':
    case 'unknown':
      return { kind: 'ambiguous' };
    case 'transient':
    case 'device':
    case 'client_bug':
      return { kind: 'retry_later' };
    default:
      return { kind: 'rejected' };
  }
}
