/** The page frame: landmarks, skip link, navigation, the CSRF token for htmx, and notices. */
import { html, type Html } from './html.js';
import type { Session } from './sessions.js';

export const BASE = '/dashboard';
export const ASSETS = `${BASE}/assets`;

const NAV: Array<[string, string]> = [
  ['overview', 'Overview'],
  ['apps', 'KRA Apps'],
  ['tokens', 'API Tokens'],
  ['devices', 'eTIMS devices'],
  ['invoices', 'Invoices'],
  ['reports', 'Reports'],
  ['logs', 'Request log'],
  ['webhooks', 'Webhooks'],
  ['users', 'Users'],
];

export interface Notice {
  kind: 'ok' | 'error';
  text: string;
}

export function noticeBox(notice: Notice | undefined): Html {
  if (!notice) return html``;
  return html`<div class="notice ${notice.kind}" role="${notice.kind === 'error' ? 'alert' : 'status'}">${notice.text}</div>`;
}

/**
 * htmx settings. `responseHandling`: htmx swaps no 4xx/5xx answer by default, so a boosted form
 * refused with 422 (its field errors next to the fields) or a 403/404 page would show nothing; every
 * answer but 204 is swapped in, errors still flagged as errors.
 */
const HTMX_CONFIG = JSON.stringify({
  includeIndicatorStyles: false,
  allowEval: false,
  historyCacheSize: 0,
  responseHandling: [
    { code: '204', swap: false },
    { code: '[23]..', swap: true },
    { code: '[45]..', swap: true, error: true },
  ],
});

function head(title: string, htmxVersion: string): Html {
  return html`<head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="referrer" content="same-origin" />
    <meta name="htmx-config" content="${HTMX_CONFIG}" />
    <title>${title} · Ushuru</title>
    <link rel="stylesheet" href="${ASSETS}/app.css" />
    <script src="${ASSETS}/htmx-${htmxVersion}.min.js" defer></script>
    <script src="${ASSETS}/app.js" defer></script>
  </head>`;
}

export interface PageOptions {
  title: string;
  /** The NAV key of the current section. */
  section: string;
  session: Session;
  htmxVersion: string;
  notice?: Notice | undefined;
}

/**
 * A signed-in page. hx-boost makes links and forms swap the body without a full reload; every
 * boosted or htmx request carries the CSRF token in a header (`hx-headers`), and every form also
 * carries it as a hidden field so it works without JavaScript.
 */
export function page(o: PageOptions, content: Html): Html {
  const headers = JSON.stringify({ 'X-CSRF-Token': o.session.csrfToken });
  return html`<!doctype html>
    <html lang="en">
      ${head(o.title, o.htmxVersion)}
      <body hx-boost="true" hx-headers="${headers}">
        <a class="skip" href="#content">Skip to content</a>
        <header class="top">
          <a class="brand" href="${BASE}">Ushuru</a>
          <div>
            <span class="who">${o.session.email} (${o.session.role})</span>
            <form class="inline" method="post" action="${BASE}/logout">${csrfField(o.session)}<button class="secondary" type="submit">Log out</button></form>
            <form class="inline" method="post" action="${BASE}/logout-everywhere">
              ${csrfField(o.session)}<button class="secondary" type="submit">Log out everywhere</button>
            </form>
          </div>
        </header>
        <nav class="main" aria-label="Main">
          <ul>
            ${NAV.map(
              ([key, label]) =>
                html`<li><a href="${BASE}/${key === 'overview' ? '' : key}" ${key === o.section ? html` aria-current="page"` : ''}>${label}</a></li>`,
            )}
          </ul>
        </nav>
        <main id="content" tabindex="-1">
          <h1>${o.title}</h1>
          ${noticeBox(o.notice)} ${content}
        </main>
      </body>
    </html>`;
}

/** A page for visitors who are not signed in (login, errors before login). */
export function publicPage(title: string, htmxVersion: string, content: Html): Html {
  return html`<!doctype html>
    <html lang="en">
      ${head(title, htmxVersion)}
      <body>
        <main id="content" class="login">${content}</main>
      </body>
    </html>`;
}

export function csrfField(session: Session): Html {
  return html`<input type="hidden" name="_csrf" value="${session.csrfToken}" />`;
}
