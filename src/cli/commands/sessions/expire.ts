import { AuthenticationError, ConnectionError, PermissionDeniedError } from '../../../client/errors.js';
import type { ApiClient, Context } from '../../context.js';
import { CliError, ExitCode, InterruptedError, UsageError } from '../../errors.js';
import type { Globals } from '../../globals.js';
import { collectIds } from '../../input/id-list.js';
import { parseConcurrency } from '../../input/numbers.js';
import { createProgressLine } from '../../output/progress-line.js';
import { withSpinner } from '../../output/spinner.js';
import { createStyle } from '../../output/terminal.js';
import { confirm } from '../../prompt.js';
import { CONNECTION_FAILURES_TO_STOP, expireBatch } from './expire-batch.js';
import { expireOne, type ExpireResult } from './expire-one.js';
import { ExpireSummary, duplicateNote } from './expire-summary.js';

export interface ExpireOptions {
  yes?: boolean;
  concurrency?: string;
  fromFile?: string;
}

/** Once a batch stops, requests already in flight get this long to finish. */
export const STOP_GRACE_MS = 2000;

export async function runExpire(ctx: Context, globals: Globals, args: string[], opts: ExpireOptions): Promise<void> {
  const concurrency = parseConcurrency(opts.concurrency);
  const { ids, duplicates } = await collectIds(ctx, args, opts.fromFile);
  if (ids.length === 0) {
    throw new UsageError('Name at least one session to expire: revkeen sessions expire cs_123, or --from-file ids.txt');
  }
  if (!opts.yes) {
    const list = ids.length <= 3 ? ids.join(', ') : `${ids.slice(0, 3).join(', ')} and ${ids.length - 3} more`;
    const dupes = duplicates > 0 ? `; ${duplicateNote(duplicates)}` : '';
    const what = ids.length === 1 && !dupes ? `session ${list}` : `${ids.length} ${ids.length === 1 ? 'session' : 'sessions'} (${list}${dupes})`;
    if (!(await confirm(ctx, globals, `Expire ${what}? Customers will no longer be able to pay there.`, '--yes'))) {
      ctx.stderr.write('Nothing expired.\n');
      return;
    }
  }
  const progress = createProgressLine(ctx, globals);
  const client = await ctx.connect(globals, {
    connections: concurrency,
    onRetry: ({ status, delayMs }) => status === 429 && progress.note(`rate limited: waiting ${Math.ceil(delayMs / 1000)} s`),
  });
  if (ids.length === 1) return expireSingle(ctx, globals, client, ids[0]);

  const summary = new ExpireSummary();
  let first = true;
  if (globals.json) ctx.stdout.write('[');
  let end;
  try {
    end = await expireBatch(client, ids, {
      concurrency,
      signal: ctx.signal,
      graceMs: STOP_GRACE_MS,
      onResult: (result) => {
        summary.add(result);
        // Streamed as each ID finishes, so ten thousand results are never held at once.
        if (globals.json) {
          ctx.stdout.write(`${first ? '\n' : ',\n'}  ${JSON.stringify(publicResult(result))}`);
          first = false;
        }
        progress.update(`Expiring sessions: ${summary.done}/${ids.length} done, ${summary.failed} failed`);
      },
    });
  } finally {
    progress.clear();
    if (globals.json) ctx.stdout.write(first ? ']\n' : '\n]\n');
  }
  const stopNote = end.stoppedBy === undefined ? undefined : describeStop(end.stoppedBy);
  if (!globals.json) ctx.stdout.write(summary.render(createStyle(ctx.stdout, ctx.env, globals.color), ids.length, duplicates, stopNote));
  // The reason it stopped decides the exit code: 130/143 interrupted, 3 rejected key, 5 unreachable.
  if (end.stoppedBy !== undefined) throw end.stoppedBy;
  if (summary.failed > 0) {
    throw new CliError(`${summary.failed} of ${ids.length} sessions were not expired`, ExitCode.failure, 'batch_failed');
  }
}

function describeStop(reason: unknown): string {
  if (reason instanceof InterruptedError) return reason.signal === 'SIGINT' ? 'interrupted (Ctrl-C)' : 'terminated (SIGTERM)';
  if (reason instanceof AuthenticationError || reason instanceof PermissionDeniedError) return 'the API key was rejected';
  if (reason instanceof ConnectionError) return `the API could not be reached ${CONNECTION_FAILURES_TO_STOP} times in a row`;
  return reason instanceof Error ? reason.message : String(reason);
}

async function expireSingle(ctx: Context, globals: Globals, client: ApiClient, id: string) {
  const result = await withSpinner(ctx, globals, false, `Expiring ${id}`, () => expireOne(client, id, 1, ctx.signal));
  // One ID keeps the specific exit codes: 4 not found, 6 not expirable.
  if (!result.ok) throw result.error;
  if (globals.json) return void ctx.stdout.write(`${JSON.stringify(result.body, null, 2)}\n`);
  ctx.stdout.write(
    result.outcome === 'expired' ? `${id}  expired${result.expiredAt ? ` at ${result.expiredAt}` : ''}\n` : `${id}  was already expired\n`,
  );
}

/** The `--json` shape of one ID's result: stable fields only. */
function publicResult(r: ExpireResult) {
  return {
    id: r.id,
    index: r.index,
    ok: r.ok,
    outcome: r.outcome,
    ...(r.status ? { status: r.status } : {}),
    ...(r.expiredAt ? { expiredAt: r.expiredAt } : {}),
    ...(r.message ? { message: r.message } : {}),
    ...(r.requestId ? { requestId: r.requestId } : {}),
  };
}
