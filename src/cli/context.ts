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
  const ctx: Context = {
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
