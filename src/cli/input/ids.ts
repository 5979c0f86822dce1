import { UsageError } from '../errors.js';

/** UUIDs and prefixed IDs (`cs_123`, `inv_123`): letters, digits, `_` and `-`, so an ID is always one path segment. */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$/;

export function parseId(value: string, what: string): string {
  const id = value.trim();
  if (!ID_PATTERN.test(id)) {
    throw new UsageError(
      `${what} ${JSON.stringify(value)} is not an ID: use letters, digits, "_" and "-" only (e.g. cs_123 or a UUID)`,
    );
  }
  return id;
}

export function parseIdempotencyKey(value: string): string {
  if (!/^[\x21-\x7e]{1,255}$/.test(value)) {
    throw new UsageError('--idempotency-key must be 1-255 visible ASCII characters, e.g. a UUID');
  }
  return value;
}
