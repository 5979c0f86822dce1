import { randomBytes } from 'node:crypto';
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';

/** `--forward-to URL`: where a handler of yours listens, http or https. */
export function parseWebhookTarget(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new UsageError(`--forward-to ${JSON.stringify(value)} is not a URL: pass one like http://127.0.0.1:3000/webhooks`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--forward-to must be an http: or https: URL, not ${url.protocol}`);
  return url.href;
}

/**
 * The signing secret: `--webhook-secret`, else REVKEEN_WEBHOOK_SECRET, else (when `makeOne`)
 * one made up for this run. A secret the user chose is masked from then on; a made-up one is
 * printed once, since the handler needs it.
 */
export function webhookSecret(
  ctx: Pick<Context, 'env' | 'addSecret'>,
  flag: string | undefined,
  makeOne = true,
): { value: string; from: string; made: boolean } {
  const given = flag !== undefined ? { value: flag, from: '--webhook-secret' } : ctx.env.REVKEEN_WEBHOOK_SECRET ? { value: ctx.env.REVKEEN_WEBHOOK_SECRET, from: 'REVKEEN_WEBHOOK_SECRET' } : undefined;
  if (given) {
    if (given.value.trim() === '') throw new UsageError(`${given.from} is empty: a webhook secret signs every delivery`);
    ctx.addSecret(given.value);
    return { ...given, made: false };
  }
  if (!makeOne) {
    throw new UsageError('Which secret should sign it? Pass --webhook-secret (the one your handler verifies with), or set REVKEEN_WEBHOOK_SECRET');
  }
  return { value: `whsec_${randomBytes(24).toString('base64url')}`, from: 'this run', made: true };
}
