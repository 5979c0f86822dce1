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

  it('says how to try it, exactly, and nothing about webhooks when it forwards none', async () => {
    const mock = await startMock(['--port', '0', '--quiet']);
    expect(await mock.stop()).toBe(0);
    expect(mock.stderr()).toBe(
      `RevKeen mock API listening on ${mock.baseUrl}\nTry it:\n  export REVKEEN_BASE_URL=${mock.baseUrl} REVKEEN_API_KEY=rk_sandbox_mock_key\n` +
        '  revkeen sessions create --amount 12.50 --currency USD\nPress Ctrl-C to stop.\n',
    );
  });

  it('--session-ttl sets how long new sessions stay open', async () => {
    const mock = await startMock(['--port', '0', '--quiet', '--session-ttl', '30s']);
    const before = Date.now();
    const reply = await fetch(`${mock.baseUrl}/checkout-sessions`, { method: 'POST', headers: { 'x-api-key': KEY, 'content-type': 'application/json' }, body: '{"amountMinor":100,"currency":"USD"}' });
    const { data } = (await reply.json()) as { data: { expiresAt: string } };
    expect(await mock.stop()).toBe(0);
    const ttl = Date.parse(data.expiresAt) - before;
    expect(ttl).toBeGreaterThan(28_000);
    expect(ttl).toBeLessThan(32_000);
  });

  it('logs each webhook delivery with its own prefix, even with --quiet', async () => {
    const receiver = await startReceiver('whsec_mock_command_secret_000');
    try {
      const mock = await startMock(['--port', '0', '--quiet', '--forward-to', receiver.url, '--webhook-secret', 'whsec_mock_command_secret_000']);
      const created = (await (
        await fetch(`${mock.baseUrl}/checkout-sessions`, { method: 'POST', headers: { 'x-api-key': KEY, 'content-type': 'application/json' }, body: '{"amountMinor":100,"currency":"USD"}' })
      ).json()) as { data: { id: string } };
      await fetch(`${mock.baseUrl}/checkout-sessions/${created.data.id}/expire`, { method: 'POST', headers: { 'x-api-key': KEY } });
      await receiver.waitFor(1);
      await expect.poll(() => mock.stderr()).toMatch(/\nmock: webhook checkout\.session\.expired evt_\S+ → \S+ attempt 1: HTTP 200 in \d+ ms\n/);
      expect(mock.stderr()).toContain('Signed with the secret from --webhook-secret\n');
      expect(await mock.stop()).toBe(0);
    } finally {
      await receiver.close();
    }
  });

  it('stopped before it is up: it still starts, prints its URL, and closes at once', async () => {
    const stop = new AbortController();
    stop.abort(new InterruptedError('SIGINT'));
    const { ctx, stdout } = testContext({ stop });
    expect(await main(['mock', '--port', '0', '--quiet'], ctx)).toBe(0);
    expect(stdout()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v2\n$/);
  });

  it('an address that is not this machine’s says which to use', async () => {
    const { ctx, stderr } = testContext();
    expect(await main(['mock', '--port', '0', '--host', '203.0.113.7'], ctx)).toBe(1);
    expect(stderr()).toBe('Error: 203.0.113.7 is not an address of this machine\nHint: Use --host 127.0.0.1 (the default)\n');
  });
});
