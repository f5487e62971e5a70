/**
 * The process logger. Secrets are redacted by key wherever they appear in a logged object, as a
 * second line of defence behind the rule that secrets are never passed to the logger at all.
 */
import { pino, type DestinationStream, type Logger } from 'pino';

/** Keys whose values are never written to a log line. */
export const REDACTED_KEYS = [
  'authorization',
  'consumer_key',
  'consumer_secret',
  'consumerKey',
  'consumerSecret',
  'cmc_key',
  'cmcKey',
  'cmckey',
  'token',
  'access_token',
  'password',
  'pwd',
  'secret',
  'secrets',
  'master_key',
];

/** Creates the logger at `level`, writing to `destination` (stdout by default; tests capture it). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const paths = [
    ...REDACTED_KEYS,
    ...REDACTED_KEYS.map((k) => `*.${k}`),
    ...REDACTED_KEYS.map((k) => `*.*.${k}`),
    'req.headers.authorization',
    'req.headers.cmckey',
    'req.headers["x-kra-consumer-secret"]',
  ];
  return pino({ level, redact: { paths, censor: '[redacted]' } }, destination);
}
