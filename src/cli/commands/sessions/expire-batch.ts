import type { RevKeen } from '../../../client/client.js';
import { AbortedError, RateLimitError } from '../../../client/errors.js';
import { sleep } from '../../../client/sleep.js';
import { expireOne, type ExpireResult } from './expire-one.js';

export interface BatchOptions {
  concurrency: number;
  signal: AbortSignal;
  onResult: (result: ExpireResult) => void;
  /** Told when the whole batch pauses for a rate limit. */
  onPause?: (ms: number) => void;
}

/** How often one ID may meet a rate limit before it is reported as an error. */
const MAX_RATE_LIMITED = 20;

/**
 * Expires IDs with at most `concurrency` in flight. A 429 that outlasts the client's own retries
 * pauses every worker until the server's Retry-After (or a growing backoff), then that ID goes again:
 * the rate limit is waited out, not failed.
 */
export async function expireBatch(client: RevKeen, ids: string[], options: BatchOptions): Promise<void> {
  const now = Date.now;
  let next = 0;
  let pausedUntil = 0;
  let pauses = 0;
  let stopped = false;
  // Stopping the batch also cancels the requests other workers have in flight.
  const halt = new AbortController();
  const signal = AbortSignal.any([options.signal, halt.signal]);

  const waitForPause = async () => {
    while (pausedUntil > now()) await sleep(pausedUntil - now(), signal);
  };

  const worker = async () => {
    while (next < ids.length && !stopped) {
      const id = ids[next++];
      for (let limited = 0; ; limited++) {
        await waitForPause();
        try {
          options.onResult(await expireOne(client, id, signal));
          break;
        } catch (error) {
          // A rejected key or Ctrl-C ends the whole batch: no other worker starts another ID.
          if (!(error instanceof RateLimitError)) {
            if (!stopped) halt.abort(new AbortedError('Stopped: the batch ended early'));
            stopped = true;
            throw error;
          }
          if (limited >= MAX_RATE_LIMITED) {
            options.onResult({ id, ok: false, outcome: 'error', message: error.message, requestId: error.requestId, error });
            break;
          }
          const wait = error.retryAfterMs ?? Math.min(30_000, 1000 * 2 ** Math.min(pauses++, 5));
          if (now() + wait > pausedUntil) {
            pausedUntil = now() + wait;
            options.onPause?.(wait);
          }
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, ids.length) }, worker));
}
