export const PAYMENT_METHODS = ['card', 'in_store', 'direct_debit', 'pay_by_bank'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
/** The webhook events a checkout session emits. */
export const CHECKOUT_SESSION_EVENTS = ['checkout.session.completed', 'checkout.session.expired'] as const;
export type CheckoutSessionEventType = (typeof CHECKOUT_SESSION_EVENTS)[number];
/** The statuses a session has been seen in (the API says both `complete` and `completed`). */
export const SESSION_STATUSES = ['open', 'pending', 'complete', 'completed', 'expired'] as const;

/** The create body, exactly as the API names its fields. */
export interface CheckoutSessionCreateParams {
  invoiceId?: string;
  productId?: string;
  amountMinor?: number;
  currency?: string;
  successUrl?: string;
  cancelUrl?: string;
  allowedMethods?: PaymentMethod[];
  companionDeviceId?: string;
}

/** A session with every field read from either spelling the API uses. */
export interface CheckoutSession {
  id: string;
  url?: string;
  status?: string;
  publicToken?: string;
  amountMinor?: number;
  currency?: string;
  allowedMethods?: string[];
  selectedMethod?: string | null;
  expiresAt?: string;
  expiredAt?: string;
  createdAt?: string;
  invoiceId?: string | null;
  productId?: string | null;
  customerId?: string | null;
  successUrl?: string | null;
  cancelUrl?: string | null;
  mode?: string | null;
}

export interface CheckoutSessionExpired {
  id: string;
  status: string;
  expiredAt?: string;
}

/** What every call resolves to: the session, the request ID, and the body as sent. */
export interface ApiResponse<T> {
  data: T;
  requestId: string | undefined;
  /** The response body exactly as the server sent it (for `--json`). */
  body: unknown;
  status: number;
  /** True when the server replayed a stored response for a repeated Idempotency-Key. */
  replayed: boolean;
}

type Raw = Record<string, unknown>;

/** Reads `camelCase` first, then `snake_case`, of the same field. */
function pick(raw: Raw, camel: string): unknown {
  if (raw[camel] !== undefined) return raw[camel];
  const snake = camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  return raw[snake];
}

const asString = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const asNullableString = (v: unknown): string | null | undefined => (v === null ? null : asString(v));
const asNumber = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function normalizeSession(raw: Raw): CheckoutSession {
  const methods = pick(raw, 'allowedMethods');
  const session: CheckoutSession = {
    id: asString(raw.id) ?? '',
    url: asString(raw.url),
    status: asString(raw.status),
    publicToken: asString(pick(raw, 'publicToken')),
    // The retrieve schema calls the amount `amount_total`; create calls it `amountMinor`.
    amountMinor: asNumber(pick(raw, 'amountMinor')) ?? asNumber(pick(raw, 'amountTotal')),
    currency: asString(raw.currency),
    allowedMethods: Array.isArray(methods) ? methods.filter((m): m is string => typeof m === 'string') : undefined,
    selectedMethod: asNullableString(pick(raw, 'selectedMethod')),
    expiresAt: asString(pick(raw, 'expiresAt')),
    expiredAt: asString(pick(raw, 'expiredAt')),
    createdAt: asString(pick(raw, 'createdAt')),
    invoiceId: asNullableString(pick(raw, 'invoiceId')),
    productId: asNullableString(pick(raw, 'productId')),
    customerId: asNullableString(pick(raw, 'customerId')),
    successUrl: asNullableString(pick(raw, 'successUrl')),
    cancelUrl: asNullableString(pick(raw, 'cancelUrl')),
    mode: asNullableString(raw.mode),
  };
  for (const key of Object.keys(session) as (keyof CheckoutSession)[]) {
    if (session[key] === undefined) delete session[key];
  }
  return session;
}
