/** Test support for dashboard tests: users, logins through the real form, and the CSRF token of a page. */
import type { TestGateway } from './gateway.js';
import { createUser } from '../dashboard/users.js';

export const PASSWORD = 'correct horse battery staple';

export interface LoggedIn {
  cookie: string;
  csrf: string;
  get(url: string): ReturnType<TestGateway['request']>;
  post(url: string, form: Record<string, string | string[]>, opts?: { csrf?: string | null }): ReturnType<TestGateway['request']>;
}

export function formBody(form: Record<string, string | string[]>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const one of Array.isArray(v) ? v : [v]) p.append(k, one);
  return p.toString();
}

export async function addUser(gw: TestGateway, tenantId: string, email: string, role: 'admin' | 'member' | 'viewer'): Promise<void> {
  await createUser(gw.deps.db, gw.deps.clock, { tenantId, email, password: PASSWORD, role });
}

export function login(gw: TestGateway, email: string, password = PASSWORD, headers: Record<string, string> = {}) {
  return gw.app.inject({
    method: 'POST',
    url: '/dashboard/login',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: formBody({ email, password }),
  });
}

export const csrfOf = (page: string): string => /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';

export async function loggedIn(gw: TestGateway, email: string): Promise<LoggedIn> {
  const res = await login(gw, email);
  if (res.statusCode !== 303) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const cookie = String(res.headers['set-cookie']).split(';')[0]!;
  const home = await gw.app.inject({ method: 'GET', url: '/dashboard', headers: { cookie } });
  const csrf = csrfOf(home.body);
  const session: LoggedIn = {
    cookie,
    csrf,
    get: (url) => gw.app.inject({ method: 'GET', url, headers: { cookie } }),
    post: (url, form, opts = {}) => {
      const token = opts.csrf === undefined ? csrf : opts.csrf;
      return gw.app.inject({
        method: 'POST',
        url,
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: formBody(token === null ? form : { ...form, _csrf: token }),
      });
    },
  };
  return session;
}
