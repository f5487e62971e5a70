/**
 * `ushuru token create|list|revoke`: the tenant's API tokens. A new token is printed once, when it is
 * made (that is its purpose); lists show only its first characters, as the gateway does.
 */
import type { Command } from 'commander';
import { apiCommand, clientOf, parseInteger, type CommonFlags } from './command.js';
import { CliError, formatTable, printJson, writeOut } from './output.js';

interface TokenView {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  rate_limit_per_minute: number | null;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
  created_at: string;
}

interface CreateFlags extends CommonFlags {
  name: string;
  scopes: string;
  expires?: string;
  rateLimit?: string;
}

export function registerTokenCommands(program: Command): void {
  const token = program.command('token').description('API tokens of your tenant');

  apiCommand(token, 'create', 'Create an API token with some scopes; it is printed once, store it then', [
    'ushuru token create --name "till 3" --scopes etims:read,etims:write',
    'ushuru token create --name checkers --scopes kra:checkers --expires 2027-01-01 --rate-limit 60',
    'ushuru token create --name ci --scopes "*" --json | jq -r .token',
  ])
    .requiredOption('--name <name>', 'a label for people')
    .requiredOption('--scopes <list>', 'comma-separated scopes or groups (e.g. etims:read,etims:write, kra:checkers, admin, *)')
    .option('--expires <date>', 'expiry, YYYY-MM-DD or an ISO date-time')
    .option('--rate-limit <n>', 'requests per minute allowed to this token')
    .action(async (opts: CreateFlags) => {
      const scopes = opts.scopes
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      if (scopes.length === 0) throw new CliError('--scopes must name at least one scope.');
      const { sdk } = clientOf(opts);
      const created = (await sdk.tokens.create({
        name: opts.name,
        scopes,
        ...(opts.expires ? { expires_at: opts.expires } : {}),
        ...(opts.rateLimit ? { rate_limit_per_minute: parseInteger('--rate-limit', opts.rateLimit, 1, 100_000) } : {}),
      })) as TokenView & { token: string };
      if (opts.json) return printJson(created);
      writeOut(
        `Token ${created.id} "${created.name}" (scopes ${created.scopes.join(', ')}) created. It is shown this once, store it now:\n\n  ${created.token}\n`,
      );
    });

  apiCommand(token, 'list', 'List API tokens (never the tokens themselves)', ['ushuru token list', 'ushuru token list --json']).action(
    async (opts: CommonFlags) => {
      const { sdk } = clientOf(opts);
      const tokens = (await sdk.tokens.list()) as TokenView[];
      if (opts.json) return printJson(tokens);
      writeOut(
        formatTable(tokens, [
          { header: 'ID', value: (t) => t.id },
          { header: 'NAME', value: (t) => t.name },
          { header: 'TOKEN', value: (t) => `${t.prefix}…` },
          { header: 'SCOPES', value: (t) => t.scopes.join(',') },
          { header: 'EXPIRES', value: (t) => t.expires_at },
          { header: 'REVOKED', value: (t) => t.revoked_at },
          { header: 'LAST USED', value: (t) => t.last_used_at },
        ]),
      );
    },
  );

  apiCommand(token, 'revoke <id>', 'Revoke an API token: it stops working at once', ['ushuru token revoke tok_GS_DTGrxSyAp']).action(
    async (id: string, opts: CommonFlags) => {
      const { sdk } = clientOf(opts);
      const revoked = (await sdk.tokens.revoke(id)) as TokenView;
      if (opts.json) return printJson(revoked);
      writeOut(`Token ${revoked.id} "${revoked.name}" revoked${revoked.revoked_at ? ` at ${revoked.revoked_at}` : ''}.`);
    },
  );
}
