import type { ApiClient, Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import type { Globals } from '../../globals.js';
import { collectIds } from '../../input/id-list.js';
import { parseConcurrency } from '../../input/numbers.js';
import { printSession } from '../../output/print-session.js';
import { createProgressLine } from '../../output/progress-line.js';
import { withSpinner } from '../../output/spinner.js';
import { confirm } from '../../prompt.js';
import { duplicateNote, type BatchWords } from './batch-summary.js';
import { runSessionBatch } from './session-batch.js';
import { expireOne, previewExpiry } from './session-results.js';

export interface ExpireOptions {
  yes?: boolean;
  concurrency?: string;
  fromFile?: string;
  dryRun?: boolean;
}

/** How a batch of expirations, or a dry run of one, speaks of itself. */
function expireWords(dryRun: boolean | undefined): BatchWords {
  if (dryRun) {
    return {
      headline: (ok, total) => `${ok} of ${total} sessions would be expired or are already expired (dry run: nothing was changed)`,
      failure: (failed, total) => `${failed} of ${total} sessions could not be expired (dry run: nothing was changed)`,
      labels: { expired: 'Would expire' },
    };
  }
  return {
    headline: (ok, total) => `${ok} of ${total} sessions expired or already expired`,
    failure: (failed, total) => `${failed} of ${total} sessions were not expired`,
    labels: {},
  };
}

export async function runExpire(ctx: Context, globals: Globals, args: string[], opts: ExpireOptions): Promise<void> {
  const concurrency = parseConcurrency(opts.concurrency);
  const { ids, duplicates } = await collectIds(ctx, args, opts.fromFile);
  if (ids.length === 0) {
    throw new UsageError('Name at least one session to expire: revkeen sessions expire cs_123, or --from-file ids.txt');
  }
  const single = ids.length === 1 && !opts.dryRun;
  if (globals.raw && !single) throw new UsageError('--raw prints one API body: use it to expire one session, without --dry-run');
  // A dry run changes nothing, so there is nothing to confirm.
  if (!opts.yes && !opts.dryRun) {
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
  if (single) return expireSingle(ctx, globals, client, ids[0]);
  await runSessionBatch(ctx, globals, {
    ids,
    duplicates,
    concurrency,
    work: (id, index, signal) => (opts.dryRun ? previewExpiry : expireOne)(client, id, index, signal),
    words: expireWords(opts.dryRun),
    view: 'report',
    doing: opts.dryRun ? 'Looking up sessions' : 'Expiring sessions',
    progress,
  });
}

async function expireSingle(ctx: Context, globals: Globals, client: ApiClient, id: string) {
  const result = await withSpinner(ctx, globals, false, `Expiring ${id}`, () => expireOne(client, id, 1, ctx.signal));
  // One ID keeps the specific exit codes: 4 not found, 6 not expirable.
  if (!result.ok) throw result.error;
  if (globals.raw || globals.output !== 'table') {
    const session = result.session ?? { id };
    return printSession(ctx, globals, { data: session, body: result.body, requestId: result.requestId }, globals.raw ? 'raw' : globals.output);
  }
  const expiredAt = result.session?.expiredAt;
  ctx.stdout.write(result.outcome === 'expired' ? `${id}  expired${expiredAt ? ` at ${expiredAt}` : ''}\n` : `${id}  was already expired\n`);
}
