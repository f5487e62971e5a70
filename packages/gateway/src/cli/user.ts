/**
 * `ushuru user create --tenant ID --email E --role admin|member|viewer [--password-stdin]`: a dashboard
 * user, written straight to the database like `ushuru tenant create`. The password comes from stdin
 * (scripts) or an unechoed prompt; it is never an argument, which other users could read in `ps`.
 */
import type { Command } from 'commander';

async function serverModules() {
  const [{ loadConfig }, { createRuntime }, { createUser }, { listTenants }, { ApiError }, { createPrompter }] = await Promise.all([
    import('../config.js'),
    import('../runtime.js'),
    import('../dashboard/users.js'),
    import('../tenants/service.js'),
    import('../errors.js'),
    import('./prompt.js'),
  ]);
  return { loadConfig, createRuntime, createUser, listTenants, ApiError, createPrompter };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  // One trailing newline is what `echo` adds; the password itself may end in spaces.
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('Manage dashboard users');
  user
    .command('create')
    .description('Create a dashboard user of a tenant (log in at /dashboard)')
    .requiredOption('--tenant <id>', 'tenant id or name')
    .requiredOption('--email <email>', 'the address the user logs in with')
    .option('--role <role>', 'admin, member or viewer', 'admin')
    .option('--password-stdin', 'read the password from stdin instead of prompting')
    .option('--json', 'print {"user":{"id","email","role","tenant_id"}}')
    .action(async (opts: { tenant: string; email: string; role: string; passwordStdin?: boolean; json?: boolean }) => {
      const { loadConfig, createRuntime, createUser, listTenants, ApiError, createPrompter } = await serverModules();
      let password: string;
      if (opts.passwordStdin) {
        password = await readStdin();
      } else {
        const prompter = createPrompter();
        try {
          password = await prompter.ask('Password (at least 12 characters): ', { secret: true });
          const again = await prompter.ask('Repeat the password: ', { secret: true });
          if (again !== password) throw new Error('The passwords differ.');
        } finally {
          prompter.close();
        }
      }
      const runtime = await createRuntime({ ...loadConfig(), logLevel: 'warn' }, { logDestination: process.stderr });
      try {
        const matches = (await listTenants(runtime.deps.db)).filter((t) => t.id === opts.tenant || t.name === opts.tenant);
        if (matches.length === 0) throw new Error(`No tenant with id or name "${opts.tenant}" (see ushuru tenant list).`);
        if (matches.length > 1) throw new Error(`Several tenants are named "${opts.tenant}"; give the id instead.`);
        const created = await createUser(runtime.deps.db, runtime.deps.clock, { tenantId: matches[0]!.id, email: opts.email, password, role: opts.role }).catch(
          (err: unknown) => {
            if (err instanceof ApiError) {
              const errors = (err.details.errors ?? {}) as Record<string, string[]>;
              throw new Error(
                Object.entries(errors)
                  .map(([f, p]) => `${f} ${p.join('; ')}`)
                  .join('\n') || err.message,
              );
            }
            throw err;
          },
        );
        if (opts.json) console.log(JSON.stringify({ user: created }));
        else console.log(`User ${created.email} (${created.role}) created for tenant ${matches[0]!.name}. Log in at /dashboard.`);
      } finally {
        await runtime.close();
      }
    });
}
