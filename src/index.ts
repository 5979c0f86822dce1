export { RevKeen, type RevKeenOptions } from './client/client.js';
export type { RequestOptions } from './client/checkout-sessions.js';
export * from './client/errors.js';
export {
  PAYMENT_METHODS,
  normalizeSession,
  type ApiResponse,
  type CheckoutSession,
  type CheckoutSessionCreateParams,
  type CheckoutSessionExpired,
  type PaymentMethod,
} from './client/session.js';
export { API_VERSION, type TraceEvent } from './client/transport.js';
export { maskKey } from './client/api-key.js';
export { VERSION } from './version.js';
export {
  CHECKOUT_SESSION_EVENTS,
  SIGNATURE_HEADER,
  WebhookSignatureError,
  signWebhook,
  verifyWebhook,
  type CheckoutSessionEventType,
  type VerifyOptions,
  type WebhookEvent,
  type WebhookFailure,
} from './client/webhooks.js';
