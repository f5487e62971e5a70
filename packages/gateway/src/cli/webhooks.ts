/**
 * `ushuru webhook add|list|show|delete|test|deliveries|resend`: the tenant's webhook endpoints
 * (scope admin). The signing secret is printed once, by `add` (the gateway shows it only then);
 * every other command shows endpoints without it.
 */
import type { Command } from 'commander';
import type { Body } from '@ushuru/sdk';
import { WEBHOOK_EVENTS } from '../webhooks/events.js';
import { apiCommand, clientOf, parseChoice, type CommonFlags } from './command.js';
import { parseId, parseList } from './file-input.js';
import { CliError, formatFields, formatTable, printJson, writeOut } from './output.js';

interface WebhookView {
  id: number;
  url: string;
  description: string | null;
  events: string[];
  is_active: boolean;
  created_at: string;
}

interface DeliveryView {
  id: number;
  event: string;
  event_id: string;
  status: string;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  next_attempt_at: string | null;
  created_at: string;
  delivered_at: string | null;
}

interface AttemptView {
  id: number;
  status: string;
  attempts?: number;
  last_status_code: number | null;
  last_error: string | null;
}

function describeWebhook(w: WebhookView): string {
  return formatFields([
    ['ID', w.id],
    ['URL', w.url],
    ['Description', w.description ?? undefined],
    ['Events', w.events.join(', ')],
    ['Active', w.is_active ? 'yes' : 'no'],
    ['Created', w.created_at],
  ]);
}

function describeAttempt(what: string, a: AttemptView): string {
  const answer = a.last_status_code !== null ? `HTTP ${a.last_status_code}` : (a.last_error ?? 'no answer yet');
  return `${what}: delivery ${a.id} ${a.status} (${answer}${a.last_error && a.last_status_code !== null ? `, ${a.last_error}` : ''}).`;
}

/** A delivery that has not (yet) reached the endpoint makes the command fail, so scripts notice. */
function failUnlessDelivered(a: AttemptView): void {
  if (a.status !== 'delivered') process.exitCode = 1;
}

export function registerWebhookCommands(program: Command): void {
  const webhook = program.command('webhook').description('Webhook endpoints: add (secret shown once), list, show, delete, test, deliveries');

  apiCommand(webhook, 'add <url>', 'Add a webhook endpoint; its signing secret is printed this once, store it then', [
    'ushuru webhook add https://erp.example.com/hooks/ushuru --events document.signed,document.rejected',
    `ushuru webhook add https://erp.example.com/hooks/ushuru --events ${WEBHOOK_EVENTS.join(',')} --description ERP --json`,
  ])
    .requiredOption('--events <list>', `comma-separated events: ${WEBHOOK_EVENTS.join(', ')}`)
    .option('--description <text>', 'a label for people')
    .addHelpText(
      'after',
      '\nEach delivery is signed: Ushuru-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body"> with the secret (see the SDK\'s verifyWebhook).\n',
    )
    .action(async (url: string, opts: CommonFlags & { events: string; description?: string }) => {
      const events = parseList(opts.events).map((e) => parseChoice('--events', e, WEBHOOK_EVENTS));
      if (events.length === 0) throw new CliError(`--events must name at least one of ${WEBHOOK_EVENTS.join(', ')}.`);
      const { sdk } = clientOf(opts);
      const body = { url, events: [...new Set(events)], ...(opts.description ? { description: opts.description } : {}) };
      const created = (await sdk.webhooks.create(body as Body<'/api/webhooks', 'post'>)) as unknown as WebhookView & { secret: string };
      if (opts.json) return printJson(created);
      const { secret, ...shown } = created;
      writeOut(
        `Webhook ${created.id} added.\n${describeWebhook(shown)}\n\nSigning secret (shown this once, never again; store it now to verify Ushuru-Signature):\n\n  ${secret}\n`,
      );
    });

  apiCommand(webhook, 'list', 'List webhook endpoints (never their secrets)', ['ushuru webhook list', 'ushuru webhook list --json']).action(
    async (opts: CommonFlags) => {
      const { sdk } = clientOf(opts);
      const hooks = (await sdk.webhooks.list()) as unknown as WebhookView[];
      if (opts.json) return printJson(hooks);
      if (hooks.length === 0) return writeOut('No webhooks. Add one with `ushuru webhook add URL --events document.signed`.');
      writeOut(
        formatTable(hooks, [
          { header: 'ID', value: (w) => w.id, align: 'right' },
          { header: 'URL', value: (w) => w.url },
          { header: 'EVENTS', value: (w) => w.events.join(',') },
          { header: 'ACTIVE', value: (w) => (w.is_active ? 'yes' : 'no') },
          { header: 'DESCRIPTION', value: (w) => w.description },
          { header: 'CREATED', value: (w) => w.created_at },
        ]),
      );
    },
  );

  apiCommand(webhook, 'show <id>', 'One webhook endpoint (without its secret)', ['ushuru webhook show 1']).action(async (id: string, opts: CommonFlags) => {
    const { sdk } = clientOf(opts);
    const hook = (await sdk.webhooks.get(parseId('ID', id))) as unknown as WebhookView;
    if (opts.json) return printJson(hook);
    writeOut(describeWebhook(hook));
  });

  apiCommand(webhook, 'delete <id>', 'Delete a webhook endpoint and its delivery log', ['ushuru webhook delete 1']).action(
    async (id: string, opts: CommonFlags) => {
      const { sdk } = clientOf(opts);
      const deleted = await sdk.webhooks.delete(parseId('ID', id));
      if (opts.json) return printJson(deleted);
      writeOut(`Webhook ${id} deleted.`);
    },
  );

  apiCommand(webhook, 'test <id>', 'Send a webhook.test event to the endpoint now; exits 1 unless it was delivered', [
    'ushuru webhook test 1',
    'ushuru webhook test 1 --json',
  ]).action(async (id: string, opts: CommonFlags) => {
    const { sdk } = clientOf(opts);
    const attempt = (await sdk.webhooks.test(parseId('ID', id))) as AttemptView;
    failUnlessDelivered(attempt);
    if (opts.json) return printJson(attempt);
    writeOut(describeAttempt('Test event sent', attempt));
  });

  apiCommand(webhook, 'deliveries <id>', 'The delivery log of an endpoint, newest first', [
    'ushuru webhook deliveries 1',
    'ushuru webhook deliveries 1 --json',
  ]).action(async (id: string, opts: CommonFlags) => {
    const { sdk } = clientOf(opts);
    const rows = (await sdk.webhooks.deliveries(parseId('ID', id))) as unknown as DeliveryView[];
    if (opts.json) return printJson(rows);
    if (rows.length === 0) return writeOut('No deliveries yet. Send one with `ushuru webhook test ID`.');
    writeOut(
      formatTable(rows, [
        { header: 'ID', value: (d) => d.id, align: 'right' },
        { header: 'EVENT', value: (d) => d.event },
        { header: 'STATUS', value: (d) => d.status },
        { header: 'ATTEMPTS', value: (d) => d.attempts, align: 'right' },
        { header: 'HTTP', value: (d) => d.last_status_code, align: 'right' },
        { header: 'ERROR', value: (d) => d.last_error },
        { header: 'NEXT ATTEMPT', value: (d) => d.next_attempt_at },
        { header: 'CREATED', value: (d) => d.created_at },
      ]),
    );
  });

  apiCommand(webhook, 'resend <id> <delivery>', 'Send one delivery again now (same event id and body, signed anew); exits 1 unless delivered', [
    'ushuru webhook resend 1 42',
  ]).action(async (id: string, delivery: string, opts: CommonFlags) => {
    const { sdk } = clientOf(opts);
    const attempt = (await sdk.webhooks.resend(parseId('ID', id), parseId('DELIVERY', delivery))) as AttemptView;
    failUnlessDelivered(attempt);
    if (opts.json) return printJson(attempt);
    writeOut(describeAttempt('Resent', attempt));
  });
}
