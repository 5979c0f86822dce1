import { PassThrough } from 'node:stream';
import type { CheckoutSessionsApi } from '../../src/client/checkout-sessions.js';
import type { ApiResponse, CheckoutSession, CheckoutSessionExpired } from '../../src/client/session.js';
import { normalizeSession } from '../../src/client/session.js';
import { connect } from '../../src/cli/api.js';
import { redactSecrets, type ApiClient, type ConnectOptions, type Context, type Output } from '../../src/cli/context.js';
import { main } from '../../src/cli/main.js';

export interface InProcessRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface TestContextOptions {
  env?: Record<string, string | undefined>;
  /** What stdin holds (for --from-file - and --api-key-stdin). */
  stdin?: string;
  /** The client commands get; without one, the real client for the env's key and base URL. */
  client?: ApiClient;
  /** Aborted to play Ctrl-C or SIGTERM. */
  stop?: AbortController;
  tty?: boolean;
  /** The streams prompts draw on (a scripted terminal); by default stdin and a sink. */
  terminal?: Context['terminal'];
  /** Told what a command asked of its connection (concurrency, the retry callback). */
  onConnect?: (options: ConnectOptions) => void;
}

/** A context as a command sees it, with everything it prints collected and every secret masked. */
export function testContext(options: TestContextOptions = {}): { ctx: Context; stdout: () => string; stderr: () => string } {
  const secrets = new Set<string>(options.env?.REVKEEN_API_KEY ? [options.env.REVKEEN_API_KEY] : []);
  const collect = () => {
    let text = '';
    const output: Output = { write: (t) => void (text += redactSecrets(t, secrets)), isTTY: options.tty ?? false, columns: 100 };
    return { output, read: () => text };
  };
  const out = collect();
  const err = collect();
  const stdin = Object.assign(new PassThrough(), { isTTY: options.tty ?? false });
  stdin.end(options.stdin ?? '');
  const disposers: (() => unknown)[] = [];
  const ctx: Context = {
    stdout: out.output,
    stderr: err.output,
    stdin,
    terminal: options.terminal ?? { input: stdin, output: new PassThrough() },
    env: { TERM: 'dumb', ...options.env },
    signal: (options.stop ?? new AbortController()).signal,
    now: Date.now,
    connect: async (globals, connectOptions) => {
      options.onConnect?.(connectOptions ?? {});
      return options.client ?? connect(ctx, globals, connectOptions);
    },
    addSecret: (s) => void secrets.add(s),
    onDispose: (fn) => void disposers.push(fn),
    dispose: async () => void (await Promise.all(disposers.splice(0).map((fn) => fn()))),
  };
  return { ctx, stdout: out.read, stderr: err.read };
}

/** Runs one command line in this process, through main, as the bin would. */
export async function runInProcess(argv: string[], options: TestContextOptions = {}): Promise<InProcessRun> {
  const { ctx, stdout, stderr } = testContext(options);
  const code = await main(argv, ctx);
  return { code, stdout: stdout(), stderr: stderr() };
}

type Handler<A extends unknown[], R> = (...args: A) => Promise<R> | R;

export interface ScriptedCall {
  method: 'create' | 'get' | 'expire';
  id?: string;
  idempotencyKey?: string;
}

/** A client whose every answer the test writes; it records the calls it was given. */
export function scriptedClient(script: {
  create?: Handler<[Record<string, unknown>], Record<string, unknown>>;
  get?: Handler<[string, AbortSignal | undefined], Record<string, unknown>>;
  expire?: Handler<[string, AbortSignal | undefined], Record<string, unknown>>;
}): ApiClient & { calls: ScriptedCall[] } {
  const calls: ScriptedCall[] = [];
  const respond = <T>(data: Record<string, unknown>, wrap: (raw: Record<string, unknown>) => T): ApiResponse<T> => ({
    data: wrap(data),
    requestId: `req_${String(data.id ?? 'x')}`,
    body: { data, requestId: `req_${String(data.id ?? 'x')}` },
    status: 200,
    replayed: false,
  });
  const missing = (what: string) => () => {
    throw new Error(`the test scripted no ${what}`);
  };
  const sessions: CheckoutSessionsApi = {
    async create(params, opts = {}) {
      calls.push({ method: 'create', idempotencyKey: opts.idempotencyKey });
      return respond(await (script.create ?? missing('create'))(params as Record<string, unknown>), normalizeSession);
    },
    async get(id, opts = {}) {
      calls.push({ method: 'get', id });
      return respond(await (script.get ?? missing('get'))(id, opts.signal), normalizeSession) as ApiResponse<CheckoutSession>;
    },
    async expire(id, opts = {}) {
      calls.push({ method: 'expire', id, idempotencyKey: opts.idempotencyKey });
      const raw = await (script.expire ?? missing('expire'))(id, opts.signal);
      return respond(raw, (r) => ({ id: String(r.id), status: String(r.status), expiredAt: r.expiredAt as string | undefined })) as ApiResponse<CheckoutSessionExpired>;
    },
  };
  return { checkoutSessions: sessions, calls };
}

/** Resolves after `ms`, or rejects as the transport does when the signal is aborted first. */
export function answerAfter<T>(ms: number, signal: AbortSignal | undefined, value: () => T): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(value()), ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}
