/** `ushuru sim`: the offline KRA simulator on its own, with faults switchable from the command line. */
import type { Command } from 'commander';
import {
  isSequenceMode,
  isVatConvention,
  SEQUENCE_MODES,
  startSimulator,
  VAT_CONVENTIONS,
  type FaultRuleInput,
  type SequenceMode,
  type VatConvention,
} from '@ushuru/simulator';

interface SimOptions {
  port: string;
  host: string;
  seed: string;
  tokenTtl: string;
  vatConvention: string;
  sequence: string;
  creditNoteWindow: string;
  maxCreditNotes: string;
  stockBeforeSale?: boolean;
  latency?: string;
  errorRate?: string;
  errorKind?: string;
  route?: string;
  outage?: boolean;
  rateLimit?: string;
  fault: string[];
}

export function registerSimCommand(program: Command): void {
  program
    .command('sim')
    .description('Run the offline KRA simulator (developer.go.ke portal + eTIMS OSCU hosts A and B)')
    .option('--port <port>', 'port to listen on', '9000')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--seed <n>', 'seed for deterministic answers', '1')
    .option('--token-ttl <seconds>', 'lifetime of issued OAuth tokens', '3599')
    .option(
      '--vat-convention <mode>',
      'how sale/purchase/stock lines must split VAT: inclusive (taxable = price / (1 + rate)), exclusive (VAT on top), or either; changeable via POST /__sim/settings',
      'either',
    )
    .option(
      '--sequence <mode>',
      `document numbers: strict (only the branch's next number, as KRA) or unique (any unused number); one of ${SEQUENCE_MODES.join(', ')}`,
      'strict',
    )
    .option('--credit-note-window <months>', 'credit notes only this many months after the sale, or "none"', '6')
    .option('--max-credit-notes <n>', 'credit notes a sale may have, or "none"', 'none')
    .option('--stock-before-sale', 'refuse sales of goods beyond the stock booked with insertStockIO, as KRA does')
    .option('--route <id>', 'route id or prefix the fault flags below apply to (e.g. portal., oscuA.saveTrnsSalesOsdc); default every route')
    .option('--latency <ms>', 'add this latency to every call')
    .option('--error-rate <0..1>', 'fail this share of calls')
    .option('--error-kind <kind>', 'how calls fail: http500, http503, reset, hang, invalidCredentials', undefined)
    .option('--outage', 'every call fails (HTTP 503) until the rule is removed through /__sim/faults')
    .option('--rate-limit <kind>', 'refuse every call: http429 or oscu990')
    .option('--fault <json>', 'a full fault rule as JSON (repeatable), as POST /__sim/faults takes it', (v: string, all: string[]) => [...all, v], [])
    .action(async (opts: SimOptions) => {
      const port = parseIntOption('--port', opts.port, 0, 65535);
      const seed = parseIntOption('--seed', opts.seed, -2147483648, 2147483647);
      const tokenTtlSeconds = parseIntOption('--token-ttl', opts.tokenTtl, 1, 86400 * 30);
      const vatConvention = parseVatConvention(opts.vatConvention);
      const documentRules = parseDocumentRules(opts);
      const rules = faultRulesFrom(opts);
      const sim = await startSimulator({ port, host: opts.host, seed, tokenTtlSeconds, vatConvention, ...documentRules });
      try {
        for (const rule of rules) sim.control.addFault(rule);
      } catch (err) {
        await sim.stop();
        throw err;
      }
      console.log(
        `KRA simulator listening on ${sim.url} (seed ${seed}, token TTL ${tokenTtlSeconds} s, VAT convention ${vatConvention}). Control API: ${sim.url}/__sim/stats`,
      );
      for (const rule of sim.control.listFaults()) console.log(`  fault ${rule.id}: ${JSON.stringify(rule)}`);
      const stop = () => void sim.stop().then(() => process.exit(0));
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    });
}

/** Turns the fault flags into rules; each bad value names its flag. */
export function faultRulesFrom(opts: Pick<SimOptions, 'latency' | 'errorRate' | 'errorKind' | 'route' | 'outage' | 'rateLimit' | 'fault'>): FaultRuleInput[] {
  const rules: FaultRuleInput[] = [];
  const route = opts.route ? { route: opts.route } : {};
  const single: FaultRuleInput = { ...route };
  if (opts.latency !== undefined) single.latencyMs = parseIntOption('--latency', opts.latency, 0, 600_000);
  if (opts.errorRate !== undefined) {
    const rate = Number(opts.errorRate);
    if (!(rate >= 0 && rate <= 1)) throw new Error(`--error-rate must be a number from 0 to 1, got "${opts.errorRate}"`);
    single.errorRate = rate;
  }
  if (opts.errorKind !== undefined) {
    const kinds = ['http500', 'http503', 'reset', 'hang', 'invalidCredentials'];
    if (!kinds.includes(opts.errorKind)) throw new Error(`--error-kind must be one of ${kinds.join(', ')}, got "${opts.errorKind}"`);
    single.errorKind = opts.errorKind as FaultRuleInput['errorKind'];
  }
  if (opts.outage) single.outage = { enabled: true };
  if (opts.rateLimit !== undefined) {
    if (opts.rateLimit !== 'http429' && opts.rateLimit !== 'oscu990') throw new Error(`--rate-limit must be http429 or oscu990, got "${opts.rateLimit}"`);
    single.rateLimit = { kind: opts.rateLimit };
  }
  if (Object.keys(single).length > Object.keys(route).length) rules.push(single);
  for (const json of opts.fault) {
    try {
      rules.push(JSON.parse(json) as FaultRuleInput);
    } catch {
      throw new Error(`--fault must be a JSON object, got ${json}`);
    }
  }
  return rules;
}

/** The document-rule flags as simulator options; an error names the bad flag. */
export function parseDocumentRules(opts: Pick<SimOptions, 'sequence' | 'creditNoteWindow' | 'maxCreditNotes' | 'stockBeforeSale'>): {
  sequence: SequenceMode;
  creditNoteWindowMonths: number | null;
  maxCreditNotesPerSale: number | null;
  stockBeforeSale: boolean;
} {
  if (!isSequenceMode(opts.sequence)) throw new Error(`--sequence must be one of ${SEQUENCE_MODES.join(', ')}, got "${opts.sequence}"`);
  const countOrNone = (flag: string, value: string) => (value === 'none' ? null : parseIntOption(flag, value, 1, 1200));
  return {
    sequence: opts.sequence,
    creditNoteWindowMonths: countOrNone('--credit-note-window', opts.creditNoteWindow),
    maxCreditNotesPerSale: countOrNone('--max-credit-notes', opts.maxCreditNotes),
    stockBeforeSale: opts.stockBeforeSale === true,
  };
}

/** The `--vat-convention` value, or an error naming the flag and the allowed values. */
export function parseVatConvention(value: string): VatConvention {
  if (!isVatConvention(value)) throw new Error(`--vat-convention must be one of ${VAT_CONVENTIONS.join(', ')}, got "${value}"`);
  return value;
}

function parseIntOption(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer from ${min} to ${max}, got "${value}"`);
  return n;
}
