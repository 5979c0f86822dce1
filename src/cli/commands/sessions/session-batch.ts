import { AuthenticationError, ConnectionError, PermissionDeniedError } from '../../../client/errors.js';
import type { Context } from '../../context.js';
import { CliError, ExitCode, InterruptedError } from '../../errors.js';
import type { Globals } from '../../globals.js';
import { createResultStream } from '../../output/formats.js';
import type { ProgressLine } from '../../output/progress-line.js';
import { publicSession, type PublicResult } from '../../output/public-schema.js';
import { createStyle } from '../../output/terminal.js';
import { CONNECTION_FAILURES_TO_STOP, runBatch, type BatchWork } from './batch.js';
import { BatchSummary, type BatchWords } from './batch-summary.js';
import type { SessionResult } from './session-results.js';

/** Once a batch stops, requests already in flight get this long to finish. */
export const STOP_GRACE_MS = 2000;

export interface SessionBatch {
  ids: string[];
  duplicates: number;
  concurrency: number;
  work: BatchWork;
  words: BatchWords;
  /** What a person sees at the end: a report grouped by outcome, or a table of sessions. */
  view: 'report' | 'table';
  /** "Expiring sessions", "Looking up sessions": the progress line's words. */
  doing: string;
  progress: ProgressLine;
}

/**
 * Runs a batch and prints it in the chosen format: machine formats stream as each ID ends and
 * always close into a valid document; a person's view comes at the end. The exit code follows
 * why it stopped (130, 143, 3, 5), else 1 when any ID failed.
 */
export async function runSessionBatch(ctx: Context, globals: Globals, batch: SessionBatch): Promise<void> {
  const { ids, progress } = batch;
  const summary = new BatchSummary(globals.output === 'table');
  const stream = globals.output === 'table' ? undefined : await createResultStream(globals.output, (text) => ctx.stdout.write(text));
  let end;
  try {
    end = await runBatch(
      ids,
      {
        concurrency: batch.concurrency,
        signal: ctx.signal,
        graceMs: STOP_GRACE_MS,
        onResult: (result) => {
          summary.add(result);
          stream?.add(publicResult(result));
          progress.update(`${batch.doing}: ${summary.done}/${ids.length} done, ${summary.failed} failed`);
        },
      },
      batch.work,
    );
  } finally {
    progress.clear();
    stream?.end();
  }
  if (!stream) {
    const style = createStyle(ctx.stdout, ctx.env, globals.color);
    const stopNote = end.stoppedBy === undefined ? undefined : describeStop(end.stoppedBy);
    ctx.stdout.write(
      batch.view === 'report'
        ? summary.report(style, batch.words, ids.length, batch.duplicates, stopNote)
        : summary.table(style, batch.words, ids.length, batch.duplicates, stopNote, ctx.stdout.columns),
    );
  }
  if (end.stoppedBy !== undefined) throw end.stoppedBy;
  if (summary.failed > 0) throw new CliError(batch.words.failure(summary.failed, ids.length), ExitCode.failure, 'batch_failed');
}

function describeStop(reason: unknown): string {
  if (reason instanceof InterruptedError) return reason.signal === 'SIGINT' ? 'interrupted (Ctrl-C)' : 'terminated (SIGTERM)';
  if (reason instanceof AuthenticationError || reason instanceof PermissionDeniedError) return 'the API key was rejected';
  if (reason instanceof ConnectionError) return `the API could not be reached ${CONNECTION_FAILURES_TO_STOP} times in a row`;
  return reason instanceof Error ? reason.message : String(reason);
}

/** One ID's result in the public schema: `{ id, index, ok, outcome, session?, message?, requestId? }`. */
export function publicResult(r: SessionResult): PublicResult {
  const out: PublicResult = { id: r.id, index: r.index, ok: r.ok, outcome: r.outcome };
  if (r.session) {
    const { requestId: _, ...session } = publicSession(r.session, undefined);
    out.session = session;
  }
  if (r.message) out.message = r.message;
  if (r.requestId) out.requestId = r.requestId;
  return out;
}
