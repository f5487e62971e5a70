/** API Tokens: list, create with a scope picker (shown once, with a copy button), revoke. Admins only change them. */
import { SCOPE_GROUPS, SCOPES } from '../../auth/scopes.js';
import { createApiToken, listApiTokens, revokeApiToken } from '../../auth/token-service.js';
import { errorText, field, fields, seeOther, type PageContext, type PageRoute } from '../context.js';
import { html, type Html } from '../html.js';
import { BASE, csrfField, type Notice } from '../layout.js';
import { ROLE_SCOPES } from '../roles.js';
import { expandScopes } from '../../auth/scopes.js';

const NOTICES: Record<string, Notice> = { revoked: { kind: 'ok', text: 'Token revoked.' } };

async function tokensPage(ctx: PageContext, notice?: Notice, created?: Html): Promise<Html> {
  const tokens = await listApiTokens(ctx.deps.db, ctx.session.tenantId);
  const admin = ctx.can('admin');
  return ctx.render(
    'API Tokens',
    'tokens',
    html`${created ?? ''}
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Prefix</th>
              <th scope="col">Scopes</th>
              <th scope="col">Last used</th>
              <th scope="col">Created</th>
              <th scope="col">State</th>
              ${admin ? html`<th scope="col">Action</th>` : ''}
            </tr>
          </thead>
          <tbody>
            ${tokens.map(
              (t) =>
                html`<tr>
                  <td>${t.name}</td>
                  <td><code>${t.prefix}…</code></td>
                  <td>${t.scopes.join(', ')}</td>
                  <td>${t.last_used_at ?? 'never'}</td>
                  <td>${t.created_at}</td>
                  <td>${t.revoked_at ? `revoked ${t.revoked_at}` : t.expires_at ? `expires ${t.expires_at}` : 'active'}</td>
                  ${
                    admin
                      ? html`<td>
                          ${
                            t.revoked_at
                              ? ''
                              : html`<form
                                  class="inline"
                                  method="post"
                                  action="${BASE}/tokens/${t.id}/revoke"
                                  hx-confirm="Revoke the token ${t.name}? Integrations using it stop working."
                                >
                                  ${csrfField(ctx.session)}<button class="danger" type="submit" aria-label="Revoke ${t.name}">Revoke</button>
                                </form>`
                          }
                        </td>`
                      : ''
                  }
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${
        admin
          ? html`<h2 id="new-token">Create a token</h2>
              <form class="stack" method="post" action="${BASE}/tokens">
                ${csrfField(ctx.session)}
                <label>Name <input name="name" required maxlength="100" placeholder="POS till 1" /></label>
                <fieldset>
                  <legend>Scopes</legend>
                  <div class="checks">${SCOPES.map((s) => html`<label><input type="checkbox" name="scopes" value="${s}" /> ${s}</label>`)}</div>
                </fieldset>
                <fieldset>
                  <legend>Scope groups</legend>
                  <div class="checks">
                    ${Object.entries(SCOPE_GROUPS).map(([g, members]) => html`<label><input type="checkbox" name="scopes" value="${g}" /> ${g} <span class="muted">(${members.join(', ')})</span></label>`)}
                  </div>
                </fieldset>
                <label>Expires (optional) <input type="date" name="expires" /></label>
                <button type="submit">Create token</button>
              </form>`
          : ''
      }`,
    notice,
  );
}

export const tokenPages: PageRoute[] = [
  { method: 'GET', path: '/tokens', handler: (ctx) => tokensPage(ctx, NOTICES[ctx.query.notice ?? '']) },
  {
    method: 'POST',
    path: '/tokens',
    scope: 'admin',
    handler: async (ctx) => {
      const scopes = fields(ctx.form, 'scopes');
      const expires = field(ctx.form, 'expires');
      if (scopes.length === 0) {
        ctx.reply.code(422);
        return tokensPage(ctx, { kind: 'error', text: 'scopes: choose at least one scope or group.' });
      }
      try {
        const { token, view } = await createApiToken(
          ctx.deps.db,
          ctx.deps.clock,
          ctx.session.tenantId,
          {
            name: field(ctx.form, 'name').trim().slice(0, 100) || 'dashboard token',
            scopes,
            ...(/^\d{4}-\d{2}-\d{2}$/.test(expires) ? { expires_at: `${expires}T23:59:59Z` } : {}),
          },
          // The user's role grants: an admin's '*' may grant anything, as an operator's token.
          {
            auth: {
              tenantId: ctx.session.tenantId,
              tokenId: 'dashboard',
              grantedScopes: [...ROLE_SCOPES[ctx.session.role]],
              scopes: expandScopes(ROLE_SCOPES[ctx.session.role]),
              rateLimitPerMinute: null,
            },
            defaultRateLimitPerMinute: ctx.deps.config.rateLimitPerMinute,
          },
        );
        // Shown once: this answer is never cached (no-store) and the token is not stored in plaintext anywhere.
        const created = html`<div class="notice ok" role="status">
          <p>Token <strong>${view.name}</strong> created. Copy it now: it will not be shown again.</p>
          <p id="new-token-value" class="secret-once">${token}</p>
          <button type="button" class="secondary" data-copy="new-token-value">Copy token</button>
        </div>`;
        return tokensPage(ctx, undefined, created);
      } catch (err) {
        const text = errorText(err);
        if (!text) throw err;
        ctx.reply.code(422);
        return tokensPage(ctx, { kind: 'error', text });
      }
    },
  },
  {
    method: 'POST',
    path: '/tokens/:id/revoke',
    scope: 'admin',
    handler: async (ctx) => {
      await revokeApiToken(ctx.deps, ctx.session.tenantId, String(ctx.params.id));
      return seeOther(ctx.reply, `${BASE}/tokens?notice=revoked`);
    },
  },
];
