import { SESSION_STATUSES, type ApiResponse, type CheckoutSession } from '../../../client/session.js';
import { sleep } from '../../../client/sleep.js';
import type { ApiClient, Context } from '../../context.js';
import { CliError, ExitCode, UsageError } from '../../errors.js';
import type { Globals } from '../../globals.js';
import { parseId } from '../../input/ids.js';
import { parseDuration } from '../../input/numbers.js';
import { openSession } from '../../output/open-url.js';
import { outputMode, printSession } from '../../output/print-session.js';
import { createProgressLine } from '../../output/progress-line.js';
import { span } from '../../output/session-view.js';
import { withSpinner } from '../../output/spinner.js';

export interface GetOptions {
  open?: boolean;
  urlOnly?: boolean;
  wait?: boolean;
  until?: string;
  interval?: string;
  waitTimeout?: string;
}

const STATUSES: readonly string[] = SESSION_STATUSES;
/** A session in one of these never changes again. */
const FINAL_STATUSES = ['complete', 'completed', 'expired'];
/** Polling faster than this only loads the API (and meets its rate limit sooner). */
const MIN_INTERVAL_MS = 250;

export async function runGet(ctx: Context, globals: Globals, rawId: string, opts: GetOptions): Promise<void> {
  const mode = outputMode(globals, opts.urlOnly);
  const id = parseId(rawId, 'Session ID');
  const wait = opts.wait ? parseWait(opts) : undefined;
  const client = await ctx.connect(globals);
  const response = wait
    ? await waitForStatus(ctx, globals, client, id, wait)
    : await withSpinner(ctx, globals, mode === 'url', `Fetching ${id}`, () => client.checkoutSessions.get(id, { signal: ctx.signal }));
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
      if (status !== undefined && FINAL_STATUSES.includes(status)) {
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
