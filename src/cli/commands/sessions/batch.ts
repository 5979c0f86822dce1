import { AbortedError, ConnectionError } from '../../../client/errors.js';
import { failed, type SessionResult } from './session-results.js';

export interface BatchOptions {
  concurrency: number;
  /** The user's stop (Ctrl-C, SIGTERM): nothing more is sent, requests in flight get the grace. */
  signal: AbortSignal;
  /** How long requests in flight may still finish once the batch stops; then they are abandoned. */
  graceMs: number;
  /** Every ID's result, exactly once, as it ends (not_sent ones last). */
  onResult: (result: SessionResult) => void;
}

export interface BatchEnd {
  /** Why the batch stopped before every ID was sent: the interruption, the rejected key, or the last connection failure. */
  stoppedBy?: unknown;
}

/** What to do for one ID; it may throw only for a failure that ends the whole batch (a rejected key). */
export type BatchWork = (id: string, index: number, signal: AbortSignal) => Promise<SessionResult>;

/** This many connection failures in a row, with no answer between them, mean the API is unreachable. */
export const CONNECTION_FAILURES_TO_STOP = 3;

/**
 * Runs `work` for every ID with at most `concurrency` at once; retries and rate limits are the
 * client's business. Stops early, in order, on the user's signal, a rejected key, or an unreachable API.
 */
export async function runBatch(ids: string[], options: BatchOptions, work: BatchWork): Promise<BatchEnd> {
  let next = 0;
  let stoppedBy: unknown;
  let connectionFailures = 0;
  const abandon = new AbortController();
  let graceTimer: NodeJS.Timeout | undefined;
  const stop = (reason: unknown) => {
    if (stoppedBy !== undefined) return;
    stoppedBy = reason;
    graceTimer = setTimeout(
      () => abandon.abort(new AbortedError('The batch stopped before the answer arrived; running it again is safe')),
      options.graceMs,
    );
  };
  const onUserStop = () => stop(options.signal.reason);
  if (options.signal.aborted) onUserStop();
  else options.signal.addEventListener('abort', onUserStop, { once: true });

  const worker = async () => {
    while (stoppedBy === undefined && next < ids.length) {
      const index = next++;
      let result: SessionResult;
      try {
        result = await work(ids[index], index + 1, abandon.signal);
      } catch (error) {
        // A rejected key: every other ID would meet the same answer.
        result = failed(ids[index], index + 1, 'error', error);
        stop(error);
      }
      if (result.error instanceof ConnectionError) {
        if (++connectionFailures >= CONNECTION_FAILURES_TO_STOP) stop(result.error);
      } else if (!(result.error instanceof AbortedError)) {
        connectionFailures = 0; // the server answered
      }
      options.onResult(result);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(options.concurrency, ids.length) }, worker));
  } finally {
    clearTimeout(graceTimer);
    options.signal.removeEventListener('abort', onUserStop);
  }
  for (let index = next; index < ids.length; index++) {
    options.onResult({ id: ids[index], index: index + 1, ok: false, outcome: 'not_sent', message: 'Not sent: the batch stopped first' });
  }
  return { stoppedBy };
}
