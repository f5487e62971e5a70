/** A printable page as HTML with print CSS for an 80 mm thermal printer or A4; QR codes inline as SVG. */
import QRCode from 'qrcode';
import type { Block, PageLayout, Printable } from './printable.js';

const esc = (v: unknown): string =>
  String(v ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');

/** Text with its line breaks kept. */
const lines = (text: string): string => esc(text).replaceAll('\n', '<br>');

async function block(b: Block): Promise<string> {
  switch (b.t) {
    case 'center':
      return `<div class="c${b.bold ? ' b' : ''}">${lines(b.text)}</div>`;
    case 'text':
      return `<div>${lines(b.text)}</div>`;
    case 'rule':
      return '<hr>';
    case 'row':
      return `<table><tr${b.bold ? ' class="b"' : ''}><td>${esc(b.left)}</td><td class="r">${esc(b.right)}</td></tr></table>`;
    case 'table': {
      const cell = (v: string, i: number, tag: 'td' | 'th') => `<${tag}${i > 0 ? ' class="r"' : ''}>${esc(v)}</${tag}>`;
      const head = `<tr>${b.head.map((h, i) => cell(h, i, 'th')).join('')}</tr>`;
      return `<table class="grid">${head}${b.rows.map((r) => `<tr>${r.map((v, i) => cell(v, i, 'td')).join('')}</tr>`).join('')}</table>`;
    }
    case 'qr':
      return `<div class="c qr">${await QRCode.toString(b.url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })}</div>`;
  }
}

export async function printableHtml(page: Printable, layout: PageLayout): Promise<string> {
  const thermal = layout === '80mm';
  const body = (await Promise.all(page.blocks.map(block))).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(page.title)}</title>
<style>
@page { size: ${thermal ? '80mm auto' : 'A4'}; margin: ${thermal ? '4mm' : '15mm'}; }
body { font-family: 'DejaVu Sans Mono', monospace; font-size: ${thermal ? '11px' : '13px'}; max-width: ${thermal ? '72mm' : '180mm'}; margin: 0 auto; padding: 2mm; color: #000; background: #fff; position: relative; }
table { width: 100%; border-collapse: collapse; } td, th { vertical-align: top; padding: 1px 0; font-weight: normal; text-align: left; }
th { font-weight: bold; } .r { text-align: right; } .c { text-align: center; } .b { font-weight: bold; }
hr { border: 0; border-top: 1px dashed #000; }
.watermark { position: fixed; top: 40%; left: 0; right: 0; text-align: center; font-size: 28px; color: rgba(0,0,0,.15); transform: rotate(-30deg); pointer-events: none; }
.qr svg { width: ${thermal ? '40mm' : '45mm'}; height: auto; }
</style></head>
<body data-label="${esc(page.label)}">
${page.watermark ? `<div class="watermark" aria-hidden="true">${esc(page.watermark)}</div>` : ''}
${body}
</body></html>
`;
}
