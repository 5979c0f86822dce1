import { maskKey } from '../client/mask-key.js';
import { InterruptedError } from './errors.js';

export interface Output {
  write(text: string): void;
  readonly isTTY: boolean;
  readonly columns: number;
}

/** Everything a command may touch; tests build their own. */
export interface Context {
  stdout: Output;
  stderr: Output;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  /** The raw streams prompts and spinners draw on: the terminal, with stdout left to data. */
  terminal: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream };
  env: Record<string, string | undefined>;
  /** Aborted on Ctrl-C: requests in flight stop at once. */
  signal: AbortSignal;
  now: () => number;
  /** A secret in use: from now on it is masked in everything printed. */
  addSecret(secret: string): void;
  /** Work to do before the process ends (closing kept-alive connections). */
  onDispose(fn: () => Promise<void> | void): void;
  dispose(): Promise<void>;
}

/** Replaces every secret in the text with its masked form: the last guard against a leak. */
export function redactSecrets(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 8 && out.includes(secret)) out = out.split(secret).join(maskKey(secret));
  }
  return out;
}

export function createProcessContext(): Context {
  // Registered before anything runs, so even a crash before the client exists cannot print it.
  const secrets = new Set<string>(process.env.REVKEEN_API_KEY ? [process.env.REVKEEN_API_KEY.trim()] : []);
  const disposers: (() => Promise<void> | void)[] = [];
  const interrupt = new AbortController();
  // Streams are touched only when used: creating process.stdin alone costs milliseconds at start-up.
  const wrap = (stream: () => NodeJS.WriteStream): Output => ({
    write: (text) => void stream().write(redactSecrets(text, secrets)),
    get isTTY() {
      return stream().isTTY === true;
    },
    get columns() {
      return stream().columns || 80;
    },
  });
  process.once('SIGINT', () => {
    interrupt.abort(new InterruptedError());
    // A second Ctrl-C means now, whatever is still running.
    process.once('SIGINT', () => process.exit(130));
  });
  return {
    stdout: wrap(() => process.stdout),
    stderr: wrap(() => process.stderr),
    get stdin() {
      return process.stdin;
    },
    terminal: {
      get input() {
        return process.stdin;
      },
      get output() {
        return process.stderr;
      },
    },
    env: process.env,
    signal: interrupt.signal,
    now: Date.now,
    addSecret: (secret) => void secrets.add(secret),
    onDispose: (fn) => void disposers.push(fn),
    dispose: async () => {
      await Promise.allSettled(disposers.splice(0).map((fn) => fn()));
    },
  };
}
