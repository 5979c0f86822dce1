import { fstatSync, writeSync } from 'node:fs';
import type { CheckoutSessionsApi } from '../client/checkout-sessions.js';
import type { RetryInfo } from '../client/transport.js';
import { secretForms } from '../client/api-key.js';
import type { Credentials } from '../config/resolve-credentials.js';
import type { Globals } from './globals.js';

export interface Output {
  write(text: string): void;
  readonly isTTY: boolean;
  readonly columns: number;
}

/** What a command needs of the API; the real client, or a scripted one in tests. */
export interface ApiClient {
  readonly checkoutSessions: CheckoutSessionsApi;
}

export interface ConnectOptions {
  /** Already resolved (create reads the profile's defaults first). */
  credentials?: Credentials;
  /** Most connections kept open at once (a batch's concurrency). */
  connections?: number;
  onRetry?: (info: RetryInfo) => void;
}

/** Everything a command may touch; tests build their own. */
export interface Context {
  stdout: Output;
  stderr: Output;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  /** The raw streams prompts and spinners draw on: the terminal, with stdout left to data. */
  terminal: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream };
  env: Record<string, string | undefined>;
  /** Aborted on Ctrl-C or SIGTERM (its reason an InterruptedError): stop, report, leave. */
  signal: AbortSignal;
  now: () => number;
  /** The API client for this invocation, as the global options and credentials say (as gh's Factory.HttpClient). */
  connect(globals: Globals, options?: ConnectOptions): Promise<ApiClient>;
  /** Which API this invocation talks to and why, once a client exists: network errors name it. */
  api?: { baseUrl: string; source: string };
  /** A secret in use: from now on it is masked in everything printed. */
  addSecret(secret: string): void;
  /** Work to do before the process ends (closing kept-alive connections). */
  onDispose(fn: () => Promise<void> | void): void;
  dispose(): Promise<void>;
}

/** Replaces every secret in the text, as it is or JSON-escaped, with its masked form: the last guard against a leak. */
export function redactSecrets(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 8) continue;
    for (const [form, masked] of secretForms(secret)) if (out.includes(form)) out = out.split(form).join(masked);
  }
  return out;
}

/** The context of a real process; `stop` is aborted by the bin's signal handlers. */
export function createProcessContext(stop: AbortSignal): Context {
  // Registered before anything runs, so even a crash before the client exists cannot print it.
  const secrets = new Set<string>(process.env.REVKEEN_API_KEY ? [process.env.REVKEEN_API_KEY.trim()] : []);
  const disposers: (() => Promise<void> | void)[] = [];
  const stdout = processOutput(1, () => process.stdout, secrets);
  const stderr = processOutput(2, () => process.stderr, secrets);
  const ctx: Context = {
    stdout,
    stderr,
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
    signal: stop,
    now: Date.now,
    connect: async (globals, options) => (await import('./api.js')).connect(ctx, globals, options),
    addSecret: (secret) => void secrets.add(secret),
    onDispose: (fn) => void disposers.push(fn),
    dispose: async () => {
      await Promise.allSettled(disposers.splice(0).map((fn) => fn()));
    },
  };
  return ctx;
}

/**
 * stdout or stderr, masked. Creating process.stdout costs about 3 ms of a start (it loads the
 * stream modules, as node:tty does), so a pipe or file is written straight to its descriptor until
 * a write cannot be (a full non-blocking pipe, a reader gone): from then on the stream takes it
 * all, in order, with its usual errors. Only a character device can be a terminal.
 */
export function processOutput(
  fd: number,
  stream: () => NodeJS.WriteStream,
  secrets: Set<string>,
  writeFd: (fd: number, bytes: Buffer, offset: number) => number = writeSync,
): Output {
  let device: boolean | undefined;
  const maybeTerminal = () => (device ??= isCharacterDevice(fd));
  let streaming = false;
  return {
    write: (text) => {
      const bytes = Buffer.from(redactSecrets(text, secrets));
      let written = 0;
      if (!streaming && !maybeTerminal()) {
        try {
          while (written < bytes.length) written += writeFd(fd, bytes, written);
          return;
        } catch {
          streaming = true;
        }
      }
      stream().write(bytes.subarray(written));
    },
    get isTTY() {
      return maybeTerminal() && stream().isTTY === true;
    },
    get columns() {
      return (this.isTTY && stream().columns) || 80;
    },
  };
}

function isCharacterDevice(fd: number): boolean {
  try {
    return fstatSync(fd).isCharacterDevice();
  } catch {
    return false;
  }
}
