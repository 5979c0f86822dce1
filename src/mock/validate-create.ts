import { PAYMENT_METHODS } from '../client/session.js';

/** IDs as the official examples write them (`inv_123`) or as the schema types them (UUIDs). */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$/;

export interface CreateInput {
  invoiceId?: string;
  productId?: string;
  amountMinor?: number;
  currency: string;
  successUrl?: string;
  cancelUrl?: string;
  allowedMethods?: string[];
  companionDeviceId?: string;
}

/** Checks a create body against CreateCheckoutSessionInput; returns the problem, or the input. */
export function validateCreateBody(body: unknown): { error: string; param?: string } | { input: CreateInput } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { error: 'Request body must be a JSON object' };
  }
  const b = body as Record<string, unknown>;
  for (const field of ['invoiceId', 'productId', 'companionDeviceId'] as const) {
    if (b[field] !== undefined && (typeof b[field] !== 'string' || !ID_PATTERN.test(b[field] as string))) {
      return { error: `${field} must be an ID string`, param: field };
    }
  }
  if (b.amountMinor !== undefined && (!Number.isSafeInteger(b.amountMinor) || (b.amountMinor as number) < 1)) {
    return { error: 'amountMinor must be a positive integer number of minor units', param: 'amountMinor' };
  }
  if (b.currency !== undefined && (typeof b.currency !== 'string' || !/^[A-Z]{3}$/.test(b.currency))) {
    return { error: 'currency must be a three-letter ISO 4217 code such as USD', param: 'currency' };
  }
  for (const field of ['successUrl', 'cancelUrl'] as const) {
    if (b[field] !== undefined && !isWebUrl(b[field])) {
      return { error: `${field} must be an absolute http or https URL`, param: field };
    }
  }
  if (b.allowedMethods !== undefined) {
    const methods = b.allowedMethods;
    if (!Array.isArray(methods) || methods.some((m) => !(PAYMENT_METHODS as readonly unknown[]).includes(m))) {
      return { error: `allowedMethods must be an array of ${PAYMENT_METHODS.join(', ')}`, param: 'allowedMethods' };
    }
  }
  if (b.invoiceId === undefined && b.productId === undefined && b.amountMinor === undefined) {
    return { error: 'One of invoiceId, productId or amountMinor is required' };
  }
  return {
    input: {
      invoiceId: b.invoiceId as string | undefined,
      productId: b.productId as string | undefined,
      amountMinor: b.amountMinor as number | undefined,
      currency: (b.currency as string | undefined) ?? 'USD',
      successUrl: b.successUrl as string | undefined,
      cancelUrl: b.cancelUrl as string | undefined,
      allowedMethods: b.allowedMethods as string[] | undefined,
      companionDeviceId: b.companionDeviceId as string | undefined,
    },
  };
}

/** Where a browser is sent after paying: a web page, never `javascript:`, `data:` or `file:`. */
function isWebUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const protocol = new URL(value).protocol;
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}
