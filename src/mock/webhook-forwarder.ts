import { randomBytes } from 'node:crypto';
import { SIGNATURE_HEADER, signWebhook, type WebhookEvent } from '../client/webhooks.js';

/** Waits before each attempt after the first: six attempts over about a minute. */
export const DELIVERY_DELAYS_MS = [1_000, 3_000, 10_000, 20_000, 30_000];
const ATTEMPT_TIMEOUT_MS = 5_000;

export interface ForwarderOptions {
  targets: string[];
  secret: string;
  /** One line per attempt: event, target, attempt, status, time. */
  log: (line: string) => void;
  /** Waits between attempts (tests shorten them). */
  delaysMs?: number[];
  timeoutMs?: number;
}

export interface DeliveryOutcome {
  target: string;
  /** The last HTTP status, or undefined when no answer ever came. */
  status?: number;
  ok: boolean;
  attempts: number;
  /** Why the last attempt failed without a status: "connection refused", "timed out". */
  problem?: string;
}

export function newEvent<T>(type: string, object: T, livemode: boolean): WebhookEvent<T> {
  return { id: `evt_${randomBytes(12).toString('hex')}`, type, created: Math.floor(Date.now() / 1000), livemode, data: { object } };
}

/**
 * Delivers events to every target, signed, retrying a non-2xx answer, a timeout or a refused
 * connection. Runs on its own: whoever emits never waits for a delivery.
 */
export class WebhookForwarder {
  readonly #options: ForwarderOptions;
  readonly #timers = new Map<NodeJS.Timeout, () => void>();
  readonly #inFlight = new Set<AbortController>();
  #closed = false;

  constructor(options: ForwarderOptions) {
    this.#options = options;
  }

  /** Sends in the background; the promise is for those who want the outcome (the trigger command, tests). */
  emit(event: WebhookEvent): Promise<DeliveryOutcome[]> {
    const body = JSON.stringify(event);
    return Promise.all(this.#options.targets.map((target) => this.#deliver(event, body, target)));
  }

  async #deliver(event: WebhookEvent, body: string, target: string): Promise<DeliveryOutcome> {
    const delays = this.#options.delaysMs ?? DELIVERY_DELAYS_MS;
    let outcome: DeliveryOutcome = { target, ok: false, attempts: 0 };
    for (let attempt = 1; attempt <= delays.length + 1 && !this.#closed; attempt++) {
      const started = Date.now();
      outcome = { target, attempts: attempt, ...(await this.#attempt(body, target)) };
      const said = outcome.status !== undefined ? `HTTP ${outcome.status}` : (outcome.problem ?? 'no answer');
      const next = delays[attempt - 1];
      const then = outcome.ok ? '' : next === undefined ? '; giving up' : `; retrying in ${next / 1000} s`;
      this.#options.log(`webhook ${event.type} ${event.id} → ${target} attempt ${attempt}: ${said} in ${Date.now() - started} ms${then}`);
      if (outcome.ok || next === undefined) break;
      await this.#sleep(next);
    }
    return outcome;
  }

  async #attempt(body: string, target: string): Promise<{ ok: boolean; status?: number; problem?: string }> {
    const abort = new AbortController();
    this.#inFlight.add(abort);
    const timer = setTimeout(() => abort.abort(), this.#options.timeoutMs ?? ATTEMPT_TIMEOUT_MS);
    try {
      // Signed at each attempt, so the timestamp is fresh for the receiver's tolerance check.
      const response = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'revkeen-mock-webhooks', [SIGNATURE_HEADER]: signWebhook(body, this.#options.secret) },
        body,
        signal: abort.signal,
        redirect: 'manual',
      });
      await response.arrayBuffer().catch(() => undefined);
      return { ok: response.status >= 200 && response.status < 300, status: response.status };
    } catch (error) {
      const code = (error as { cause?: { code?: string } }).cause?.code;
      return { ok: false, problem: abort.signal.aborted ? 'timed out' : code === 'ECONNREFUSED' ? 'connection refused' : (code ?? (error as Error).message) };
    } finally {
      clearTimeout(timer);
      this.#inFlight.delete(abort);
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        resolve();
      }, ms);
      this.#timers.set(timer, resolve);
    });
  }

  /** Stops every retry still waiting and every attempt in flight; pending outcomes settle at once. */
  close(): void {
    this.#closed = true;
    for (const [timer, wake] of this.#timers) {
      clearTimeout(timer);
      wake();
    }
    this.#timers.clear();
    for (const abort of this.#inFlight) abort.abort();
  }
}
