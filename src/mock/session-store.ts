import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { CreateInput } from './validate-create.js';

export interface StoredSession {
  id: string;
  owner: string;
  publicToken: string;
  url: string;
  status: 'open' | 'pending' | 'complete' | 'expired';
  amountMinor: number;
  currency: string;
  invoiceId: string | null;
  productId: string | null;
  successUrl: string | null;
  cancelUrl: string | null;
  allowedMethods: string[];
  selectedMethod: string | null;
  companionDeviceId: string | null;
  createdAt: number;
  expiresAt: number;
  expiredAt: number | null;
}

interface StoredReply {
  fingerprint: string;
  status: number;
  body: unknown;
  storedAt: number;
}

const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** What happens to a session that a webhook reports. */
export type SessionEvent = 'checkout.session.completed' | 'checkout.session.expired';

/** The mock's whole state: sessions and idempotent replies, in memory. */
export class SessionStore {
  readonly #sessions = new Map<string, StoredSession>();
  readonly #byToken = new Map<string, StoredSession>();
  readonly #replies = new Map<string, StoredReply>();
  readonly #ttlMs: number;
  readonly #now: () => number;
  /** Told when a session is paid, expired through the API, or lapses at its TTL. */
  onEvent: (type: SessionEvent, session: StoredSession) => void = () => {};

  constructor(ttlMs: number, now: () => number = Date.now) {
    this.#ttlMs = ttlMs;
    this.#now = now;
  }

  /** Lapses every open session whose time is up, so that its event goes out without anyone asking. */
  sweep(): void {
    for (const session of this.#sessions.values()) this.#refresh(session);
  }

  get size(): number {
    return this.#sessions.size;
  }

  create(owner: string, input: CreateInput, origin: string): StoredSession {
    const now = this.#now();
    const publicToken = `rvk_cs_${randomBytes(12).toString('hex')}`;
    const session: StoredSession = {
      id: randomUUID(),
      owner,
      publicToken,
      url: `${origin}/p/${publicToken}`,
      status: 'open',
      amountMinor: input.amountMinor ?? priceOf(input.invoiceId ?? input.productId ?? ''),
      currency: input.currency,
      invoiceId: input.invoiceId ?? null,
      productId: input.productId ?? null,
      successUrl: input.successUrl ?? null,
      cancelUrl: input.cancelUrl ?? null,
      allowedMethods: input.allowedMethods ?? ['card'],
      selectedMethod: null,
      companionDeviceId: input.companionDeviceId ?? null,
      createdAt: now,
      expiresAt: now + this.#ttlMs,
      expiredAt: null,
    };
    this.#sessions.set(session.id, session);
    this.#byToken.set(publicToken, session);
    return session;
  }

  /** Sessions are scoped to the key that made them, as a merchant's are. */
  find(owner: string, id: string): StoredSession | undefined {
    const session = this.#sessions.get(id);
    return session && session.owner === owner ? this.#refresh(session) : undefined;
  }

  findByToken(token: string): StoredSession | undefined {
    const session = this.#byToken.get(token);
    return session && this.#refresh(session);
  }

  expire(session: StoredSession): boolean {
    if (session.status !== 'open' && session.status !== 'pending') return false;
    session.status = 'expired';
    session.expiredAt = this.#now();
    // The retrieve schema has no expired_at: expires_at tells when the session stopped taking payment.
    session.expiresAt = session.expiredAt;
    this.onEvent('checkout.session.expired', session);
    return true;
  }

  pay(session: StoredSession, method: string): boolean {
    if (session.status !== 'open' && session.status !== 'pending') return false;
    session.status = 'complete';
    session.selectedMethod = method;
    this.onEvent('checkout.session.completed', session);
    return true;
  }

  /** The stored reply for this key, or undefined; `conflict` when the key was used for another request. */
  replay(scope: string, key: string, fingerprint: string): StoredReply | 'conflict' | undefined {
    const stored = this.#replies.get(`${scope}\n${key}`);
    if (!stored || this.#now() - stored.storedAt > IDEMPOTENCY_TTL_MS) return undefined;
    return stored.fingerprint === fingerprint ? stored : 'conflict';
  }

  remember(scope: string, key: string, fingerprint: string, status: number, body: unknown): void {
    this.#replies.set(`${scope}\n${key}`, { fingerprint, status, body, storedAt: this.#now() });
  }

  #refresh(session: StoredSession): StoredSession {
    if ((session.status === 'open' || session.status === 'pending') && this.#now() >= session.expiresAt) {
      session.status = 'expired';
      session.expiredAt = session.expiresAt;
      this.onEvent('checkout.session.expired', session);
    }
    return session;
  }
}

/** A stable made-up price for an invoice or product the mock has never seen. */
function priceOf(id: string): number {
  const n = createHash('sha256').update(id).digest().readUInt32BE(0);
  return 500 + (n % 9500);
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The create response's shape: camelCase, as CheckoutSessionCreateResponse_data. */
export function createView(s: StoredSession) {
  return {
    id: s.id,
    url: s.url,
    status: s.status,
    publicToken: s.publicToken,
    amountMinor: s.amountMinor,
    currency: s.currency,
    expiresAt: iso(s.expiresAt),
    allowedMethods: s.allowedMethods,
    selectedMethod: s.selectedMethod,
  };
}

/** The retrieve response's shape: snake_case, as the CheckoutSession schema. */
export function retrieveView(s: StoredSession) {
  return {
    id: s.id,
    object: 'checkout_session',
    status: s.status,
    mode: 'payment',
    amount_total: s.amountMinor,
    currency: s.currency,
    customer_id: null,
    payment_intent_id: null,
    invoice_id: s.invoiceId,
    subscription_id: null,
    url: s.url,
    success_url: s.successUrl,
    cancel_url: s.cancelUrl,
    expires_at: iso(s.expiresAt),
    created_at: iso(s.createdAt),
    allowed_methods: s.allowedMethods,
    selected_method: s.selectedMethod,
  };
}

export function expireView(s: StoredSession) {
  return { id: s.id, status: 'expired', expiredAt: iso(s.expiredAt) };
}

/** A session as the retrieve endpoint shows it, for sample events: made, then paid or expired. */
export function sampleSession(status: 'complete' | 'expired'): ReturnType<typeof retrieveView> {
  const store = new SessionStore(24 * 60 * 60 * 1000);
  const session = store.create('rk_sandbox_sample', { amountMinor: 1250, currency: 'USD', allowedMethods: ['card'] }, 'https://checkout.example');
  if (status === 'complete') store.pay(session, 'card');
  else store.expire(session);
  return retrieveView(session);
}
