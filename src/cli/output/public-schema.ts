import type { CheckoutSession } from '../../client/session.js';

/**
 * The session as every command prints it under -o json|yaml|csv: the same fields, named the same,
 * in the same order, whichever endpoint answered and whichever spelling it used; `null` where
 * unknown. A public promise (README, "Output"): fields may be added, never renamed or removed.
 */
export const SESSION_FIELDS = [
  'id',
  'status',
  'url',
  'amountMinor',
  'currency',
  'allowedMethods',
  'selectedMethod',
  'expiresAt',
  'expiredAt',
  'createdAt',
  'successUrl',
  'cancelUrl',
  'invoiceId',
  'productId',
  'customerId',
  'publicToken',
  'mode',
] as const;

export type PublicSession = { [K in (typeof SESSION_FIELDS)[number]]: CheckoutSession[K] | null } & { requestId: string | null };

export function publicSession(session: CheckoutSession, requestId: string | undefined): PublicSession {
  const out = {} as Record<string, unknown>;
  for (const field of SESSION_FIELDS) out[field] = session[field] ?? null;
  out.requestId = requestId ?? null;
  return out as PublicSession;
}

/** One ID's result in a batch (expire, a dry run, or many gets). */
export const RESULT_FIELDS = ['id', 'index', 'ok', 'outcome', 'session', 'message', 'requestId'] as const;

export interface PublicResult {
  id: string;
  /** 1-based position in the input, duplicates dropped. */
  index: number;
  ok: boolean;
  outcome: string;
  session?: Omit<PublicSession, 'requestId'>;
  message?: string;
  requestId?: string;
}
