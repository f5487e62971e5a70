/**
 * The dashboard under /dashboard: server-rendered pages with htmx, outside the API route table (its
 * answers are HTML, not the API's envelope). Sessions, CSRF and roles are enforced here, once, for
 * every page; each page module only says what it shows and which scope its actions need.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { GatewayDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { htmxScript, htmxVersion, SCRIPT, STYLESHEET } from './assets.js';
import { handleLogin, handleLogout, loginPage } from './auth-pages.js';
import { canFor, makeRender, type FormBody, type PageRoute } from './context.js';
import { html, Html } from './html.js';
import { BASE, publicPage } from './layout.js';
import { DASHBOARD_PAGES } from './pages/index.js';
import { csrfMatches, loadSession, SESSION_COOKIE, type Session } from './sessions.js';

export const DASHBOARD_PREFIX = BASE;

// Pages load only our own files; nothing may frame them (clickjacking); forms post only here.
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

function cookieValue(req: FastifyRequest, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

function parseForm(text: string): FormBody {
  const out: FormBody = {};
  for (const [k, v] of new URLSearchParams(text)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

function sendHtml(reply: FastifyReply, body: Html | string): FastifyReply {
  return reply.type('text/html; charset=utf-8').send(String(body));
}

export function dashboardPlugin(deps: GatewayDeps) {
  return async function register(instance: FastifyInstance): Promise<void> {
    // Pages for people, not API operations: kept out of the OpenAPI document (and the SDK made from it).
    instance.addHook('onRoute', (route) => {
      route.schema = { ...(route.schema ?? {}), hide: true };
    });
    const version = htmxVersion();
    // The root app, for in-process API calls: a plugin's own instance only sees its own routes' hooks.
    const root = instance;
    instance.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) =>
      done(null, parseForm(body as string)),
    );
    instance.addHook('onSend', async (_req, reply, payload) => {
      if (!reply.getHeader('content-security-policy')) reply.header('content-security-policy', CSP);
      reply.header('x-frame-options', 'DENY');
      reply.header('x-content-type-options', 'nosniff');
      reply.header('referrer-policy', 'same-origin');
      if (!reply.getHeader('cache-control')) reply.header('cache-control', 'no-store');
      return payload;
    });
    instance.setNotFoundHandler((_req, reply) =>
      sendHtml(
        reply.code(404),
        publicPage(
          'Not found',
          version,
          html`<h1>Not found</h1>
            <p><a href="${BASE}">Back to the dashboard</a></p>`,
        ),
      ),
    );
    instance.setErrorHandler((err, req, reply) => {
      const status = err instanceof ApiError ? err.status : ((err as { statusCode?: number }).statusCode ?? 500);
      if (status >= 500) deps.logger.error({ err: err instanceof Error ? err.message : String(err), request_id: req.id }, 'dashboard page failed');
      const title = status === 404 ? 'Not found' : status === 403 ? 'Not allowed' : status < 500 ? 'Request refused' : 'Something went wrong';
      // Our own ApiError messages are written to be shown (and never hold secrets); others are not shown.
      const message = err instanceof ApiError && status < 500 ? err.message : `Request ${req.id} failed.`;
      return sendHtml(
        reply.code(status),
        publicPage(
          title,
          version,
          html`<h1>${title}</h1>
            <p>${message}</p>
            <p><a href="${BASE}">Back to the dashboard</a></p>`,
        ),
      );
    });

    // Static files. htmx's URL carries its version, so it may be cached for a year.
    instance.get('/assets/app.css', async (_req, reply) =>
      reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(STYLESHEET),
    );
    instance.get('/assets/app.js', async (_req, reply) =>
      reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(SCRIPT),
    );
    instance.get(`/assets/htmx-${version}.min.js`, async (_req, reply) =>
      reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=31536000, immutable').send(htmxScript()),
    );

    instance.get('/login', async (req, reply) => {
      if (await loadSession(deps.db, deps.clock, cookieValue(req, SESSION_COOKIE))) return reply.code(303).header('location', BASE).send();
      return sendHtml(reply, loginPage(version));
    });
    // No CSRF token before login (there is no session yet); SameSite=Lax and the generic answer cover it.
    instance.post('/login', async (req, reply) => {
      const result = await handleLogin(deps, req, reply, (req.body ?? {}) as FormBody, version);
      return result instanceof Html ? sendHtml(reply, result) : result;
    });

    /** Session, CSRF and role checks shared by every signed-in route. */
    async function signedIn(req: FastifyRequest, reply: FastifyReply, route: Pick<PageRoute, 'method' | 'scope'>): Promise<Session | undefined> {
      const session = await loadSession(deps.db, deps.clock, cookieValue(req, SESSION_COOKIE));
      if (!session) {
        // htmx follows HX-Redirect with a full page load; a plain browser follows the 303.
        if (req.headers['hx-request']) reply.header('hx-redirect', `${BASE}/login`);
        reply
          .code(req.method === 'GET' ? 303 : 401)
          .header('location', `${BASE}/login`)
          .send();
        return undefined;
      }
      if (route.method !== 'GET') {
        const form = (req.body ?? {}) as FormBody;
        if (!csrfMatches(session, req.headers['x-csrf-token'] ?? form._csrf)) {
          sendHtml(
            reply.code(403),
            publicPage(
              'Not allowed',
              version,
              html`<h1>Not allowed</h1>
                <p>The form had expired or did not come from this dashboard. Go back, reload the page and try again.</p>`,
            ),
          );
          return undefined;
        }
      }
      if (route.scope && !canFor(session)(route.scope)) throw new ApiError('insufficient_scope', `Your role (${session.role}) cannot do this.`);
      return session;
    }

    instance.post('/logout', async (req, reply) => {
      const session = await signedIn(req, reply, { method: 'POST' });
      return session ? handleLogout(deps, req, reply, session, false) : reply;
    });
    instance.post('/logout-everywhere', async (req, reply) => {
      const session = await signedIn(req, reply, { method: 'POST' });
      return session ? handleLogout(deps, req, reply, session, true) : reply;
    });

    for (const route of DASHBOARD_PAGES) {
      instance.route({
        method: route.method,
        url: route.path,
        handler: async (req, reply) => {
          const session = await signedIn(req, reply, route);
          if (!session) return reply;
          const result = await route.handler({
            deps,
            app: root,
            session,
            req,
            reply,
            htmxVersion: version,
            form: (route.method === 'POST' ? (req.body ?? {}) : {}) as FormBody,
            query: (req.query ?? {}) as Record<string, string>,
            params: (req.params ?? {}) as Record<string, string>,
            render: makeRender(session, version),
            can: canFor(session),
          });
          if (result instanceof Html) return sendHtml(reply, result);
          return result;
        },
      });
    }
  };
}
