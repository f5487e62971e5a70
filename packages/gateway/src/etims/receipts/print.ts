/**
 * Sending a printable page in the format asked for (HTML, PDF) and a verification URL's QR code
 * alone (SVG, PNG), with the headers that make browsers and printers treat each right.
 */
import type { FastifyReply } from 'fastify';
import QRCode from 'qrcode';
import { z } from 'zod';
import { printableHtml } from '../../printing/html.js';
import { printablePdf } from '../../printing/pdf.js';
import type { PageLayout, Printable } from '../../printing/printable.js';

export const pageFormats = z.enum(['html', 'pdf'], { error: 'must be html or pdf' }).default('html');
export const pageLayout = z.enum(['80mm', 'a4'], { error: 'must be 80mm or a4' }).default('80mm');

/** A file name safe in a Content-Disposition header. */
const fileName = (name: string): string => name.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 80);

export async function sendPage(reply: FastifyReply, page: Printable, format: 'html' | 'pdf', layout: PageLayout, name: string): Promise<string | Buffer> {
  // Receipts and reports hold a business's sales: never kept by a shared cache.
  reply.header('cache-control', 'private, no-store');
  if (format === 'pdf') {
    reply.type('application/pdf').header('content-disposition', `inline; filename="${fileName(name)}.pdf"`);
    return printablePdf(page, layout);
  }
  reply.type('text/html; charset=utf-8');
  return printableHtml(page, layout);
}

export async function sendQr(reply: FastifyReply, url: string, format: 'svg' | 'png'): Promise<string | Buffer> {
  reply.header('cache-control', 'private, no-store');
  if (format === 'svg') {
    reply.type('image/svg+xml');
    return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  }
  reply.type('image/png');
  return QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 6 });
}
