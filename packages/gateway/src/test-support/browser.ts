/**
 * Debian's Chromium driven by playwright-core for browser tests (no browser is downloaded), and the
 * folder where tests keep what a person reviews afterwards (screenshots, rendered PDFs).
 * CI installs the `chromium` and `poppler-utils` packages (.ci/run).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.USHURU_CHROMIUM ?? '/usr/bin/chromium';

/** `artifacts/<kind>` at the repository root (git ignores it), created when missing. */
export function artifactsDir(kind: string): string {
  const dir = join(new URL('../../../../artifacts/', import.meta.url).pathname, kind);
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    // Without the background-networking flags Chromium keeps dialling Google, which this network refuses.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
