import type { RevKeen } from '../../../client/client.js';
import {
  AuthenticationError,
  ConflictError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  RevKeenError,
} from '../../../client/errors.js';

export type ExpireOutcome = 'expired' | 'already_expired' | 'not_expirable' | 'not_found' | 'error';

export interface ExpireResult {
  id: string;
  ok: boolean;
  outcome: ExpireOutcome;
  status?: string;
  expiredAt?: string;
  message?: string;
  requestId?: string;
  /** The API body behind the result (for a single ID under --json). */
  body?: unknown;
  /** The error behind a failed result (for a single ID's exit code, and rate limits). */
  error?: unknown;
}

/**
 * Expires one session and says what happened. A 409 is followed by a look-up, because a session
 * that is already expired is the outcome the user wanted, not a failure.
 */
export async function expireOne(client: RevKeen, id: string, signal: AbortSignal): Promise<ExpireResult> {
  try {
    const response = await client.checkoutSessions.expire(id, { signal });
    return {
      id,
      ok: true,
      outcome: 'expired',
      status: response.data.status,
      expiredAt: response.data.expiredAt,
      requestId: response.requestId,
      body: response.body,
    };
  } catch (error) {
    // A bad key fails every ID the same way, and a rate limit is waited out: the caller decides.
    if (error instanceof AuthenticationError || error instanceof PermissionDeniedError || error instanceof RateLimitError) {
      throw error;
    }
    if (error instanceof NotFoundError) return failed(id, 'not_found', error);
    if (!(error instanceof ConflictError) || error.code === 'idempotency_conflict') return failed(id, 'error', error);
    try {
      const current = await client.checkoutSessions.get(id, { signal });
      if (current.data.status === 'expired') {
        return {
          id,
          ok: true,
          outcome: 'already_expired',
          status: 'expired',
          expiredAt: current.data.expiredAt,
          requestId: current.requestId,
          body: current.body,
        };
      }
      return { ...failed(id, 'not_expirable', error), status: current.data.status };
    } catch {
      return failed(id, 'not_expirable', error);
    }
  }
}

function failed(id: string, outcome: ExpireOutcome, error: unknown): ExpireResult {
  const e = error instanceof RevKeenError ? error : undefined;
  return { id, ok: false, outcome, message: e?.message ?? String(error), requestId: e?.requestId, error };
}
