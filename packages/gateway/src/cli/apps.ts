/**
 * `ushuru app add|list|show|test|update`: the tenant's KRA apps (developer.go.ke credentials, or one
 * eTIMS branch device each). Secrets go to the gateway, which seals them; they are never shown back.
 */
import type { Command } from 'commander';
import type { Body } from '@ushuru/sdk';
import { apiCommand, clientOf, collect, parseAssignments, parseChoice, type CommonFlags } from './command.js';
import { parseAppId } from './connection.js';
import { CliError, formatFields, formatTable, printJson, writeOut } from './output.js';
import { createPrompter } from './prompt.js';

const TYPES = ['portal', 'etims'] as const;
const ENVIRONMENTS = ['simulator', 'sandbox', 'production'] as const;

interface AppView {
  id: number;
  name: string;
  type: string;
  environment: string;
  is_active: boolean;
  last_used_at: string | null;
  created_at: string;
  settings?: Record<string, unknown>;
  tin?: string | null;
  bhf_id?: string | null;
  dvc_srl_no?: string | null;
  credentials_set?: string[];
  updated_at?: string;
}

interface AddFlags extends CommonFlags {
  name: string;
  environment: string;
  tin?: string;
  branch?: string;
  serial?: string;
  cmcKey?: string;
  consumerKey?: string;
  consumerSecret?: string;
  setting: string[];
  inactive?: boolean;
}

interface UpdateFlags extends CommonFlags {
  name?: string;
  environment?: string;
  activate?: boolean;
  deactivate?: boolean;
  setting: string[];
  cmcKey?: string;
  consumerKey?: string;
  consumerSecret?: string;
}

function appIdArgument(value: string): number {
  return parseAppId(value, 'ID')!;
}

function describeApp(app: AppView): string {
  return formatFields([
    ['ID', app.id],
    ['Name', app.name],
    ['Type', app.type],
    ['Environment', app.environment],
    ['Active', app.is_active ? 'yes' : 'no'],
    ['TIN / branch', app.type === 'etims' ? `${app.tin ?? '-'} / ${app.bhf_id ?? '-'}` : undefined],
    ['Device serial', app.type === 'etims' ? app.dvc_srl_no : undefined],
    ['Credentials set', app.credentials_set ? app.credentials_set.join(', ') || 'none' : undefined],
    ['Settings', app.settings && Object.keys(app.settings).length > 0 ? app.settings : undefined],
    ['Last used', app.last_used_at],
    ['Created', app.created_at],
  ]);
}

/** A secret from its flag, else asked for (not echoed) when a person is at the terminal. */
async function secretOrAsk(value: string | undefined, question: string, flag: string): Promise<string> {
  if (value) return value;
  if (!process.stdin.isTTY) throw new CliError(`${flag} is required.`);
  const prompter = createPrompter();
  try {
    return await prompter.ask(question, { secret: true });
  } finally {
    prompter.close();
  }
}

export function registerAppCommands(program: Command): void {
  const app = program.command('app').description('KRA apps: developer.go.ke credentials, or an eTIMS branch device');

  apiCommand(app, 'add <type>', 'Add a KRA app: `portal` (developer.go.ke consumer key/secret) or `etims` (TIN, branch, device serial)', [
    'ushuru app add etims --name "Main shop" --environment simulator --tin P052345678R --branch 00 --serial ushuru-sim-dvc-03',
    'ushuru app add portal --name checkers --environment simulator --consumer-key ushuru-sim-key --consumer-secret ushuru-sim-secret',
    'ushuru app add portal --name live --environment production   # asks for the key and secret',
  ])
    .requiredOption('--name <name>', 'a name for people')
    .requiredOption('--environment <env>', `KRA environment: ${ENVIRONMENTS.join(', ')}`)
    .option('--tin <pin>', 'eTIMS: the KRA PIN of the business')
    .option('--branch <id>', 'eTIMS: the branch id (bhfId), e.g. 00')
    .option('--serial <serial>', 'eTIMS: the device serial number KRA approved (dvcSrlNo)')
    .option('--cmc-key <key>', 'eTIMS: a cmcKey of a device initialized elsewhere (else run `ushuru etims init`)')
    .option('--consumer-key <key>', 'portal (or eTIMS over GavaConnect): the consumer key')
    .option('--consumer-secret <secret>', 'portal (or eTIMS over GavaConnect): the consumer secret (asked when missing)')
    .option('--setting <key=value>', 'an app setting (repeatable; JSON values are parsed)', collect, [])
    .option('--inactive', 'create it switched off')
    .action(async (typeArg: string, opts: AddFlags) => {
      const type = parseChoice('TYPE', typeArg, TYPES);
      const environment = parseChoice('--environment', opts.environment, ENVIRONMENTS);
      const settings = parseAssignments('--setting', opts.setting, { json: true });
      const { sdk } = clientOf(opts);
      let body: Record<string, unknown>;
      if (type === 'portal') {
        body = {
          type,
          name: opts.name,
          environment,
          consumer_key: await secretOrAsk(opts.consumerKey, 'Consumer key', '--consumer-key'),
          consumer_secret: await secretOrAsk(opts.consumerSecret, 'Consumer secret', '--consumer-secret'),
        };
      } else {
        for (const [flag, value] of [
          ['--tin', opts.tin],
          ['--branch', opts.branch],
          ['--serial', opts.serial],
        ] as const) {
          if (!value) throw new CliError(`${flag} is required for an eTIMS app.`);
        }
        body = {
          type,
          name: opts.name,
          environment,
          tin: opts.tin,
          bhf_id: opts.branch,
          dvc_srl_no: opts.serial,
          ...(opts.cmcKey ? { cmc_key: opts.cmcKey } : {}),
          ...(opts.consumerKey ? { consumer_key: opts.consumerKey } : {}),
          ...(opts.consumerSecret ? { consumer_secret: opts.consumerSecret } : {}),
        };
      }
      if (Object.keys(settings).length > 0) body.settings = settings;
      if (opts.inactive) body.is_active = false;
      const created = (await sdk.apps.create(body as Body<'/api/kra/apps', 'post'>)) as AppView;
      if (opts.json) return printJson(created);
      writeOut(`${describeApp(created)}\n`);
      writeOut(
        type === 'etims'
          ? `Next: initialize its device on KRA with \`ushuru etims init --app ${created.id}\`.`
          : `Next: check the credentials with \`ushuru app test ${created.id}\`.`,
      );
    });

  apiCommand(app, 'list', 'List the KRA apps of your tenant', ['ushuru app list', 'ushuru app list --json']).action(async (opts: CommonFlags) => {
    const { sdk } = clientOf(opts);
    const apps = (await sdk.apps.list()) as AppView[];
    if (opts.json) return printJson(apps);
    if (apps.length === 0) return writeOut('No KRA apps yet: add one with `ushuru app add`.');
    writeOut(
      formatTable(apps, [
        { header: 'ID', value: (a) => a.id, align: 'right' },
        { header: 'NAME', value: (a) => a.name },
        { header: 'TYPE', value: (a) => a.type },
        { header: 'ENVIRONMENT', value: (a) => a.environment },
        { header: 'ACTIVE', value: (a) => (a.is_active ? 'yes' : 'no') },
        { header: 'LAST USED', value: (a) => a.last_used_at },
      ]),
    );
  });

  apiCommand(app, 'show <id>', 'Show one KRA app: settings, device identifiers, which credentials are set (never their values)', ['ushuru app show 2']).action(
    async (id: string, opts: CommonFlags) => {
      const { sdk } = clientOf(opts);
      const shown = (await sdk.apps.get(appIdArgument(id))) as AppView;
      if (opts.json) return printJson(shown);
      writeOut(describeApp(shown));
    },
  );

  apiCommand(app, 'test <id>', "Check an app's credentials against its KRA environment", ['ushuru app test 1']).action(
    async (id: string, opts: CommonFlags) => {
      const { sdk } = clientOf(opts);
      const result = (await sdk.apps.test(appIdArgument(id))) as Record<string, unknown>;
      if (opts.json) return printJson(result);
      writeOut(formatFields(Object.entries(result).map(([k, v]) => [k.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()), v as unknown] as const)));
      if (result.status !== undefined && result.status !== 'connected') process.exitCode = 1;
    },
  );

  apiCommand(app, 'update <id>', 'Rename, switch on/off, change settings or replace credentials of a KRA app', [
    'ushuru app update 2 --name "Westlands branch"',
    'ushuru app update 2 --setting receipt_footer="Thank you" --setting training_mode=true',
    'ushuru app update 1 --deactivate',
  ])
    .option('--name <name>', 'a new name')
    .option('--environment <env>', `move it to another KRA environment: ${ENVIRONMENTS.join(', ')}`)
    .option('--activate', 'switch it on')
    .option('--deactivate', 'switch it off')
    .option('--setting <key=value>', 'set one setting, keeping the others (repeatable; JSON values are parsed; null removes)', collect, [])
    .option('--cmc-key <key>', 'replace the cmcKey')
    .option('--consumer-key <key>', 'replace the consumer key')
    .option('--consumer-secret <secret>', 'replace the consumer secret')
    .action(async (id: string, opts: UpdateFlags) => {
      const appId = appIdArgument(id);
      if (opts.activate && opts.deactivate) throw new CliError('Give --activate or --deactivate, not both.');
      const patch: Record<string, unknown> = {};
      if (opts.name !== undefined) patch.name = opts.name;
      if (opts.environment !== undefined) patch.environment = parseChoice('--environment', opts.environment, ENVIRONMENTS);
      if (opts.activate) patch.is_active = true;
      if (opts.deactivate) patch.is_active = false;
      if (opts.cmcKey !== undefined) patch.cmc_key = opts.cmcKey;
      if (opts.consumerKey !== undefined) patch.consumer_key = opts.consumerKey;
      if (opts.consumerSecret !== undefined) patch.consumer_secret = opts.consumerSecret;
      const { sdk } = clientOf(opts);
      if (opts.setting.length > 0) {
        // The gateway replaces the settings object whole: merge into the current one so other settings stay.
        const current = ((await sdk.apps.get(appId)) as AppView).settings ?? {};
        const merged: Record<string, unknown> = { ...current, ...parseAssignments('--setting', opts.setting, { json: true }) };
        for (const [key, value] of Object.entries(merged)) if (value === null) delete merged[key];
        patch.settings = merged;
      }
      if (Object.keys(patch).length === 0)
        throw new CliError(
          'Nothing to update: give at least one of --name, --environment, --activate, --deactivate, --setting, --cmc-key, --consumer-key, --consumer-secret.',
        );
      const updated = (await sdk.apps.update(appId, patch as Body<'/api/kra/apps/{id}', 'patch'>)) as AppView;
      if (opts.json) return printJson(updated);
      writeOut(describeApp(updated));
    });
}
