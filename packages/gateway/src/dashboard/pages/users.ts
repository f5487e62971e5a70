/** Users of the tenant: admins add and remove them; every role sees the list. */
import { ApiError } from '../../errors.js';
import { errorText, field, seeOther, type PageContext, type PageRoute } from '../context.js';
import { html, type Html } from '../html.js';
import { BASE, csrfField, type Notice } from '../layout.js';
import { ROLE_LABELS, ROLES } from '../roles.js';
import { deleteUserSessions } from '../sessions.js';
import { createUser, deleteUser, listUsers } from '../users.js';

const NOTICES: Record<string, Notice> = {
  created: { kind: 'ok', text: 'User created.' },
  deleted: { kind: 'ok', text: 'User removed and logged out.' },
};

async function usersPage(ctx: PageContext, notice?: Notice): Promise<Html> {
  const users = await listUsers(ctx.deps.db, ctx.session.tenantId);
  const admin = ctx.can('admin');
  return ctx.render(
    'Users',
    'users',
    html`<div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Created</th>
              ${admin ? html`<th scope="col">Action</th>` : ''}
            </tr>
          </thead>
          <tbody>
            ${users.map(
              (u) =>
                html`<tr>
                  <td>${u.email}</td>
                  <td>${u.role}</td>
                  <td>${u.created_at}</td>
                  ${
                    admin
                      ? html`<td>
                          ${
                            u.id === ctx.session.userId
                              ? html`<span class="muted">you</span>`
                              : html`<form class="inline" method="post" action="${BASE}/users/${u.id}/delete" hx-confirm="Remove ${u.email}?">
                                  ${csrfField(ctx.session)}<button class="danger" type="submit" aria-label="Remove ${u.email}">Remove</button>
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
          ? html`<h2>Add a user</h2>
              <form class="stack" method="post" action="${BASE}/users">
                ${csrfField(ctx.session)}
                <label>Email address <input type="email" name="email" required autocomplete="off" /></label>
                <label>Password (at least 12 characters) <input type="password" name="password" required minlength="12" autocomplete="new-password" /></label>
                <label for="role">Role</label
                ><select id="role" name="role">
                  ${ROLES.map((r) => html`<option value="${r}" ${r === 'viewer' ? html` selected` : ''}>${ROLE_LABELS[r]}</option>`)}
                </select>
                <button type="submit">Add user</button>
              </form>`
          : ''
      }`,
    notice,
  );
}

export const userPages: PageRoute[] = [
  { method: 'GET', path: '/users', handler: (ctx) => usersPage(ctx, NOTICES[ctx.query.notice ?? '']) },
  {
    method: 'POST',
    path: '/users',
    scope: 'admin',
    handler: async (ctx) => {
      try {
        await createUser(ctx.deps.db, ctx.deps.clock, {
          tenantId: ctx.session.tenantId,
          email: field(ctx.form, 'email'),
          password: field(ctx.form, 'password'),
          role: field(ctx.form, 'role'),
        });
      } catch (err) {
        const text = errorText(err);
        if (!text) throw err;
        ctx.reply.code(422);
        return usersPage(ctx, { kind: 'error', text });
      }
      return seeOther(ctx.reply, `${BASE}/users?notice=created`);
    },
  },
  {
    method: 'POST',
    path: '/users/:id/delete',
    scope: 'admin',
    handler: async (ctx) => {
      const id = String(ctx.params.id);
      // The tenant check comes first: another tenant's user id is a 404 and logs nobody out.
      const users = await listUsers(ctx.deps.db, ctx.session.tenantId);
      if (!users.some((u) => u.id === id) || id === ctx.session.userId) throw new ApiError('not_found', 'User not found.');
      await deleteUserSessions(ctx.deps.db, id);
      await deleteUser(ctx.deps.db, ctx.session.tenantId, id);
      return seeOther(ctx.reply, `${BASE}/users?notice=deleted`);
    },
  },
];
