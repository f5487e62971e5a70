/**
 * A printable page (a receipt or a report) as a list of blocks, so that the HTML and the PDF of the
 * same page are made from one description and cannot say different things.
 */

export type Block =
  /** A centred line, bold when `bold`. */
  | { t: 'center'; text: string; bold?: boolean }
  /** A left-aligned line. */
  | { t: 'text'; text: string }
  /** A dashed separator. */
  | { t: 'rule' }
  /** A label on the left and an amount or value on the right. */
  | { t: 'row'; left: string; right: string; bold?: boolean }
  /** A table: the first column left-aligned, the others right-aligned; the head is bold. */
  | { t: 'table'; head: string[]; rows: string[][] }
  /** A QR code holding `url`. */
  | { t: 'qr'; url: string };

export type PageLayout = '80mm' | 'a4';

export interface Printable {
  /** The document title (HTML `<title>`, PDF metadata). */
  title: string;
  /** The receipt or report label (NS, CS, TS, PS, X, Z…), kept as a data attribute for tools. */
  label: string;
  /** Printed across the page when the page is not an official receipt. */
  watermark?: string;
  blocks: Block[];
}

/** `672000` cents → `6,720.00` (thousands separated, 2 decimals). */
export function amount(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${whole}.${String(abs % 100).padStart(2, '0')}`;
}

/** A KRA amount (number or decimal string) in integer cents. */
export const cents = (v: unknown): number => Math.round(Number(v ?? 0) * 100);
