/**
 * `ushuru login`, `ushuru logout`, `ushuru profiles`: saved connections to gateways. Login checks the
 * URL and token with a cheap authenticated call before saving anything, so a typo is caught at once.
 */
import type { Command } from 'commander';
import { AuthenticationError, InsufficientScopeError, type Ushuru } from '@ushuru/sdk';
import { withExamples } from './command.js';
import { clientFor, configPath, DEFAULT_PROFILE, maskToken, normaliseUrl, readConfig, writeConfig } from './connection.js';
import { CliError, formatTable, printJson, registerSecret, writeOut } from './output.js';
import { createPrompter } from './prompt.js';

const DEFAULT_URL = 'http://127.0.0.1:8080';

/**
 * True when the gateway accepts the token. Listing apps needs `kra:apps`; a token without that scope
 * is still a valid token (403, not 401), which is all login needs to know.
 */
export async function verifyToken(sdk: Ushuru): Promise<void> {
  try {
    await sdk.apps.list({ maxRetries: 0 });
  } catch (err) {
    if (err instanceof InsufficientScopeError) return;
    if (err instanceof AuthenticationError)
      throw new CliError('The gateway refused this API token (nothing was saved). Check it and run `ushuru login` again.');
    throw err;
  }
}

export function registerLoginCommands(program: Command): void {
  withExamples(
    program
      .command('login')
      .description(`Save a connection to a gateway (URL and API token) as a profile, after checking it works; saved in ${configPath()} (mode 0600)`)
      .option('--url <url>', 'the gateway (asked when not given)')
      .option('--token <token>', 'an API token (asked when not given; prefer the prompt, which keeps it out of your shell history)')
      .option('--profile <name>', 'the profile to save', DEFAULT_PROFILE)
      .option('--json', 'print the saved profile as JSON (token masked)'),
    ['ushuru login', 'ushuru login --profile staging --url https://ushuru.example.co.ke', 'printf "%s\\n%s\\n" "$URL" "$TOKEN" | ushuru login'],
  ).action(async (opts: { url?: string; token?: string; profile: string; json?: boolean }) => {
    const path = configPath();
    const config = readConfig(path);
    const prompter = createPrompter();
    let url: string;
    let token: string;
    try {
      url = normaliseUrl(
        opts.url ?? (await prompter.ask('Gateway URL', { default: process.env.USHURU_URL ?? config.profiles[opts.profile]?.url ?? DEFAULT_URL })),
      );
      token = opts.token ?? (await prompter.ask('API token (ush_…)', { secret: true }));
    } finally {
      prompter.close();
    }
    if (!token) throw new CliError('No API token given: nothing was saved.');
    registerSecret(token);
    await verifyToken(clientFor({ url, token, appId: undefined, source: 'flags' }));
    config.profiles[opts.profile] = { url, token };
    config.current = opts.profile;
    writeConfig(path, config);
    if (opts.json) printJson({ profile: opts.profile, url, token: maskToken(token), path });
    else writeOut(`Logged in to ${url} with ${maskToken(token)}. Saved as profile "${opts.profile}" in ${path}.`);
  });

  withExamples(
    program
      .command('logout')
      .description('Forget a saved profile (default: the current one)')
      .option('--profile <name>', 'the profile to forget')
      .option('--json', 'print what was removed as JSON'),
    ['ushuru logout', 'ushuru logout --profile staging'],
  ).action((opts: { profile?: string; json?: boolean }) => {
    const path = configPath();
    const config = readConfig(path);
    const name = opts.profile ?? config.current ?? DEFAULT_PROFILE;
    if (!config.profiles[name]) throw new CliError(`No profile "${name}" in ${path}.`);
    delete config.profiles[name];
    if (config.current === name) {
      const next = Object.keys(config.profiles)[0];
      if (next === undefined) delete config.current;
      else config.current = next;
    }
    writeConfig(path, config);
    if (opts.json) printJson({ removed: name, current: config.current ?? null });
    else writeOut(`Removed profile "${name}".${config.current ? ` The current profile is now "${config.current}".` : ''}`);
  });

  withExamples(program.command('profiles').description('List the saved profiles (tokens masked)').option('--json', 'print JSON'), ['ushuru profiles']).action(
    (opts: { json?: boolean }) => {
      const config = readConfig(configPath());
      const rows = Object.entries(config.profiles).map(([name, p]) => ({ name, url: p.url, token: maskToken(p.token), current: name === config.current }));
      if (opts.json) printJson(rows);
      else if (rows.length === 0) writeOut('No profiles: run `ushuru login`.');
      else
        writeOut(
          formatTable(rows, [
            { header: '', value: (r) => (r.current ? '*' : ' ') },
            { header: 'PROFILE', value: (r) => r.name },
            { header: 'URL', value: (r) => r.url },
            { header: 'TOKEN', value: (r) => r.token },
          ]),
        );
    },
  );
}
