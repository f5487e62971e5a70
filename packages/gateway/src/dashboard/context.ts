/** What a dashboard page handler gets, and the small helpers every page uses. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Scope } from '../auth/scopes.js';
import type { GatewayDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import type { Html } from './html.js';
import { page, type Notice } from './layout.js';
import { roleAllows } from './roles.js';
import type { Session } from './sessions.js';

/** A parsed form: repeated fields (checkboxes) become arrays. */
export type FormBody = Record<string, string | string[]>;

export interface PageContext {
  deps: GatewayDeps;
  /** The gateway's root app, for in-process API calls (internal-api.ts). */
  app: FastifyInstance;
  session: Session;
  req: FastifyRequest;
  reply: FastifyReply;
  htmxVersion: string;
  form: FormBody;
  query: Record<string, string>;
  params: Record<string, string>;
  /** Renders a signed-in page. */
  render(title: string, section: string, content: Html, notice?: Notice): Html;
  /** True when the user's role holds `scope`. */
  can(scope: Scope): boolean;
}

export type PageHandler = (ctx: PageContext) => Promise<Html | FastifyReply>;

export interface PageRoute {
  method: 'GET' | 'POST';
  /** Below /dashboard. */
  path: string;
  /** The scope the action needs; pages without one are readable by every role. */
  scope?: Scope;
  handler: PageHandler;
}

export function makeRender(session: Session, htmxVersion: string) {
  return (title: string, section: string, content: Html, notice?: Notice) => page({ title, section, session, htmxVersion, notice }, content);
}

export const canFor = (session: Session) => (scope: Scope) => roleAllows(session.role, scope);

/** A single form field as text ('' when absent or repeated). */
export function field(form: FormBody, name: string): string {
  const v = form[name];
  return typeof v === 'string' ? v : '';
}

/** A repeated form field (checkboxes) as a list. */
export function fields(form: FormBody, name: string): string[] {
  const v = form[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** A positive integer id from a URL segment; anything else is the same 404 as another tenant's id. */
export function idParam(value: string | undefined, what: string): number {
  if (!value || !/^[1-9]\d{0,9}$/.test(value) || Number(value) > 2_147_483_647) throw new ApiError('not_found', `${what} not found.`);
  return Number(value);
}

/** A redirect after a POST (303: the browser follows with a GET), with a fixed notice code. */
export function seeOther(reply: FastifyReply, location: string): FastifyReply {
  return reply.code(303).header('location', location).send();
}

/** Field errors of an ApiError as one line, for a notice. */
export function errorText(err: unknown): string | undefined {
  if (!(err instanceof ApiError)) return undefined;
  const errors = (err.details.errors ?? {}) as Record<string, string[]>;
  const parts = Object.entries(errors).map(([f, p]) => `${f}: ${p.join('; ')}`);
  return parts.length > 0 ? parts.join(' — ') : err.message;
}
