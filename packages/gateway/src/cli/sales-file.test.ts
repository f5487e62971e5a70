/** Reading the files of `ushuru sales submit`, and the Idempotency-Key each sale is sent with. */
import { describe, expect, it } from 'vitest';
import { CliError } from './output.js';
import { detectFormat, parseCsv, readSales, salesFromJsonLines } from './sales-file.js';
import { failureLines, idempotencyKeyFor, summarize } from './sales-submit.js';

describe('sales files', () => {
  it('parses RFC 4180 CSV: quotes, doubled quotes, line breaks in quotes, CRLF, a BOM', () => {
    expect(parseCsv('\ufeffa,b,c\r\n"x, y","say ""hi""","two\nlines"\r\n\r\n1,,3')).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'say "hi"', 'two\nlines'],
      ['1', '', '3'],
    ]);
    expect(() => parseCsv('a\n"open')).toThrowError(CliError);
  });

  it('groups CSV rows into sales by trader_invoice_number and names disagreements', () => {
    const csv = [
      'trader_invoice_number,customer_pin,prices_include_vat,item_code,quantity,unit_price',
      'A-1,P051234567Q,false,KE1,2,100.50',
      'B-1,,,KE2,1,10',
      'A-1,,,KE3,1,5',
      'B-1,P052345678R,,KE1,1,1',
      'B-1,A098765432K,,KE1,1,1',
      ',,,KE1,1,1',
    ].join('\n');
    expect(readSales(csv, 'csv')).toEqual([
      {
        source: 'rows 2,4',
        sale: {
          trader_invoice_number: 'A-1',
          customer_pin: 'P051234567Q',
          prices_include_vat: false,
          lines: [
            { item_code: 'KE1', quantity: '2', unit_price: '100.50' },
            { item_code: 'KE3', quantity: '1', unit_price: '5' },
          ],
        },
      },
      expect.objectContaining({ source: 'rows 3,5,6', problem: 'row 6: customer_pin "A098765432K" differs from an earlier row of this sale' }),
      expect.objectContaining({ source: 'row 7', problem: 'has no trader_invoice_number' }),
    ]);
    expect(() => readSales('trader_invoice_number,colour\nA,red', 'csv')).toThrowError(/Unknown CSV column\(s\): colour/);
    expect(() => readSales('item_code,quantity\nKE1,1', 'csv')).toThrowError(/needs a trader_invoice_number column/);
  });

  it('reads JSON lines, and the sale of a failures file line', () => {
    expect(
      salesFromJsonLines(
        '{"trader_invoice_number":"A"}\n\n[1]\n{"source":"line 1","error":{},"sale":{"trader_invoice_number":"B"}}\n{"error":{},"raw":"x"}\n{',
      ),
    ).toEqual([
      { source: 'line 1', sale: { trader_invoice_number: 'A' } },
      { source: 'line 3', problem: 'is not a JSON object', raw: '[1]' },
      { source: 'line 4', sale: { trader_invoice_number: 'B' } },
      expect.objectContaining({ source: 'line 5', problem: expect.stringContaining('failure record without a sale') }),
      { source: 'line 6', problem: 'is not JSON', raw: '{' },
    ]);
  });

  it('takes the format from the flag, the extension or the first character', () => {
    expect(detectFormat('x.CSV', '{')).toBe('csv');
    expect(detectFormat('x.ndjson', 'a,b')).toBe('jsonl');
    expect(detectFormat('-', '  {"a":1}')).toBe('jsonl');
    expect(detectFormat('-', 'trader_invoice_number')).toBe('csv');
    expect(detectFormat('x.csv', '', 'jsonl')).toBe('jsonl');
    expect(() => detectFormat('x', '', 'xml')).toThrowError('--format must be jsonl or csv, got "xml".');
  });
});

describe('submitting sales', () => {
  it('derives one Idempotency-Key per branch and sale, whatever the key order', () => {
    const sale = { trader_invoice_number: 'A', lines: [{ item_code: 'KE1', quantity: 1 }] };
    const key = idempotencyKeyFor(2, sale);
    expect(key).toMatch(/^ushuru-cli-sale-[0-9a-f]{40}$/);
    expect(idempotencyKeyFor(2, { lines: [{ quantity: 1, item_code: 'KE1' }], trader_invoice_number: 'A' })).toBe(key);
    expect(idempotencyKeyFor(3, sale)).not.toBe(key);
    expect(idempotencyKeyFor(2, { ...sale, lines: [{ item_code: 'KE1', quantity: 2 }] })).not.toBe(key);
  });

  it('sums up the results and writes only the failures', () => {
    const results = [
      { source: 'line 1', trader_invoice_number: 'A', status: 'signed' as const, sale: { a: 1 } },
      { source: 'line 2', trader_invoice_number: 'B', status: 'queued' as const, already_submitted: true },
      { source: 'line 3', trader_invoice_number: 'C', status: 'refused' as const, error: { code: 'validation_error', message: 'no' }, sale: { c: 1 } },
      { source: 'line 4', trader_invoice_number: null, status: 'error' as const, error: { code: 'connection_error', message: 'down' }, raw: '{' },
    ];
    expect(summarize(results)).toEqual({ total: 4, signed: 1, queued: 1, refused: 1, errors: 1, already_submitted: 1 });
    expect(
      failureLines(results)
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([
      { source: 'line 3', status: 'refused', error: { code: 'validation_error', message: 'no' }, sale: { c: 1 } },
      { source: 'line 4', status: 'error', error: { code: 'connection_error', message: 'down' }, raw: '{' },
    ]);
  });
});
