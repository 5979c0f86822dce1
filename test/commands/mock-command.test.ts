import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { InterruptedError } from '../../src/cli/errors.js';
import { main } from '../../src/cli/main.js';
import { testContext } from '../helpers/context.js';
import { startReceiver } from '../helpers/receiver.js';

const KEY = 'rk_sandbox_mock_command_0a9b8c7d';

/** Starts `revkeen mock ...` in this process; resolves with its base URL and a way to press Ctrl-C. */
async function startMock(args: string[], env: Record<string, string> = {}) {
  const stop = new AbortController();
  const { ctx, stdout, stderr } = testContext({ stop, env });
  const exited = main(['mock', ...args], ctx);
  await expect.poll(() => stdout().includes('\n') || stderr().includes('Error'), { timeout: 5000 }).toBe(true);
  return {
    baseUrl: stdout().split('\n')[0],
    stdout,
    stderr,
    exited,
    stop: async () => {
      stop.abort(new InterruptedError('SIGINT'));
      return exited;
    },
  };
}

describe('revkeen mock, in-process', () => {
  it('prints its base URL alone on the first line, logs requests, serves the API, and Ctrl-C is exit 0', async () => {
    const mock = await startMock(['--port', '0']);
    expect(mock.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v2$/);
    const reply = await fetch(`${mock.baseUrl}/checkout-sessions`, {
      method: 'POST',
      headers: { 'x-api-key': KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ amountMinor: 1250, currency: 'USD' }),
    });
    expect(reply.status).toBe(201);
    expect(mock.stderr()).toContain(`RevKeen mock API listening on ${mock.baseUrl}\n`);
    expect(mock.stderr()).toContain(`export REVKEEN_BASE_URL=${mock.baseUrl} REVKEEN_API_KEY=rk_sandbox_mock_key`);
    expect(mock.stderr()).toContain('Press Ctrl-C to stop.');
    await expect.poll(() => mock.stderr()).toMatch(/mock: POST \/v2\/checkout-sessions.*201/);
    expect(await mock.stop()).toBe(0);
    await expect(fetch(`${mock.baseUrl}/checkout-sessions/x`)).rejects.toThrow();
  });

  it('--quiet logs no requests', async () => {
    const mock = await startMock(['--port', '0', '--quiet']);
    await fetch(`${mock.baseUrl}/checkout-sessions/cs_1`, { headers: { 'x-api-key': KEY } });
    expect(await mock.stop()).toBe(0);
    expect(mock.stderr()).not.toContain('mock: ');
  });

  it('forwards signed events, saying where and with which secret; a made-up secret is printed once', async () => {
    const receiver = await startReceiver('whsec_mock_command_secret_000');
    try {
      const chosen = await startMock(['--port', '0', '--forward-to', receiver.url], { REVKEEN_WEBHOOK_SECRET: 'whsec_mock_command_secret_000' });
      expect(chosen.stderr()).toContain(`Forwarding checkout.session.completed and checkout.session.expired to ${receiver.url}\n`);
      expect(chosen.stderr()).toContain('Signed with the secret from REVKEEN_WEBHOOK_SECRET\n');
      const created = (await (
        await fetch(`${chosen.baseUrl}/checkout-sessions`, { method: 'POST', headers: { 'x-api-key': KEY, 'content-type': 'application/json' }, body: '{"amountMinor":100,"currency":"USD"}' })
      ).json()) as { data: { id: string } };
      await fetch(`${chosen.baseUrl}/checkout-sessions/${created.data.id}/expire`, { method: 'POST', headers: { 'x-api-key': KEY } });
      const [event] = await receiver.waitFor(1);
      expect(event.type).toBe('checkout.session.expired');
      expect(await chosen.stop()).toBe(0);

      const made = await startMock(['--port', '0', '--forward-to', receiver.url]);
      expect(made.stderr()).toMatch(/Signed with the secret whsec_[A-Za-z0-9_-]{32} \(made up for this run; choose one with --webhook-secret\)\n/);
      expect(await made.stop()).toBe(0);
    } finally {
      await receiver.close();
    }
  });

  it('a busy port is an ordinary error with a next step, exit 1', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as { port: number }).port;
    try {
      const { ctx, stderr } = testContext();
      expect(await main(['mock', '--port', String(port)], ctx)).toBe(1);
      expect(stderr()).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      expect(stderr()).toContain('--port 0 for any free one');
      expect(stderr()).not.toContain('bug');
    } finally {
      busy.close();
    }
  });

  it.each([
    [['--port', '70000'], '--port "70000" must be 0-65535'],
    [['--port', '0', '--session-ttl', 'soon'], '--session-ttl "soon" is not a duration'],
    [['--port', '0', '--forward-to', 'ftp://127.0.0.1/'], '--forward-to must be an http: or https: URL, not ftp:'],
    [['--port', '0', '--host', '203.0.113.7'], '203.0.113.7 is not an address of this machine'],
  ])('%j is refused before listening: %s', async (args, message) => {
    const { ctx, stderr } = testContext();
    const code = await main(['mock', ...args], ctx);
    expect(code).toBeGreaterThan(0);
    expect(stderr()).toContain(message);
  });
});
