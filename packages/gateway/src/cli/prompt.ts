/**
 * Questions on the terminal (or answers piped on stdin, one per line, for scripts and tests).
 * Prompts go to stderr so that stdout stays the command's result. A secret's keystrokes are not
 * echoed: the readline interface writes through a stream that is muted while a secret is typed.
 */
import { createInterface, type Interface } from 'node:readline';
import { Writable } from 'node:stream';
import { CliError } from './output.js';

export interface Prompter {
  ask(question: string, options?: { secret?: boolean; default?: string }): Promise<string>;
  close(): void;
}

/** A prompter on stdin/stderr. */
export function createPrompter(input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Prompter {
  let muted = false;
  const echo = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (!muted) output.write(chunk);
      callback();
    },
  });
  const terminal = (input as NodeJS.ReadStream).isTTY === true;
  const rl: Interface = createInterface({ input, output: echo, terminal });
  // Lines may arrive before they are asked for (a pipe delivers them at once): queue them.
  const lines: string[] = [];
  const waiting: Array<(line: string | undefined) => void> = [];
  let closed = false;
  rl.on('line', (line) => {
    const next = waiting.shift();
    if (next) next(line);
    else lines.push(line);
  });
  rl.on('close', () => {
    closed = true;
    for (const next of waiting.splice(0)) next(undefined);
  });

  return {
    async ask(question, options = {}) {
      const suffix = options.default ? ` [${options.default}]` : '';
      output.write(`${question}${suffix}: `);
      muted = options.secret === true && terminal;
      const line = lines.length > 0 ? lines.shift() : closed ? undefined : await new Promise<string | undefined>((resolve) => waiting.push(resolve));
      muted = false;
      // A terminal echoed the answer and its newline (but not a secret's); piped answers are not echoed.
      if (options.secret || !terminal) output.write('\n');
      if (line === undefined) {
        if (options.default !== undefined) return options.default;
        throw new CliError(`No answer to "${question}" (stdin ended).`);
      }
      const answer = line.trim();
      return answer === '' && options.default !== undefined ? options.default : answer;
    },
    close() {
      rl.close();
    },
  };
}
