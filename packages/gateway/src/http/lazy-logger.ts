/**
 * Fastify gives every request a child logger bound to its request id. Making one with pino
 * (bindings serialised, redaction set up) was over 2 % of the gateway's CPU per request, although
 * most requests never write a line: this child is made only when a line is actually written.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Bindings, ChildLoggerOptions, Level, Logger } from 'pino';

class LazyChildLogger {
  #real: Logger | undefined;

  constructor(
    private readonly parent: Logger,
    private readonly childBindings: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {}

  #logger(): Logger {
    return (this.#real ??= this.parent.child(this.childBindings, this.options));
  }

  #write(level: Level, args: unknown[]): void {
    // A level that is off costs nothing: no child is made for it.
    if (!this.#real && !this.parent.isLevelEnabled(level)) return;
    (this.#logger()[level] as (...a: unknown[]) => void)(...args);
  }

  fatal(...args: unknown[]): void {
    this.#write('fatal', args);
  }
  error(...args: unknown[]): void {
    this.#write('error', args);
  }
  warn(...args: unknown[]): void {
    this.#write('warn', args);
  }
  info(...args: unknown[]): void {
    this.#write('info', args);
  }
  debug(...args: unknown[]): void {
    this.#write('debug', args);
  }
  trace(...args: unknown[]): void {
    this.#write('trace', args);
  }
  silent(): void {}

  child(bindings: Bindings, options?: ChildLoggerOptions): Logger {
    return this.#logger().child(bindings, options);
  }
  bindings(): Bindings {
    return this.#logger().bindings();
  }
  isLevelEnabled(level: string): boolean {
    return (this.#real ?? this.parent).isLevelEnabled(level);
  }
  get level(): string {
    return (this.#real ?? this.parent).level;
  }
  set level(value: string) {
    this.#logger().level = value;
  }
}

/** `childLoggerFactory` for Fastify: the pino child of `parent`, created on first use. */
export function lazyChildLogger(parent: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
  return new LazyChildLogger(parent as Logger, bindings, options) as unknown as FastifyBaseLogger;
}
