import { afterEach, describe, expect, it } from 'vitest';
import { InterruptedError } from '../../src/cli/errors.js';
import { runInProcess } from '../helpers/context.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';

const SECRET = 'whsec_trigger_in_process_0123456789';
let receivers: Receiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  receivers = [];
});
const receiver = async (...args: Parameters<typeof startReceiver>) => {
  const r = await startReceiver(...args);
  receivers.push(r);
  return r;
};
const trigger = (...args: string[]) => runInProcess(['webhooks', 'trigger', ...args]);

describe('revkeen webhooks trigger, in-process', () => {
  it.each([
    ['checkout.session.completed', 'complete'],
    ['checkout.session.expired', 'expired'],
  ])('sends %s, signed, with a session that is %s, to every target; the secret never printed', async (type, status) => {
    const [a, b] = [await receiver(SECRET), await receiver(SECRET)];
    const run = await trigger(type, '--forward-to', a.url, '--forward-to', ` ${b.url} `, '--webhook-secret', SECRET);
    expect(run.code).toBe(0);
    for (const r of [a, b]) {
      const [event] = await r.waitFor(1);
      expect(event.type).toBe(type);
      expect(event.livemode).toBe(false);
      expect((event.data.object as { status: string }).status).toBe(status);
    }
    const [event] = await a.waitFor(1);
    expect(run.stdout).toBe(
      `Delivered ${type} ${event.id} to ${a.url} (HTTP 200, 1 attempt)\nDelivered ${type} ${event.id} to ${b.url} (HTTP 200, 1 attempt)\n`,
    );
    expect(run.stdout + run.stderr).not.toContain(SECRET);
  });

  it('takes the secret from REVKEEN_WEBHOOK_SECRET, and prints JSON with -o json', async () => {
    const r = await receiver(SECRET);
    const run = await runInProcess(['webhooks', 'trigger', 'checkout.session.completed', '--forward-to', r.url, '-o', 'json'], { env: { REVKEEN_WEBHOOK_SECRET: SECRET } });
    expect(run.code).toBe(0);
    const printed = JSON.parse(run.stdout) as { event: { id: string; type: string }; deliveries: { ok: boolean; attempts: number; status: number; target: string }[] };
    expect(printed.event.id).toBe((await r.waitFor(1))[0].id);
    expect(printed.deliveries).toEqual([expect.objectContaining({ ok: true, attempts: 1, status: 200, target: r.url })]);
  });

  it('retries a handler that fails first, counting attempts', async () => {
    const r = await receiver(SECRET, (attempt, _req, res) => (attempt === 1 ? (res.writeHead(503).end(), true) : false));
    const run = await trigger('checkout.session.expired', '--forward-to', r.url, '--webhook-secret', SECRET);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Delivered checkout\.session\.expired evt_\S+ to \S+ \(HTTP 200, 2 attempts\)\n$/);
    // Each attempt is logged on stderr, with the wait before the next.
    expect(run.stderr).toMatch(/^webhook checkout\.session\.expired evt_\S+ → \S+ attempt 1: HTTP 503 in \d+ ms; retrying in 0\.5 s\nwebhook checkout\.session\.expired evt_\S+ → \S+ attempt 2: HTTP 200 in \d+ ms\n$/);
  });

  it('is exit 1 when the handler refuses (a wrong secret), naming the target', async () => {
    const r = await receiver('whsec_another_secret_entirely_000');
    const run = await trigger('checkout.session.completed', '--forward-to', r.url, '--webhook-secret', SECRET);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^Not delivered: checkout\.session\.completed evt_\S+ to \S+ \(HTTP 400, 3 attempts\)\n$/);
    expect(run.stderr).toContain(`Error: The handler refused the event at ${r.url}\nHint: A handler answers 2xx once it has checked the signature; see what it logged\n`);
    expect(r.received.every((x) => x.refused === 'no_matching_signature')).toBe(true);
  });

  it('is exit 5 when no handler answers at all', async () => {
    const r = await receiver(SECRET);
    const url = r.url;
    await r.close();
    const run = await trigger('checkout.session.completed', '--forward-to', url, '--webhook-secret', SECRET);
    expect(run.code).toBe(5);
    expect(run.stdout).toMatch(/^Not delivered: checkout\.session\.completed evt_\S+ to \S+ \(connection refused, 3 attempts\)\n$/);
    expect(run.stderr).toMatch(/attempt 2: connection refused in \d+ ms; retrying in 1 s\n.*attempt 3: connection refused in \d+ ms; giving up\n/);
    expect(run.stderr).toContain(`Error: No handler answered at ${url}\nHint: Is your handler listening there?\n`);
  });

  it('is exit 2, sending nothing, for an unknown event, no target, a bad target or no secret', async () => {
    const r = await receiver(SECRET);
    const cases: [string[], RegExp][] = [
      [['checkout.session.paid', '--forward-to', r.url, '--webhook-secret', SECRET], /No sample for "checkout\.session\.paid": use checkout\.session\.completed or checkout\.session\.expired/],
      [['checkout.session.completed', '--webhook-secret', SECRET], /Where to\? Pass --forward-to URL/],
      [['checkout.session.completed', '--forward-to', 'ftp://127.0.0.1/x', '--webhook-secret', SECRET], /--forward-to must be an http: or https: URL, not ftp:/],
      [['checkout.session.completed', '--forward-to', 'not a url', '--webhook-secret', SECRET], /--forward-to "not a url" is not a URL/],
      [['checkout.session.completed', '--forward-to', r.url], /Which secret should sign it\?/],
      [['checkout.session.completed', '--forward-to', r.url, '--webhook-secret', '  '], /--webhook-secret is empty/],
    ];
    for (const [args, message] of cases) {
      const run = await trigger(...args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
    }
    expect(r.received).toEqual([]);
  });

  it('one handler refusing and another not there is the handler’s failure (exit 1), naming both', async () => {
    const refusing = await receiver('whsec_another_secret_entirely_000');
    const gone = await receiver(SECRET);
    const goneUrl = gone.url;
    await gone.close();
    const run = await trigger('checkout.session.completed', '--forward-to', refusing.url, '--forward-to', goneUrl, '--webhook-secret', SECRET);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`The handler refused the event at ${refusing.url}, ${goneUrl}`);
  });

  it('Ctrl-C while a handler keeps it waiting: stops at once, exit 130', async () => {
    const hanging = await receiver(SECRET, () => true);
    const stop = new AbortController();
    setTimeout(() => stop.abort(new InterruptedError('SIGINT')), 100);
    const started = Date.now();
    const run = await runInProcess(['webhooks', 'trigger', 'checkout.session.completed', '--forward-to', hanging.url, '--webhook-secret', SECRET], { stop });
    expect(run.code).toBe(130);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(run.stdout).toBe('');
  });
});
