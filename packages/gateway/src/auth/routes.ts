/** API token routes (scope `admin`): create (plaintext shown once), list, revoke. */
import { z } from 'zod';
import { ok } from '../http/envelope.js';
import { nameText } from '../http/input-rules.js';
import { defineRoute } from '../http/route.js';
import { createApiToken, listApiTokens, revokeApiToken } from './token-service.js';

const tags = ['API tokens'];

const createTokenSchema = z.strictObject({
  name: nameText(100),
  scopes: z.array(z.string().trim().min(1).max(40)).min(1, 'must name at least one scope').max(20, 'must name at most 20 scopes'),
  expires_at: z.iso.datetime({ offset: true, message: 'must be an ISO-8601 date-time' }).or(z.iso.date()).nullable().optional(),
  rate_limit_per_minute: z.number().int().min(1).max(100_000).nullable().optional(),
});

export const createTokenRoute = defineRoute({
  method: 'POST',
  url: '/api/tokens',
  name: 'api.tokens.store',
  scope: 'admin',
  summary: 'Create an API token; the plaintext token is in this response only',
  tags,
  schema: { body: createTokenSchema },
  successStatus: 201,
  handler: async ({ deps, auth, body }) => {
    const { token, view } = await createApiToken(deps.db, deps.clock, auth.tenantId, body, { auth, defaultRateLimitPerMinute: deps.config.rateLimitPerMinute });
    return ok({ ...view, token }, 'API token created. Store it now: it will not be shown again.');
  },
});

export const listTokensRoute = defineRoute({
  method: 'GET',
  url: '/api/tokens',
  name: 'api.tokens.index',
  scope: 'admin',
  summary: 'List API tokens (never the token itself)',
  tags,
  schema: {},
  handler: async ({ deps, auth }) => ok(await listApiTokens(deps.db, auth.tenantId)),
});

export const revokeTokenRoute = defineRoute({
  method: 'DELETE',
  url: '/api/tokens/:id',
  name: 'api.tokens.destroy',
  scope: 'admin',
  summary: 'Revoke an API token',
  tags,
  schema: { params: z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a token id such as tok_…') }) },
  ownedResource: 'api_token',
  handler: async ({ deps, auth, params }) => ok(await revokeApiToken(deps, auth.tenantId, params.id), 'API token revoked.'),
});

export const tokenRoutes = [createTokenRoute, listTokensRoute, revokeTokenRoute];
