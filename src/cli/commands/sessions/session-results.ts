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
import type { CheckoutSession } from '../../../client/session.js';
import type { ApiClient } from '../../context.js';

export const OUTCOMES = ['expired', 'already_expired', 'not_expirable', 'found', 'not_found', 'error', 'unknown', 'not_sent'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** What happened to one ID of a batch (or the one ID of a command). */
export interface SessionResult {
  id: string;
  /** 1-based position in the input, after duplicates were dropped. */
  index: number;
  ok: boolean;
  outcome: Outcome;
  /** The session as the API last described it, when it did. */
  session?: CheckoutSession;
  message?: string;
  requestId?: string;
  /** The API body behind the result (for one ID under --raw). */
  body?: unknown;
  /** The error behind a failed result (for one ID's exit code). */
  error?: unknown;
}

// These fail before a request leaves this machine: the server cannot have acted on it.
const NEVER_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/**
 * What a failure means for one ID: not found, unknown (it may have arrived), or an error. A rejected
 * key is thrown: it fails every ID alike, so the batch stops.
 */
function classify(id: string, index: number, error: unknown): SessionResult {
  if (error instanceof AuthenticationError || error instanceof PermissionDeniedError) throw error;
  if (error instanceof NotFoundError) return failed(id, index, 'not_found', error);
  if (error instanceof AbortedError || error instanceof TimeoutError) return failed(id, index, 'unknown', error);
  if (error instanceof ConnectionError) return failed(id, index, NEVER_SENT_CODES.has(error.code ?? '') ? 'error' : 'unknown', error);
  return failed(id, index, 'error', error);
}

const isOpen = (status: string | undefined) => status === 'open' || status === 'pending';

/**
 * Expires one session and says what happened. A 409 is followed by a look-up, because a session
 * that is already expired is the outcome the user wanted, not a failure.
 */
export async function expireOne(client: ApiClient, id: string, index: number, signal: AbortSignal): Promise<SessionResult> {
  try {
    const response = await client.checkoutSessions.expire(id, { signal });
    return { id, index, ok: true, outcome: 'expired', session: response.data, requestId: response.requestId, body: response.body };
  } catch (error) {
    if (!(error instanceof ConflictError) || error.code === 'idempotency_conflict') return classify(id, index, error);
    try {
      const current = await client.checkoutSessions.get(id, { signal });
      const base = { id, index, session: current.data, requestId: current.requestId, body: current.body };
      if (current.data.status === 'expired') return { ...base, ok: true, outcome: 'already_expired' };
      return { ...base, ...failed(id, index, 'not_expirable', error), session: current.data };
    } catch {
      return failed(id, index, 'not_expirable', error);
    }
  }
}

/** What expiring would do, from a look-up alone: a dry run sends no expire request. */
export async function previewExpiry(client: ApiClient, id: string, index: number, signal: AbortSignal): Promise<SessionResult> {
  try {
    const { data, requestId, body } = await client.checkoutSessions.get(id, { signal });
    const base = { id, index, session: data, requestId, body };
    if (isOpen(data.status)) return { ...base, ok: true, outcome: 'expired', message: 'Would be expired (dry run: nothing was sent)' };
    if (data.status === 'expired') return { ...base, ok: true, outcome: 'already_expired' };
    return { ...base, ok: false, outcome: 'not_expirable', message: `Checkout session ${id} is ${data.status ?? 'in an unknown status'}; only open or pending sessions can be expired` };
  } catch (error) {
    return classify(id, index, error);
  }
}

/** Looks one session up. */
export async function getOne(client: ApiClient, id: string, index: number, signal: AbortSignal): Promise<SessionResult> {
  try {
    const { data, requestId, body } = await client.checkoutSessions.get(id, { signal });
    return { id, index, ok: true, outcome: 'found', session: data, requestId, body };
  } catch (error) {
    return classify(id, index, error);
  }
}

export function failed(id: string, index: number, outcome: Outcome, error: unknown): SessionResult {
  const e = error instanceof RevKeenError ? error : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return { id, index, ok: false, outcome, message, requestId: e?.requestId, error };
}
