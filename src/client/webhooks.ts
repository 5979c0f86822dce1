import { createHmac, timingSafeEqual } from 'node:crypto';
import { InvalidOptionsError, RevKeenError } from './errors.js';

/** The header RevKeen signs each delivery with: `t=<unix seconds>,v1=<hex HMAC-SHA256>`. */
export const SIGNATURE_HEADER = 'X-Revkeen-Signature';

export { CHECKOUT_SESSION_EVENTS, type CheckoutSessionEventType } from './session.js';

/** The envelope of every delivery (the official document's `WebhookEvent`). */
export interface WebhookEvent<T = Record<string, unknown>> {
  id: string;
  type: string;
  /** Unix seconds. */
  created: number;
  livemode: boolean;
  data: { object: T; previous_attributes?: Record<string, unknown> };
}

export type WebhookFailure = 'malformed_header' | 'no_matching_signature' | 'timestamp_outside_tolerance' | 'malformed_payload';

/** A delivery that must not be trusted; `reason` says why. */
export class WebhookSignatureError extends RevKeenError {
  readonly reason: WebhookFailure;
  constructor(reason: WebhookFailure, message: string) {
    super(message, { code: reason });
    this.reason = reason;
  }
}

export interface VerifyOptions {
  /** How far the signature's time may be from now, either way. Default 300 s. */
  toleranceSeconds?: number;
  /** Now, in ms (tests). */
  now?: number;
}

const SIGNATURE_BYTES = 32; // SHA-256

function digest(secret: string, timestamp: number | string, rawBody: string | Buffer): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest();
}

/** The header value for a body: `t=…,v1=…`. */
export function signWebhook(rawBody: string | Buffer, secret: string, timestampSeconds = Math.floor(Date.now() / 1000)): string {
  return `t=${timestampSeconds},v1=${digest(secret, timestampSeconds, rawBody).toString('hex')}`;
}

/**
 * Checks a delivery and returns its event. Verify the raw body exactly as received, before any
 * JSON parsing. Every `v1` entry is tried (a rotated secret signs with both), each compared in
 * constant time; entries of the wrong length are skipped, never compared.
 */
export function verifyWebhook<T = Record<string, unknown>>(
  rawBody: string | Buffer,
  signatureHeader: string | string[] | undefined,
  secret: string,
  { toleranceSeconds = 300, now = Date.now() }: VerifyOptions = {},
): WebhookEvent<T> {
  if (typeof secret !== 'string' || secret === '') throw new InvalidOptionsError('verifyWebhook needs the endpoint’s secret');
  if (!Number.isFinite(toleranceSeconds) || toleranceSeconds < 0) {
    throw new InvalidOptionsError(`toleranceSeconds must be a number of seconds, not ${String(toleranceSeconds)}`);
  }
  const header = Array.isArray(signatureHeader) ? signatureHeader.join(',') : signatureHeader;
  if (typeof header !== 'string' || header.trim() === '') {
    throw new WebhookSignatureError('malformed_header', `No ${SIGNATURE_HEADER} header`);
  }
  let timestamp: string | undefined;
  const candidates: Buffer[] = [];
  for (const part of header.split(',')) {
    const at = part.indexOf('=');
    const key = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    if (at <= 0) throw new WebhookSignatureError('malformed_header', `${SIGNATURE_HEADER} has a part that is not key=value`);
    if (key === 't') {
      if (timestamp !== undefined || !/^\d{1,12}$/.test(value)) {
        throw new WebhookSignatureError('malformed_header', `${SIGNATURE_HEADER} needs exactly one t=<unix seconds>`);
      }
      timestamp = value;
    } else if (key === 'v1' && /^[0-9a-fA-F]+$/.test(value) && value.length === SIGNATURE_BYTES * 2) {
      candidates.push(Buffer.from(value, 'hex'));
    }
    // Other schemes (v0, …) and v1 values of the wrong shape are not ours to check.
  }
  if (timestamp === undefined) throw new WebhookSignatureError('malformed_header', `${SIGNATURE_HEADER} has no t=<unix seconds>`);
  if (candidates.length === 0) throw new WebhookSignatureError('malformed_header', `${SIGNATURE_HEADER} has no v1 signature`);

  const expected = digest(secret, timestamp, rawBody);
  let matched = false;
  for (const candidate of candidates) matched = timingSafeEqual(candidate, expected) || matched;
  if (!matched) throw new WebhookSignatureError('no_matching_signature', 'No signature matches this body and secret');

  const age = Math.abs(now / 1000 - Number(timestamp));
  if (age > toleranceSeconds) {
    throw new WebhookSignatureError(
      'timestamp_outside_tolerance',
      `The signature's time is ${Math.round(age)} s from now, more than the ${toleranceSeconds} s allowed`,
    );
  }
  let event: unknown;
  try {
    event = JSON.parse(Buffer.isBuffer(rawBody) ? rawBody.toString('utf8') : rawBody);
  } catch {
    throw new WebhookSignatureError('malformed_payload', 'The signed body is not JSON');
  }
  const e = event as Partial<WebhookEvent>;
  if (!e || typeof e !== 'object' || typeof e.type !== 'string' || typeof e.id !== 'string' || typeof e.data !== 'object' || e.data === null) {
    throw new WebhookSignatureError('malformed_payload', 'The signed body is not a webhook event');
  }
  return event as WebhookEvent<T>;
}
