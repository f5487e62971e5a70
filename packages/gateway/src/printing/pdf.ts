/**
 * A printable page as a PDF, made with PDFKit (pure JavaScript, no browser, runs on Node 20, uses
 * the PDF standard font Courier so nothing is embedded or read from the system). An 80 mm page is as
 * long as its content (a first pass measures it); an A4 page breaks onto new pages. QR codes are
 * drawn as vector squares from the same `qrcode` matrix the HTML's SVG comes from.
 */
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { Block, PageLayout, Printable } from './printable.js';

const MM = 72 / 25.4;

interface Geometry {
  width: number;
  margin: number;
  fontSize: number;
  qrSize: number;
}

const GEOMETRY: Record<PageLayout, Geometry> = {
  '80mm': { width: 80 * MM, margin: 4 * MM, fontSize: 7.5, qrSize: 36 * MM },
  a4: { width: 210 * MM, margin: 15 * MM, fontSize: 9.5, qrSize: 40 * MM },
};
/** PDF's largest page side (200 inches): the height of the measuring pass. */
const MAX_HEIGHT = 14_400;
const A4_HEIGHT = 297 * MM;

/** The PDF's standard fonts speak WinAnsi: characters outside it would print as junk, so they become "?". */
const printableText = (text: string): string => text.replace(/[^\x20-\x7e\u00a0-\u00ff\u2014\u2013\u2018\u2019\u201c\u201d\u2022\n]/g, '?');

function drawQr(doc: PDFKit.PDFDocument, url: string, g: Geometry): void {
  const { size, data } = QRCode.create(url, { errorCorrectionLevel: 'M' }).modules;
  const quiet = 2;
  const cell = g.qrSize / (size + 2 * quiet);
  const left = (g.width - g.qrSize) / 2 + quiet * cell;
  ensureRoom(doc, g, g.qrSize);
  const top = doc.y + quiet * cell;
  doc.save().fillColor('#000');
  for (let row = 0; row < size; row++) {
    // One rectangle per run of dark modules in a row: fewer operators, no hairline gaps.
    let col = 0;
    while (col < size) {
      if (!data[row * size + col]) {
        col++;
        continue;
      }
      const start = col;
      while (col < size && data[row * size + col]) col++;
      doc.rect(left + start * cell, top + row * cell, (col - start) * cell, cell);
    }
  }
  doc.fill().restore();
  doc.y += g.qrSize;
}

/** On A4, start a new page when `height` no longer fits (the 80 mm measuring page never fills). */
function ensureRoom(doc: PDFKit.PDFDocument, g: Geometry, height: number): void {
  if (doc.y + height > doc.page.height - g.margin) doc.addPage();
}

function drawBlock(doc: PDFKit.PDFDocument, b: Block, g: Geometry, bold: string, regular: string): void {
  const x = g.margin;
  const width = g.width - 2 * g.margin;
  const lineHeight = doc.currentLineHeight(true);
  switch (b.t) {
    case 'center':
    case 'text':
      doc.font(b.t === 'center' && b.bold ? bold : regular);
      ensureRoom(doc, g, doc.heightOfString(printableText(b.text), { width }));
      doc.text(printableText(b.text), x, doc.y, { width, align: b.t === 'center' ? 'center' : 'left' });
      return;
    case 'rule': {
      ensureRoom(doc, g, lineHeight);
      const y = doc.y + lineHeight / 2;
      doc
        .save()
        .moveTo(x, y)
        .lineTo(x + width, y)
        .lineWidth(0.5)
        .dash(2, { space: 2 })
        .stroke()
        .undash()
        .restore();
      doc.y += lineHeight;
      return;
    }
    case 'row': {
      doc.font(b.bold ? bold : regular);
      const right = printableText(b.right);
      const leftWidth = Math.max(width - doc.widthOfString(right) - doc.widthOfString(' '), width / 3);
      const height = doc.heightOfString(printableText(b.left), { width: leftWidth });
      ensureRoom(doc, g, height);
      const y = doc.y;
      doc.text(printableText(b.left), x, y, { width: leftWidth });
      doc.text(right, x, y, { width, align: 'right' });
      doc.y = y + Math.max(height, lineHeight);
      return;
    }
    case 'table': {
      const columns = b.head.length;
      // The first column takes what is left after the numeric columns, each as wide as its widest cell.
      doc.font(bold);
      const widths = b.head.map((_, i) =>
        i === 0 ? 0 : Math.max(...[b.head[i]!, ...b.rows.map((r) => r[i] ?? '')].map((v) => doc.widthOfString(printableText(v)))) + doc.widthOfString(' '),
      );
      widths[0] = width - widths.slice(1).reduce((s, w) => s + w, 0);
      const drawRow = (cells: string[], font: string) => {
        doc.font(font);
        ensureRoom(doc, g, lineHeight);
        const y = doc.y;
        let left = x;
        for (let i = 0; i < columns; i++) {
          doc.text(printableText(cells[i] ?? ''), left, y, { width: widths[i]!, align: i === 0 ? 'left' : 'right', lineBreak: false });
          left += widths[i]!;
        }
        doc.y = y + lineHeight;
      };
      drawRow(b.head, bold);
      for (const row of b.rows) drawRow(row, regular);
      return;
    }
    case 'qr':
      drawQr(doc, b.url, g);
      return;
  }
}

function draw(page: Printable, layout: PageLayout, height: number): { doc: PDFKit.PDFDocument; end: number } {
  const g = GEOMETRY[layout];
  const doc = new PDFDocument({
    size: [g.width, height],
    margin: g.margin,
    info: { Title: page.title, Producer: 'Ushuru', Creator: 'Ushuru' },
    pdfVersion: '1.4',
    compress: true,
  });
  doc.fontSize(g.fontSize).lineGap(1);
  const watermark = () => {
    if (!page.watermark) return;
    const h = doc.page.height;
    doc
      .save()
      .rotate(-30, { origin: [g.width / 2, Math.min(h, A4_HEIGHT) / 2] })
      .fillColor('#000', 0.12)
      .font('Courier-Bold')
      .fontSize(g.fontSize * 2)
      .text(page.watermark, 0, Math.min(h, A4_HEIGHT) / 2, { width: g.width, align: 'center', lineBreak: false })
      .restore();
    doc.fontSize(g.fontSize).font('Courier').fillColor('#000', 1);
  };
  doc.on('pageAdded', watermark);
  watermark();
  doc.x = g.margin;
  doc.y = g.margin;
  for (const b of page.blocks) drawBlock(doc, b, g, 'Courier-Bold', 'Courier');
  return { doc, end: doc.y };
}

async function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

export async function printablePdf(page: Printable, layout: PageLayout): Promise<Buffer> {
  const g = GEOMETRY[layout];
  if (layout === 'a4') return collect(draw(page, layout, A4_HEIGHT).doc);
  // A thermal receipt is one page as long as its content: measure on a tall page, then draw for real.
  const measured = draw(page, layout, MAX_HEIGHT);
  measured.doc.end();
  return collect(draw(page, layout, Math.min(MAX_HEIGHT, Math.ceil(measured.end + g.margin))).doc);
}
