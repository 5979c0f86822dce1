import {
  AbortedError,
  AuthenticationError,
  ConflictError,
  ConnectionError,
  NotFoundError,
  PermissionDeniedError,
  RevKeenError,
  TimeoutError,
} from '../../../client/errors.js';
import type { ApiClient } from '../../context.js';

export const EXPIRE_OUTCOMES = [
  'expired',
  'already_expired',
  'not_expirable',
  'not_found',
  'error',
  'unknown',
  'not_sent',
] as const;
export type ExpireOutcome = (typeof EXPIRE_OUTCOMES)[number];

export interface ExpireResult {
  id: string;
  /** 1-based position in the input, after duplicates were dropped. */
  index: number;
  ok: boolean;
  outcome: ExpireOutcome;
  status?: string;
  expiredAt?: string;
  message?: string;
  requestId?: string;
  /** The API body behind the result (for a single ID under --json). */
  body?: unknown;
  /** The error behind a failed result (for a single ID's exit code). */
  error?: unknown;
}

// These fail before a request leaves this machine: the server cannot have acted on it.
const NEVER_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/**
 * Expires one session and says what happened. A 409 is followed by a look-up, because a session
 * that is already expired is the outcome the user wanted, not a failure. A rejected key is thrown:
 * it fails every ID alike, so the caller stops.
 */
export async function expireOne(client: ApiClient, id: string, index: number, signal: AbortSignal): Promise<ExpireResult> {
  try {
    const response = await client.checkoutSessions.expire(id, { signal });
    return {
      id,
      index,
      ok: true,
      outcome: 'expired',
      status: response.data.status,
      expiredAt: response.data.expiredAt,
      requestId: response.requestId,
      body: response.body,
    };
  } catch (error) {
    if (error instanceof AuthenticationError || error instanceof PermissionDeniedError) throw error;
    if (error instanceof NotFoundError) return failed(id, index, 'not_found', error);
    if (error instanceof AbortedError || error instanceof TimeoutError) return failed(id, index, 'unknown', error);
    if (error instanceof ConnectionError) {
      return failed(id, index, NEVER_SENT_CODES.has(error.code ?? '') ? 'error' : 'unknown', error);
    }
    if (!(error instanceof ConflictError) || error.code === 'idempotency_conflict') return failed(id, index, 'error', error);
    try {
      const current = await client.checkoutSessions.get(id, { signal });
      if (current.data.status === 'expired') {
        return {
          id,
          index,
          ok: true,
          outcome: 'already_expired',
          status: 'expired',
          expiredAt: current.data.expiredAt,
          requestId: current.requestId,
          body: current.body,
        };
      }
      return { ...failed(id, index, 'not_expirable', error), status: current.data.status };
    } catch {
      return failed(id, index, 'not_expirable', error);
    }
  }
}

export function failed(id: string, index: number, outcome: ExpireOutcome, error: unknown): ExpireResult {
  const e = error instanceof RevKeenError ? error : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return { id, index, ok: false, outcome, message, requestId: e?.requestId, error };
}
