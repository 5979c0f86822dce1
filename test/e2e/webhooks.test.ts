import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../helpers/receiver.js';
import { BIN, baseEnv, runCli } from '../helpers/run-cli.js';

const SECRET = 'whsec_e2e_secret_value';
const KEY = 'rk_sandbox_webhooks_e2e_0123456789';
const HANDLER = fileURLToPath(new URL('../../examples/webhook-handler.mjs', import.meta.url));

const children: ChildProcess[] = [];
let receiver: Receiver | undefined;
afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('close', resolve));
    }
  }
  await receiver?.close();
  receiver = undefined;
});

/** Starts a long-running process and resolves with it once a line of its stdout matches. */
function startUntil(args: string[], env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; match: RegExpExecArray; out: () => string; err: () => string }> {
  const child = spawn(process.execPath, args, { env: { ...baseEnv(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  return new Promise((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const match = ready.exec(out);
      if (match) resolve({ child, match, out: () => out, err: () => err });
    });
    child.once('close', (code) => reject(new Error(`exited ${code} before ready: ${out}${err}`)));
  });
}

const waitUntil = async (check: () => boolean, what: string, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe('the whole loop on one machine', () => {
  it('the README’s handler receives the signed event of a session paid on the mock’s page', async () => {
    const handler = await startUntil([HANDLER], { REVKEEN_WEBHOOK_SECRET: SECRET, PORT: '0' }, /listening on (\S+)/);
    const mock = await startUntil([BIN, 'mock', '--port', '0', '--forward-to', handler.match[1]], { REVKEEN_WEBHOOK_SECRET: SECRET }, /^(http:\S+)\n/);
    const baseUrl = mock.match[1];
    const created = await runCli(['sessions', 'create', '--amount', '12.50', '--json'], { env: { REVKEEN_API_KEY: KEY, REVKEEN_BASE_URL: baseUrl } });
    const session = JSON.parse(created.stdout);
    const paid = await fetch(`${session.url}/pay`, { method: 'POST', body: 'method=card', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(paid.status).toBe(303);
    await waitUntil(() => handler.out().includes('checkout.session.completed'), 'the event');
    expect(handler.out()).toContain(`checkout.session.completed ${session.id} complete\n`);
    await runCli(['sessions', 'create', '--amount', '1', '--json'], { env: { REVKEEN_API_KEY: KEY, REVKEEN_BASE_URL: baseUrl } }).then((r) =>
      runCli(['sessions', 'expire', JSON.parse(r.stdout).id, '--yes'], { env: { REVKEEN_API_KEY: KEY, REVKEEN_BASE_URL: baseUrl } }),
    );
    await waitUntil(() => handler.out().includes('checkout.session.expired'), 'the expiry event');
    expect(mock.err()).toMatch(/Forwarding checkout\.session\.completed and checkout\.session\.expired to http:\/\/127\.0\.0\.1:\d+\/webhooks\nSigned with the secret from REVKEEN_WEBHOOK_SECRET\n/);
    expect(mock.err()).toMatch(/mock: webhook checkout\.session\.completed evt_\w+ → \S+ attempt 1: HTTP 200 in \d+ ms\n/);
    expect(mock.err()).not.toContain(SECRET);
  });

  it('without a secret, the mock makes one up and says it, once', async () => {
    receiver = await startReceiver('unused');
    const mock = await startUntil([BIN, 'mock', '--port', '0', '--forward-to', receiver.url], {}, /^(http:\S+)\n/);
    await waitUntil(() => /Signed with the secret whsec_\S+ \(made up for this run/.test(mock.err()), 'the secret');
  });

  it('the README shows the handler exactly as examples/webhook-handler.mjs has it', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const code = readFileSync(HANDLER, 'utf8').split('\n').filter((l) => !l.startsWith('//')).join('\n').trim();
    expect(readme).toContain(code);
  });
});

describe('revkeen webhooks trigger', () => {
  it('sends one signed sample event a handler verifies: exit 0', async () => {
    receiver = await startReceiver(SECRET);
    const r = await runCli(['webhooks', 'trigger', 'checkout.session.completed', '--forward-to', receiver.url, '--webhook-secret', SECRET]);
    expect(r.code, r.stderr).toBe(0);
    const [event] = await receiver.waitFor(1);
    expect(event).toMatchObject({ type: 'checkout.session.completed', livemode: false, data: { object: { object: 'checkout_session', status: 'complete', selected_method: 'card' } } });
    expect(r.stdout).toBe(`Delivered checkout.session.completed ${event.id} to ${receiver.url} (HTTP 200, 1 attempt)\n`);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
    const json = await runCli(['webhooks', 'trigger', 'checkout.session.expired', '--forward-to', receiver.url, '--json'], { env: { REVKEEN_WEBHOOK_SECRET: SECRET } });
    expect(JSON.parse(json.stdout)).toMatchObject({ event: { type: 'checkout.session.expired' }, deliveries: [{ ok: true, status: 200, attempts: 1 }] });
  });

  it('a handler that refuses is exit 1, no handler at all is exit 5, a missing secret or unknown event is exit 2', async () => {
    receiver = await startReceiver('whsec_not_the_same');
    const refused = await runCli(['webhooks', 'trigger', 'checkout.session.completed', '--forward-to', receiver.url, '--webhook-secret', SECRET]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/attempt 3: HTTP 400 in \d+ ms; giving up\n/);
    const closed = receiver.url;
    await receiver.close();
    receiver = undefined;
    const unreachable = await runCli(['webhooks', 'trigger', 'checkout.session.completed', '--forward-to', closed, '--webhook-secret', SECRET]);
    expect(unreachable.code).toBe(5);
    expect(unreachable.stderr).toContain('connection refused');
    expect((await runCli(['webhooks', 'trigger', 'checkout.session.completed', '--forward-to', closed])).code).toBe(2);
    expect((await runCli(['webhooks', 'trigger', 'payment.succeeded', '--forward-to', closed, '--webhook-secret', SECRET])).code).toBe(2);
  });
});
