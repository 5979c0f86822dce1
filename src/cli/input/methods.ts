import { PAYMENT_METHODS, type PaymentMethod } from '../../client/session.js';
import { UsageError } from '../errors.js';

/** `--method card --method in_store` and `--method card,in_store` alike; duplicates once. */
export function parseMethods(values: string[]): PaymentMethod[] {
  const methods = new Set<PaymentMethod>();
  for (const item of values.flatMap((v) => v.split(','))) {
    const method = item.trim();
    if (method === '') continue;
    if (!(PAYMENT_METHODS as readonly string[]).includes(method)) {
      throw new UsageError(`--method ${JSON.stringify(method)} is not a payment method: use ${PAYMENT_METHODS.join(', ')}`);
    }
    methods.add(method as PaymentMethod);
  }
  return [...methods];
}
