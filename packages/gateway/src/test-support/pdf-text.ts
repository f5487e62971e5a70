/**
 * The text of a PDF, read back with Mozilla's pdf.js (what Firefox shows PDFs with), so tests check
 * what a reader of the PDF sees rather than how it was drawn. Items on one line are joined by a
 * space, lines by a newline; pages by a form feed.
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export async function pdfText(pdf: Buffer | Uint8Array): Promise<{ text: string; pages: number; info: Record<string, unknown> }> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    const lines: string[] = [];
    let current = '';
    for (const item of content.items) {
      if (!('str' in item)) continue;
      current += (current && item.str ? ' ' : '') + item.str;
      if (item.hasEOL) {
        lines.push(current.trim());
        current = '';
      }
    }
    if (current) lines.push(current.trim());
    pages.push(lines.join('\n'));
  }
  const meta = await doc.getMetadata();
  await doc.destroy();
  return { text: pages.join('\f'), pages: doc.numPages, info: meta.info as Record<string, unknown> };
}
