import { connect } from '../../api.js';
import type { Context } from '../../context.js';
import { CliError, ExitCode, UsageError } from '../../errors.js';
import type { Globals } from '../../globals.js';
import { parseId } from '../../input/ids.js';
import { createStyle } from '../../output/style.js';
import { confirm } from '../../prompt.js';
import { expireOne, type ExpireResult } from './expire-one.js';

export interface ExpireOptions {
  yes?: boolean;
  concurrency?: string;
}

export async function runExpire(ctx: Context, globals: Globals, rawIds: string[], opts: ExpireOptions): Promise<void> {
  const ids = [...new Set(rawIds.map((raw) => parseId(raw, 'Session ID')))];
  if (ids.length === 0) throw new UsageError('Name at least one session to expire: revkeen sessions expire cs_123');
  const concurrency = parseConcurrency(opts.concurrency);
  if (!opts.yes) {
    const list = ids.length <= 5 ? ids.join(', ') : `${ids.slice(0, 5).join(', ')} and ${ids.length - 5} more`;
    const question = `Expire ${ids.length === 1 ? 'session' : `${ids.length} sessions`} ${list}? Customers can no longer pay there.`;
    if (!(await confirm(ctx, globals, question, '--yes'))) {
      ctx.stderr.write('Nothing expired.\n');
      return;
    }
  }
  const client = await connect(ctx, globals);
  const results = await mapConcurrent(ids, concurrency, (id) => expireOne(client, id, ctx.signal));

  if (ids.length === 1) return reportOne(ctx, globals, results[0]);
  if (globals.json) {
    ctx.stdout.write(`${JSON.stringify(results.map(publicResult), null, 2)}\n`);
  } else {
    const style = createStyle(ctx.stdout, ctx.env, globals.color);
    for (const r of results) ctx.stdout.write(`${r.ok ? style.green('✓') : style.red('✗')} ${r.id}  ${describe(r)}\n`);
  }
  const failed = results.filter((r) => !r.ok).length;
  if (failed > 0) {
    throw new CliError(`${failed} of ${results.length} sessions were not expired`, ExitCode.failure, 'batch_failed');
  }
}

function reportOne(ctx: Context, globals: Globals, result: ExpireResult): void {
  if (!result.ok) throw result.error;
  if (globals.json) {
    ctx.stdout.write(`${JSON.stringify(result.body, null, 2)}\n`);
    return;
  }
  ctx.stdout.write(`${result.id}  ${describe(result)}\n`);
}

function describe(r: ExpireResult): string {
  switch (r.outcome) {
    case 'expired':
      return `expired${r.expiredAt ? ` at ${r.expiredAt}` : ''}`;
    case 'already_expired':
      return 'was already expired';
    case 'not_expirable':
      return `not expirable${r.status ? `: it is ${r.status}` : ''}`;
    case 'not_found':
      return 'not found';
    default:
      return `failed: ${r.message}${r.requestId ? ` (request ${r.requestId})` : ''}`;
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

function parseConcurrency(value: string | undefined): number {
  if (value === undefined) return 4;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 64) throw new UsageError('--concurrency must be a whole number from 1 to 64');
  return n;
}

/** Runs `work` over the items with at most `limit` in flight, keeping the input order in the results. */
async function mapConcurrent<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
