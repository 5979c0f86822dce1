import { SESSION_STATUSES, type ApiResponse, type CheckoutSession } from '../../../client/session.js';
import { sleep } from '../../../client/sleep.js';
import type { ApiClient, Context } from '../../context.js';
import { CliError, ExitCode, UsageError } from '../../errors.js';
import type { Globals } from '../../globals.js';
import { parseId } from '../../input/ids.js';
import { collectIds } from '../../input/id-list.js';
import { parseConcurrency, parseDuration } from '../../input/numbers.js';
import { openSession } from '../../output/open-url.js';
import { outputMode, printSession } from '../../output/print-session.js';
import { createProgressLine } from '../../output/progress-line.js';
import { span } from '../../output/session-view.js';
import { withSpinner } from '../../output/spinner.js';
import type { BatchWords } from './batch-summary.js';
import { runSessionBatch } from './session-batch.js';
import { getOne } from './session-results.js';

export interface GetOptions {
  fromFile?: string;
  concurrency?: string;
  open?: boolean;
  urlOnly?: boolean;
  wait?: boolean;
  until?: string;
  interval?: string;
  waitTimeout?: string;
}

const STATUSES: readonly string[] = SESSION_STATUSES;
/** A session in one of these never changes again. */
const isFinal = (status: string) => ['complete', 'completed', 'expired'].includes(status);
/** Polling faster than this only loads the API (and meets its rate limit sooner). */
const MIN_INTERVAL_MS = 250;

// Built per run, not once per module: code that runs while a test runs is what mutation testing can see.
const getWords = (): BatchWords => ({
  headline: (ok, total) => `${ok} of ${total} sessions found`,
  failure: (failed, total) => `${failed} of ${total} sessions were not found or could not be looked up`,
  labels: {},
});

/** One ID: the session (or a wait for it). Several, or --from-file: a table of them all. */
export async function runGet(ctx: Context, globals: Globals, args: string[], opts: GetOptions): Promise<void> {
  if (args.length === 1 && opts.fromFile === undefined) return getSingle(ctx, globals, args[0], opts);
  const concurrency = parseConcurrency(opts.concurrency);
  for (const [flag, given] of [['--wait', opts.wait], ['--open', opts.open], ['--url-only', opts.urlOnly]] as const) {
    if (given) throw new UsageError(`${flag} works with one session ID, not with several or --from-file`);
  }
  if (globals.raw) throw new UsageError('--raw prints one API body: use it with one session ID');
  const { ids, duplicates } = await collectIds(ctx, args, opts.fromFile);
  if (ids.length === 0) throw new UsageError('Name at least one session: revkeen sessions get cs_123, or --from-file ids.txt');
  const progress = createProgressLine(ctx, globals);
  const client = await ctx.connect(globals, {
    connections: concurrency,
    onRetry: ({ status, delayMs }) => status === 429 && progress.note(`rate limited: waiting ${Math.ceil(delayMs / 1000)} s`),
  });
  await runSessionBatch(ctx, globals, {
    ids,
    duplicates,
    concurrency,
    work: (id, index, signal) => getOne(client, id, index, signal),
    words: getWords(),
    view: 'table',
    doing: 'Looking up sessions',
    progress,
  });
}

async function getSingle(ctx: Context, globals: Globals, rawId: string, opts: GetOptions): Promise<void> {
  const mode = outputMode(globals, opts.urlOnly);
  const id = parseId(rawId, 'Session ID');
  const wait = opts.wait ? parseWait(opts) : undefined;
  const client = await ctx.connect(globals);
  const response = wait
    ? await waitForStatus(ctx, globals, client, id, wait)
    : await withSpinner(ctx, globals, mode !== 'table', `Fetching ${id}`, () => client.checkoutSessions.get(id, { signal: ctx.signal }));
  await printSession(ctx, globals, response, mode);
  if (opts.open) await openSession(ctx, response.data);
}

interface WaitPlan {
  reached: (status: string | undefined) => boolean;
  target: string;
  intervalMs: number;
  timeoutMs: number;
}

function parseWait(opts: GetOptions): WaitPlan {
  if (opts.until !== undefined && !STATUSES.includes(opts.until)) {
    throw new UsageError(`--until ${JSON.stringify(opts.until)} is not a session status: use one of ${STATUSES.join(', ')}`);
  }
  // The API has been seen to say both "complete" and "completed": waiting for one accepts either.
  const wanted = opts.until === 'complete' || opts.until === 'completed' ? ['complete', 'completed'] : [opts.until];
  const intervalMs = parseDuration(opts.interval ?? '2s', '--interval');
  if (intervalMs < MIN_INTERVAL_MS) {
    throw new UsageError(`--interval ${opts.interval} is too short: poll at most every ${MIN_INTERVAL_MS}ms, e.g. --interval 1s`);
  }
  return {
    reached: opts.until === undefined ? (s) => s !== undefined && s !== 'open' && s !== 'pending' : (s) => wanted.includes(s),
    target: opts.until ?? 'a status other than open or pending',
    intervalMs,
    timeoutMs: parseDuration(opts.waitTimeout ?? '10m', '--wait-timeout'),
  };
}

/**
 * Polls until the session reaches the plan's status. Ends with exit 1 when the wait runs out (after
 * a last look at the deadline itself) or when the session is in a final status that is not the one wanted.
 */
async function waitForStatus(ctx: Context, globals: Globals, client: ApiClient, id: string, plan: WaitPlan): Promise<ApiResponse<CheckoutSession>> {
  const started = ctx.now();
  const deadline = started + plan.timeoutMs;
  const progress = createProgressLine(ctx, globals);
  try {
    for (;;) {
      const response = await client.checkoutSessions.get(id, { signal: ctx.signal });
      const status = response.data.status;
      if (plan.reached(status)) return response;
      if (status !== undefined && isFinal(status)) {
        throw new CliError(`Session ${id} is ${status}, so it will never reach ${plan.target}`, ExitCode.failure, 'wait_unreachable');
      }
      const left = deadline - ctx.now();
      if (left <= 0) {
        throw new CliError(
          `Session ${id} is still ${status ?? 'unknown'} after ${span(ctx.now() - started)}; it did not reach ${plan.target}`,
          ExitCode.failure,
          'wait_timeout',
          'Give it longer with --wait-timeout, e.g. --wait-timeout 30m',
        );
      }
      progress.update(`Waiting for ${id}: ${status ?? 'unknown'} for ${span(ctx.now() - started)}`);
      await sleep(Math.min(plan.intervalMs, left), ctx.signal);
    }
  } finally {
    progress.clear();
  }
}
