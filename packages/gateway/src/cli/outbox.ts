/**
 * `ushuru outbox status`, `ushuru outbox retry REF`: what waits for KRA on a branch, and sending a
 * waiting document now instead of after its backoff.
 */
import type { Command } from 'commander';
import { apiCommand, clientOf, type CommonFlags } from './command.js';
import { describeDocument, type DocumentView } from './documents.js';
import { formatFields, printJson, writeOut } from './output.js';

interface OutboxView {
  app_id: number;
  depth: number;
  by_status: Record<string, number>;
  last_invoice_number: number | null;
  sending_now: boolean;
  oldest_waiting: { id: number; trader_invoice_number?: string; status?: string; created_at?: string; next_attempt_at?: string | null } | null;
}

export function registerOutboxCommands(program: Command): void {
  const outbox = program.command('outbox').description("The eTIMS outbox: documents stored and waiting for KRA's signature");

  apiCommand(outbox, 'status', "A branch's outbox: documents waiting per status, the oldest one, KRA's invoice counter", [
    'ushuru outbox status --app 2',
    'ushuru outbox status --json',
  ]).action(async (opts: CommonFlags) => {
    const { sdk } = clientOf(opts);
    const view = (await sdk.etims.outbox()) as unknown as OutboxView;
    if (opts.json) return printJson(view);
    const oldest = view.oldest_waiting;
    writeOut(
      formatFields([
        ['App', view.app_id],
        ['Waiting', view.depth === 0 ? '0: every document has been signed or rejected' : view.depth],
        ...Object.entries(view.by_status).map(([status, n]) => [`  ${status}`, n] as const),
        [
          'Oldest waiting',
          oldest ? `${oldest.id} ${oldest.trader_invoice_number ?? ''} (${oldest.status ?? 'waiting'} since ${oldest.created_at ?? '?'})` : undefined,
        ],
        ['Last KRA invoice', view.last_invoice_number],
        ['Sending now', view.sending_now ? 'yes' : 'no'],
      ]),
    );
  });

  apiCommand(outbox, 'retry <ref>', 'Send a waiting sale (or --credit-note) now; the documents queued before it on its branch go first', [
    'ushuru outbox retry INV-1001',
    'ushuru outbox retry CN-7 --credit-note --json',
  ])
    .option('--credit-note', 'REF is a credit note')
    .action(async (ref: string, opts: CommonFlags & { creditNote?: boolean }) => {
      const { sdk } = clientOf(opts);
      const documents = opts.creditNote ? sdk.etims.creditNotes : sdk.etims.sales;
      const doc = (await documents.retry(ref)) as unknown as DocumentView;
      if (opts.json) return printJson(doc);
      writeOut(describeDocument(doc));
    });
}
