/**
 * A progress bar on stderr, drawn only when stderr is a terminal: redrawn bars in a log file or a CI
 * transcript are noise, so elsewhere it stays silent and the command's summary says what happened.
 */
import { Presets, SingleBar } from 'cli-progress';

export interface Progress {
  start(total: number, payload?: Record<string, unknown>): void;
  /** Sets the bar to `value` of `total` (when the total is learnt along the way). */
  update(value: number, payload?: Record<string, unknown>, total?: number): void;
  increment(payload?: Record<string, unknown>): void;
  stop(): void;
}

const SILENT: Progress = { start() {}, update() {}, increment() {}, stop() {} };

/** `format` in cli-progress's syntax, e.g. ` {bar} {value}/{total} | {label}`. */
export function progressBar(format: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return SILENT;
  const bar = new SingleBar({ format, stream, hideCursor: true, clearOnComplete: false }, Presets.shades_classic);
  return {
    start: (total, payload = {}) => bar.start(total, 0, payload),
    update: (value, payload = {}, total) => {
      if (total !== undefined) bar.setTotal(total);
      bar.update(value, payload);
    },
    increment: (payload = {}) => bar.increment(1, payload),
    stop: () => bar.stop(),
  };
}
