/**
 * `ushuru migrate`, `ushuru tenant create NAME [--json]`, `ushuru tenant list`, and
 * `ushuru tenant token TENANT` — a new token for an existing tenant, e.g. when the first one is lost.
 */
import type { Command } from 'commander';

/**
 * The server modules these commands use, loaded when one runs: the CLI's other commands (and
 * `--help`) start in a fraction of the time without them.
 */
async function serverModules() {
  const [{ createApiToken }, { loadConfig }, { createRuntime }, { createTenant, listTenants }, { ApiError }, { openStore }, { migrateToLatest }] =
    await Promise.all([
      import('../auth/token-service.js'),
      import('../config.js'),
      import('../runtime.js'),
      import('../tenants/service.js'),
      import('../errors.js'),
      import('../store/db.js'),
      import('../store/migrate.js'),
    ]);
  return { createApiToken, loadConfig, createRuntime, createTenant, listTenants, ApiError, openStore, migrateToLatest };
}

/** CLI commands keep stdout for their output (e.g. --json); logs go to stderr. */
const CLI_RUNTIME = { logDestination: process.stderr };

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('Apply pending database migrations')
    .action(async () => {
      const { loadConfig, openStore, migrateToLatest } = await serverModules();
      const config = loadConfig();
      const store = await openStore(config.databaseUrl);
      try {
        const applied = await migrateToLatest(store);
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
      } finally {
        await store.close();
      }
    });
}

export function registerTenantCommands(program: Command): void {
  const tenant = program.command('tenant').description('Manage tenants');
  tenant
    .command('create <name>')
    .description('Create a tenant and print its first API token (scope *)')
    .option('--json', 'print {"tenant":{"id","name"},"token":"ush_…"}')
    .action(async (name: string, opts: { json?: boolean }) => {
      const { createApiToken, loadConfig, createRuntime, createTenant } = await serverModules();
      const runtime = await createRuntime({ ...loadConfig(), logLevel: 'warn' }, CLI_RUNTIME);
      try {
        const t = await createTenant(runtime.deps.db, runtime.deps.clock, name);
        const { token } = await createApiToken(runtime.deps.db, runtime.deps.clock, t.id, { name: 'first token', scopes: ['*'] });
        if (opts.json) console.log(JSON.stringify({ tenant: { id: t.id, name: t.name }, token }));
        else console.log(`Tenant "${t.name}" created (id ${t.id}).\nAPI token (shown once): ${token}`);
      } finally {
        await runtime.close();
      }
    });
  tenant
    .command('token <tenant>')
    .description('Create an API token for an existing tenant (id or name), e.g. to replace a lost admin token')
    .option('--name <name>', 'label of the token', 'cli token')
    .option('--scopes <list>', 'comma-separated scopes or groups', '*')
    .option('--json', 'print {"tenant":{"id","name"},"token":"ush_…"}')
    .action(async (ref: string, opts: { name: string; scopes: string; json?: boolean }) => {
      const { createApiToken, loadConfig, createRuntime, listTenants, ApiError } = await serverModules();
      const runtime = await createRuntime({ ...loadConfig(), logLevel: 'warn' }, CLI_RUNTIME);
      try {
        const matches = (await listTenants(runtime.deps.db)).filter((t) => t.id === ref || t.name === ref);
        if (matches.length === 0) throw new Error(`No tenant with id or name "${ref}" (see ushuru tenant list).`);
        if (matches.length > 1) throw new Error(`Several tenants are named "${ref}"; give the id instead.`);
        const t = matches[0]!;
        const scopes = opts.scopes
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean);
        const { token } = await createApiToken(runtime.deps.db, runtime.deps.clock, t.id, { name: opts.name, scopes }).catch((err: unknown) => {
          throw err instanceof ApiError ? new Error(err.message) : err;
        });
        if (opts.json) console.log(JSON.stringify({ tenant: { id: t.id, name: t.name }, token }));
        else console.log(`API token for tenant "${t.name}" (shown once): ${token}`);
      } finally {
        await runtime.close();
      }
    });
  tenant
    .command('list')
    .description('List tenants')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const { loadConfig, createRuntime, listTenants } = await serverModules();
      const runtime = await createRuntime({ ...loadConfig(), logLevel: 'warn' }, CLI_RUNTIME);
      try {
        const tenants = await listTenants(runtime.deps.db);
        if (opts.json) console.log(JSON.stringify(tenants));
        else for (const t of tenants) console.log(`${t.id}  ${t.name}  (created ${t.created_at})`);
      } finally {
        await runtime.close();
      }
    });
}
