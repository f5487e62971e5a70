/** Login and logout. A failed login says the same thing whatever was wrong, so addresses cannot be probed. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GatewayDeps } from '../deps.js';
import { html } from './html.js';
import { BASE, noticeBox, publicPage, type Notice } from './layout.js';
import { consumeLoginAttempt } from './login-limit.js';
import { createSession, deleteSession, deleteUserSessions, SESSION_COOKIE, SESSION_TTL_MS, type Session } from './sessions.js';
import { checkCredentials, normalizeEmail } from './users.js';
import type { FormBody } from './context.js';
import { field } from './context.js';

export const GENERIC_LOGIN_ERROR = 'The email address or password is not correct.';

export function sessionCookie(req: Pick<FastifyRequest, 'protocol'>, value: string, maxAgeSeconds: number): string {
  // Path /dashboard: the cookie never travels with API calls. Secure only over TLS, so plain-HTTP
  // local installs still work; behind a TLS-terminating proxy req.protocol says https only when Fastify trusts the proxy.
  const secure = req.protocol === 'https' ? '; Secure' : '';
  return `${SESSION_COOKIE}=${value}; Path=${BASE}; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure}`;
}

export function loginPage(htmxVersion: string, notice?: Notice, email = '') {
  return publicPage(
    'Log in',
    htmxVersion,
    html`<h1>Ushuru dashboard</h1>
      ${noticeBox(notice)}
      <form class="stack" method="post" action="${BASE}/login">
        <label>Email address <input type="email" name="email" autocomplete="username" required value="${email}" /></label>
        <label>Password <input type="password" name="password" autocomplete="current-password" required /></label>
        <button type="submit">Log in</button>
      </form>
      <p class="muted">No account yet? An operator creates the first one with <code>ushuru user create</code>.</p>`,
  );
}

export async function handleLogin(deps: GatewayDeps, req: FastifyRequest, reply: FastifyReply, form: FormBody, htmxVersion: string) {
  const email = normalizeEmail(field(form, 'email')).slice(0, 254);
  const password = field(form, 'password').slice(0, 200);
  const wait = await consumeLoginAttempt(deps.rateLimiter, email, req.ip);
  if (wait !== undefined) {
    reply.code(429).header('retry-after', String(wait));
    return loginPage(htmxVersion, { kind: 'error', text: `Too many login attempts. Try again in ${wait} seconds.` }, email);
  }
  const user = email && password ? await checkCredentials(deps.db, email, password) : undefined;
  if (!user) {
    // The address only, never the password, and at info level: failed logins are worth seeing.
    deps.logger.info({ request_id: req.id }, 'dashboard login failed');
    reply.code(401);
    return loginPage(htmxVersion, { kind: 'error', text: GENERIC_LOGIN_ERROR }, email);
  }
  const value = await createSession(deps.db, deps.clock, user.id);
  return reply
    .code(303)
    .header('set-cookie', sessionCookie(req, value, SESSION_TTL_MS / 1000))
    .header('location', BASE)
    .send();
}

export async function handleLogout(deps: GatewayDeps, req: FastifyRequest, reply: FastifyReply, session: Session, everywhere: boolean) {
  if (everywhere) await deleteUserSessions(deps.db, session.userId);
  else await deleteSession(deps.db, session.idHash);
  return reply
    .code(303)
    .header('set-cookie', sessionCookie(req, '', 0))
    .header('location', `${BASE}/login`)
    .send();
}
