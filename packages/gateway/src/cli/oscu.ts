/**
 * `ushuru oscu credentials|revoke APP_ID`: the KRA-compatible OSCU endpoint of an eTIMS app, for an
 * existing OSCU integration (Odoo, ERPNext, a POS) to use by changing its base URL. The cmcKey and
 * client secret are printed once, when issued (issuing again rotates them). The SDK has no method
 * for these routes yet, so they go through `sdk.request`.
 */
import type { Command } from 'commander';
import { apiCommand, clientOf, type CommonFlags } from './command.js';
import { parseAppId } from './connection.js';
import { formatFields, printJson, writeOut } from './output.js';

interface IssuedView {
  app_id: number;
  legacy_base_url: string;
  gavaconnect_base_url: string;
  token_url: string;
  tin: string | null;
  bhf_id: string | null;
  dvc_srl_no: string | null;
  cmc_key: string;
  client_id: string;
  client_secret: string;
}

const path = (appId: number) => `/api/kra/apps/${appId}/oscu-credentials`;

export function registerOscuCommands(program: Command): void {
  const oscu = program.command('oscu').description("The KRA-compatible OSCU endpoint of an eTIMS app, for integrations written for KRA's OSCU API");

  apiCommand(
    oscu,
    'credentials <app-id>',
    'Issue (or rotate) the OSCU endpoint of an eTIMS app: base URLs, a virtual cmcKey and client credentials, shown once',
    ['ushuru oscu credentials 2', 'ushuru oscu credentials 2 --json > oscu-credentials.json'],
  )
    .addHelpText(
      'after',
      '\nPoint the integration at the legacy base URL (KRA host A) or the GavaConnect base URL (host B, with the\nclient id and secret at the token URL) and give it the cmcKey. Issuing again rotates the secrets.\n',
    )
    .action(async (appIdArg: string, opts: CommonFlags) => {
      const appId = parseAppId(appIdArg, 'APP_ID')!;
      const { sdk } = clientOf(opts);
      const issued = (await sdk.request<{ data: IssuedView }>('POST', path(appId), { body: {} })).data;
      if (opts.json) return printJson(issued);
      writeOut(
        [
          `OSCU endpoint credentials issued for app ${issued.app_id}.`,
          formatFields([
            ['Legacy base URL', issued.legacy_base_url],
            ['GavaConnect base URL', issued.gavaconnect_base_url],
            ['Token URL', issued.token_url],
            ['TIN / branch', `${issued.tin ?? '-'} / ${issued.bhf_id ?? '-'}`],
            ['Device serial', issued.dvc_srl_no],
            ['Client id', issued.client_id],
          ]),
          '',
          'Secrets (shown this once, never again; store them now, or run this again to rotate them):',
          '',
          `  cmcKey         ${issued.cmc_key}`,
          `  client secret  ${issued.client_secret}`,
          '',
        ].join('\n'),
      );
    });

  apiCommand(oscu, 'revoke <app-id>', 'Revoke the OSCU endpoint credentials of an eTIMS app: its cmcKey, client secret and tokens stop working', [
    'ushuru oscu revoke 2',
  ]).action(async (appIdArg: string, opts: CommonFlags) => {
    const appId = parseAppId(appIdArg, 'APP_ID')!;
    const { sdk } = clientOf(opts);
    const revoked = (await sdk.request<{ data: { app_id: number; revoked: boolean } }>('DELETE', path(appId))).data;
    if (opts.json) return printJson(revoked);
    writeOut(`OSCU endpoint credentials of app ${revoked.app_id} revoked: the integration's cmcKey and client secret no longer work.`);
  });
}
