import { CHECKOUT_SESSION_EVENTS } from '../../client/session.js';
import type { Context } from '../context.js';
import { CliError, ExitCode, UsageError } from '../errors.js';
import type { Globals } from '../globals.js';
import { parseWebhookTarget, webhookSecret } from '../input/webhooks.js';

export interface TriggerOptions {
  forwardTo?: string[];
  webhookSecret?: string;
}

/** Sends one signed sample event to a handler, as the mock would for a real session. */
export async function runWebhooksTrigger(ctx: Context, globals: Globals, type: string, opts: TriggerOptions): Promise<void> {
  if (!(CHECKOUT_SESSION_EVENTS as readonly string[]).includes(type)) {
    throw new UsageError(`No sample for ${JSON.stringify(type)}: use ${CHECKOUT_SESSION_EVENTS.join(' or ')}`);
  }
  const targets = (opts.forwardTo ?? []).map(parseWebhookTarget);
  if (targets.length === 0) throw new UsageError('Where to? Pass --forward-to URL, e.g. --forward-to http://127.0.0.1:3000/webhooks');
  const secret = webhookSecret(ctx, opts.webhookSecret, false);
  const { WebhookForwarder, newEvent } = await import('../../mock/webhook-forwarder.js');
  const { sampleSession } = await import('../../mock/session-store.js');
  const forwarder = new WebhookForwarder({ targets, secret: secret.value, log: (line) => ctx.stderr.write(`${line}\n`), delaysMs: triggerDelays() });
  const stop = () => forwarder.close();
  ctx.signal.addEventListener('abort', stop, { once: true });
  const event = newEvent(type, sampleSession(type === 'checkout.session.completed' ? 'complete' : 'expired'), false);
  let outcomes;
  try {
    outcomes = await forwarder.emit(event);
  } finally {
    ctx.signal.removeEventListener('abort', stop);
  }
  if (ctx.signal.aborted) throw ctx.signal.reason;
  if (globals.output === 'json') ctx.stdout.write(`${JSON.stringify({ event, deliveries: outcomes }, null, 2)}\n`);
  else for (const o of outcomes) ctx.stdout.write(`${o.ok ? 'Delivered' : 'Not delivered:'} ${type} ${event.id} to ${o.target} (${o.status === undefined ? (o.problem ?? 'no answer') : `HTTP ${o.status}`}, ${o.attempts} ${o.attempts === 1 ? 'attempt' : 'attempts'})\n`);
  const failed = outcomes.filter((o) => !o.ok);
  if (failed.length === 0) return;
  // No answer at all is the network's exit code; an answer that refused the event is the handler's.
  if (failed.every((o) => o.status === undefined)) {
    throw new CliError(`No handler answered at ${failed.map((o) => o.target).join(', ')}`, ExitCode.network, 'webhook_unreachable', 'Is your handler listening there?');
  }
  throw new CliError(`The handler refused the event at ${failed.map((o) => o.target).join(', ')}`, ExitCode.failure, 'webhook_refused', 'A handler answers 2xx once it has checked the signature; see what it logged');
}

/** A trigger is waited for: two quick retries, not the mock's minute. */
function triggerDelays(): number[] {
  return [500, 1_000];
}
