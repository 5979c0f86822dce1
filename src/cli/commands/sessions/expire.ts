import { connect } from '../../api.js';
import type { Context } from '../../context.js';
import { CliError, ExitCode, UsageError } from '../../errors.js';
import type { Globals } from '../../globals.js';
import { collectIds } from '../../input/id-list.js';
import { parseConcurrency } from '../../input/numbers.js';
import { createProgressLine } from '../../output/progress-line.js';
import { withSpinner } from '../../output/spinner.js';
import { createStyle } from '../../output/style.js';
import { confirm } from '../../prompt.js';
import { expireBatch } from './expire-batch.js';
import type { ExpireOutcome, ExpireResult } from './expire-one.js';

export interface ExpireOptions {
  yes?: boolean;
  concurrency?: string;
  fromFile?: string;
}

export async function runExpire(ctx: Context, globals: Globals, args: string[], opts: ExpireOptions): Promise<void> {
  const concurrency = parseConcurrency(opts.concurrency);
  const ids = await collectIds(ctx, args, opts.fromFile);
  if (ids.length === 0) {
    throw new UsageError('Name at least one session to expire: revkeen sessions expire cs_123, or --from-file ids.txt');
  }
  if (!opts.yes) {
    const list = ids.length <= 3 ? ids.join(', ') : `${ids.slice(0, 3).join(', ')} and ${ids.length - 3} more`;
    const what = ids.length === 1 ? `session ${list}` : `${ids.length} sessions (${list})`;
    if (!(await confirm(ctx, globals, `Expire ${what}? Customers will no longer be able to pay there.`, '--yes'))) {
      ctx.stderr.write('Nothing expired.\n');
      return;
    }
  }
  const client = await connect(ctx, globals, undefined, concurrency);
  if (ids.length === 1) return expireSingle(ctx, globals, client, ids[0]);

  const summary = new Summary();
  const progress = createProgressLine(ctx.stderr, ctx.now);
  let first = true;
  if (globals.json) ctx.stdout.write('[');
  try {
    await expireBatch(client, ids, {
      concurrency,
      signal: ctx.signal,
      onPause: (ms) => progress.note(`rate limited: waiting ${Math.ceil(ms / 1000)} s`),
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
  if (!globals.json) ctx.stdout.write(summary.render(createStyle(ctx.stdout, ctx.env, globals.color), ids.length));
  if (summary.failed > 0) {
    throw new CliError(`${summary.failed} of ${ids.length} sessions were not expired`, ExitCode.failure, 'batch_failed');
  }
}

async function expireSingle(ctx: Context, globals: Globals, client: Awaited<ReturnType<typeof connect>>, id: string) {
  let result: ExpireResult | undefined;
  await withSpinner(ctx, globals, false, `Expiring ${id}`, () =>
    expireBatch(client, [id], { concurrency: 1, signal: ctx.signal, onResult: (r) => (result = r) }),
  );
  if (!result) return;
  // One ID keeps the specific exit codes: 4 not found, 6 not expirable.
  if (!result.ok) throw result.error;
  if (globals.json) return void ctx.stdout.write(`${JSON.stringify(result.body, null, 2)}\n`);
  ctx.stdout.write(
    result.outcome === 'expired' ? `${id}  expired${result.expiredAt ? ` at ${result.expiredAt}` : ''}\n` : `${id}  was already expired\n`,
  );
}

const GROUPS: [ExpireOutcome, string][] = [
  ['expired', 'Expired'],
  ['already_expired', 'Already expired'],
  ['not_expirable', 'Not expirable'],
  ['not_found', 'Not found'],
  ['error', 'Errors'],
];

/** Keeps only what the closing summary prints: each ID once, under its outcome. */
class Summary {
  readonly #groups = new Map<ExpireOutcome, string[]>();
  done = 0;
  failed = 0;

  add(r: ExpireResult): void {
    this.done++;
    if (!r.ok) this.failed++;
    const detail =
      r.outcome === 'not_expirable' && r.status
        ? `${r.id} (${r.status})`
        : r.outcome === 'error'
          ? `${r.id}: ${r.message}${r.requestId ? ` (request ${r.requestId})` : ''}`
          : r.id;
    const list = this.#groups.get(r.outcome) ?? [];
    list.push(detail);
    this.#groups.set(r.outcome, list);
  }

  render(style: ReturnType<typeof createStyle>, total: number): string {
    const ok = total - this.failed;
    let text = `${this.failed === 0 ? style.green('✓') : style.red('✗')} ${ok} of ${total} sessions expired or already expired\n`;
    for (const [outcome, label] of GROUPS) {
      const items = this.#groups.get(outcome);
      if (!items?.length) continue;
      const oneLine = outcome !== 'error';
      text += `${label} (${items.length}):${oneLine ? ` ${items.join(', ')}` : `\n${items.map((i) => `  ${i}`).join('\n')}`}\n`;
    }
    return text;
  }
}

/** The `--json` shape of one ID's result: stable fields only. */
function publicResult(r: ExpireResult) {
  return {
    id: r.id,
    ok: r.ok,
    outcome: r.outcome,
    ...(r.status ? { status: r.status } : {}),
    ...(r.expiredAt ? { expiredAt: r.expiredAt } : {}),
    ...(r.message ? { message: r.message } : {}),
    ...(r.requestId ? { requestId: r.requestId } : {}),
  };
}
