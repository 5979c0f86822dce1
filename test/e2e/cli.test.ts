import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { loopbackHarness } from '../helpers/harness.js';
import { BIN, baseEnv, runCli } from '../helpers/run-cli.js';
import { createdBody, json, startFaultServer } from '../helpers/servers.js';

const KEY = 'rk_sandbox_e2e_secret_4f9a8b7c6d5e';
const h = loopbackHarness(KEY);


async function createId(): Promise<string> {
  const created = await h.cli(['sessions', 'create', '--invoice', 'inv_123', '--json']);
  return JSON.parse(created.stdout).id;
}

describe('sessions create | get | expire through the real bin', () => {
  it('creates a session and prints it readably', async () => {
    const r = await h.cli(['sessions', 'create', '--amount', '12.50', '--currency', 'EUR', '--method', 'card', '--method', 'pay_by_bank']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ID:\s+[0-9a-f-]{36}$/m);
    expect(r.stdout).toMatch(/^Status:\s+open$/m);
    expect(r.stdout).toMatch(/^Amount:\s+12\.50 EUR$/m);
    expect(r.stdout).toMatch(/^Methods:\s+card, pay_by_bank$/m);
    expect(r.stdout).toMatch(/^Expires:\s+\d{4}-\d\d-\d\d \d\d:\d\d UTC \(in 24 h\)$/m);
    expect(r.stdout).toMatch(/^URL:\s+http:\/\/127\.0\.0\.1:\d+\/p\/rvk_cs_\w+$/m);
    expect(r.stdout).not.toContain('\x1b[');
  });

  it('--url-only prints the URL and a newline, for $(...)', async () => {
    const r = await h.cli(['sessions', 'create', '--amount-minor', '1250', '--url-only']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/p\/rvk_cs_\w+\n$/);
    expect((await fetch(r.stdout.trim())).status).toBe(200);
  });

  it('--json prints one schema whichever endpoint answered; --raw prints the body as it came', async () => {
    const created = await h.cli(['sessions', 'create', '--product', 'prod_9', '--json']);
    const session = JSON.parse(created.stdout);
    expect(session.publicToken).toMatch(/^rvk_cs_/);
    expect(session.requestId).toMatch(/^req_/);

    const got = await h.cli(['sessions', 'get', session.id, '--json']);
    expect(got.code).toBe(0);
    const retrieved = JSON.parse(got.stdout);
    // create answers in camelCase, retrieve in snake_case: printed, they are the same session.
    expect(Object.keys(retrieved)).toEqual(Object.keys(session));
    for (const field of ['id', 'url', 'amountMinor', 'currency', 'allowedMethods', 'expiresAt', 'productId', 'invoiceId', 'successUrl']) {
      expect(retrieved[field], field).toEqual(session[field]);
    }
    expect(retrieved.status).toBe('open');

    const raw = await h.cli(['sessions', 'get', session.id, '--raw']);
    const body = JSON.parse(raw.stdout);
    expect(Object.keys(body)).toEqual(['data', 'requestId']);
    expect(body.data).toMatchObject({ id: session.id, object: 'checkout_session', status: 'open', expires_at: session.expiresAt });
    expect(h.mock.store.find(KEY, session.id)?.productId).toBe('prod_9');
  });

  it('sends every create parameter as the API names it', async () => {
    h.fault = await startFaultServer((_req, res) => json(res, 201, createdBody()));
    const r = await h.cli(
      [
        'sessions', 'create', '--amount', '1.234', '--currency', 'kwd',
        '--success-url', 'https://example.com/ok', '--cancel-url', 'https://example.com/no',
        '--method', 'card,in_store', '--companion-device', 'dev_7', '--idempotency-key', 'order-42',
      ],
      { baseUrl: h.fault.baseUrl },
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(h.fault.requests[0].body)).toEqual({
      amountMinor: 1234,
      currency: 'KWD',
      successUrl: 'https://example.com/ok',
      cancelUrl: 'https://example.com/no',
      allowedMethods: ['card', 'in_store'],
      companionDeviceId: 'dev_7',
    });
    expect(h.fault.requests[0].headers['idempotency-key']).toBe('order-42');
    expect(h.fault.requests[0].headers['user-agent']).toMatch(/^revkeen-cli\/\d+\.\d+\.\d+ node\/\d+/);
  });

  it('expires a session, and says so when it was already expired', async () => {
    const id = await createId();
    const first = await h.cli(['sessions', 'expire', id, '--yes']);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(new RegExp(`^${id}  expired at \\d{4}-`));
    const again = await h.cli(['sessions', 'expire', id, '--yes']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('was already expired');
    const got = await h.cli(['sessions', 'get', id]);
    expect(got.stdout).toMatch(/^Status:\s+expired$/m);
    expect(got.stdout).toMatch(/^Expired:/m);
  });

  it('expires several sessions and reports each under --json', async () => {
    const [a, b] = [await createId(), await createId()];
    const r = await h.cli(['sessions', 'expire', a, b, 'cs_missing', a, '--yes', '--json']);
    expect(r.code).toBe(1);
    const results = JSON.parse(r.stdout);
    expect(results.map((x: { id: string; outcome: string }) => [x.id, x.outcome])).toEqual([
      [a, 'expired'],
      [b, 'expired'],
      ['cs_missing', 'not_found'],
    ]);
    expect(JSON.parse(r.stderr).error.code).toBe('batch_failed');
  });
});

describe('exit codes, each produced through the bin', () => {
  it('0: success', async () => {
    expect((await h.cli(['sessions', 'get', await createId()])).code).toBe(0);
  });

  it('1: an API error such as 422, with the request ID in the message', async () => {
    h.fault = await startFaultServer((_req, res) =>
      json(res, 422, { error: { type: 'invalid_request_error', code: 'validation_error', message: 'Invoice inv_1 is already paid' }, requestId: 'req_422' }),
    );
    const r = await h.cli(['sessions', 'create', '--invoice', 'inv_1'], { baseUrl: h.fault.baseUrl });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Error: Invoice inv_1 is already paid (HTTP 422, request req_422)\n');
  });

  it('2: a usage error sends nothing', async () => {
    h.fault = await startFaultServer((_req, res) => json(res, 201, createdBody()));
    const refusals = [
      ['sessions', 'create'],
      ['sessions', 'create', '--amount', '12.345'],
      ['sessions', 'create', '--amount', '5', '--currency', 'XYZ'],
      ['sessions', 'create', '--invoice', 'inv_1', '--success-url', 'javascript:alert(1)'],
      ['sessions', 'create', '--invoice', 'inv_1', '--method', 'cash'],
      ['sessions', 'get', '../../admin'],
      ['sessions', 'get', 'cs_1', '--url-only', '--json'],
      ['sessions', 'get', 'cs_1', '-o', 'xml'],
      ['sessions', 'get', 'cs_1', '-o', 'yaml', '--json'],
      ['sessions', 'get', 'cs_1', 'cs_2', '--wait'],
      ['sessions', 'expire', 'cs_1', 'cs_2', '--raw', '--yes'],
      ['sessions', 'expire', 'cs_1'],
      ['sessions', 'create', '--invoice', 'inv_1', '--bogus'],
      ['sessions', 'get', 'cs_1', '--timeout', 'soon'],
    ];
    for (const args of refusals) {
      const r = await h.cli(args, { baseUrl: h.fault.baseUrl });
      expect(r.code, args.join(' ')).toBe(2);
      const message = args.includes('--json') ? JSON.parse(r.stderr).error.message : r.stderr;
      expect(message, args.join(' ')).toMatch(args.includes('--json') ? /^(--url-only prints the URL alone|--json is -o json)/ : /^Error: .+\n(Hint: .+\n)?$/);
    }
    expect(h.fault.requests).toHaveLength(0);
  });

  it('2: refuses an API key given as a flag, saying how to pass one', async () => {
    const r = await runCli(['sessions', 'get', 'cs_1', '--api-key', KEY]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('REVKEEN_API_KEY');
    expect(r.stderr).not.toContain(KEY);
  });

  it('2: refuses plain http to a host that is not loopback', async () => {
    const r = await h.cli(['sessions', 'get', 'cs_1'], { baseUrl: 'http://api.example.com/v2' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unencrypted/);
  });

  it('3: no key at all, a key the server rejects, and a 403', async () => {
    const none = await runCli(['sessions', 'get', 'cs_1'], { env: { REVKEEN_BASE_URL: h.mock.baseUrl } });
    expect(none.code).toBe(3);
    expect(none.stderr).toMatch(/^Error: No API key: log in with `revkeen login`, or set REVKEEN_API_KEY\n/);

    const rejected = await h.cli(['sessions', 'get', 'cs_1'], { env: { REVKEEN_API_KEY: 'not-a-revkeen-key' } });
    expect(rejected.code).toBe(3);
    expect(rejected.stderr).toMatch(/HTTP 401/);

    h.fault = await startFaultServer((_req, res) => json(res, 403, { message: 'Key lacks checkout:write' }));
    const forbidden = await h.cli(['sessions', 'create', '--invoice', 'inv_1'], { baseUrl: h.fault.baseUrl });
    expect(forbidden.code).toBe(3);
    expect(forbidden.stderr).toContain('Key lacks checkout:write');
  });

  it('4: not found', async () => {
    const r = await h.cli(['sessions', 'get', 'cs_does_not_exist']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^Error: No checkout session cs_does_not_exist \(HTTP 404, request req_\w+\)\nHint: /);
  });

  it('5: connection refused, and 503 after retries', async () => {
    h.fault = await startFaultServer((_req, res) => json(res, 503, { error: 'Service unavailable' }));
    const unavailable = await h.cli(['sessions', 'get', 'cs_1'], { baseUrl: h.fault.baseUrl });
    expect(unavailable.code).toBe(5);
    expect(unavailable.stderr).toMatch(/Service unavailable \(HTTP 503/);
    expect(h.fault.requests).toHaveLength(3);

    const closed = h.fault.baseUrl;
    await h.fault.close();
    h.fault = undefined;
    const refused = await h.cli(['sessions', 'get', 'cs_1'], { baseUrl: closed });
    expect(refused.code).toBe(5);
    expect(refused.stderr).toMatch(/Could not reach the RevKeen API at 127\.0\.0\.1:\d+: connection refused/);
    // The hint names the base URL and where it came from.
    expect(refused.stderr).toContain(`Hint: The base URL ${closed} came from REVKEEN_BASE_URL: check it, and the network`);
    const flag = await h.cli(['sessions', 'get', 'cs_1', '--base-url', closed], { env: { REVKEEN_BASE_URL: undefined } });
    expect(flag.stderr).toContain(`Hint: The base URL ${closed} came from --base-url`);
  });

  it('5: a timeout, with a clear message', async () => {
    h.fault = await startFaultServer(() => {});
    const r = await h.cli(['sessions', 'get', 'cs_1', '--timeout', '0.5'], { baseUrl: h.fault.baseUrl });
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/No complete answer from the RevKeen API within 0.5 s/);
  });

  it('6: expiring a session that was paid', async () => {
    const id = await createId();
    const session = h.mock.store.find(KEY, id);
    const paid = await fetch(`${session?.url}/pay`, { method: 'POST', redirect: 'manual' });
    expect(paid.status).toBe(303);
    const r = await h.cli(['sessions', 'expire', id, '--yes']);
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(/is complete; only open or pending sessions can be expired/);
  });

  it('130: Ctrl-C during a request stops at once, quietly', async () => {
    h.fault = await startFaultServer(() => {});
    const server = h.fault;
    const started = Date.now();
    const r = await h.cli(['sessions', 'get', 'cs_1'], {
      baseUrl: server.baseUrl,
      onSpawn: (child) => {
        const poll = setInterval(() => {
          if (server.requests.length > 0) {
            clearInterval(poll);
            child.kill('SIGINT');
          }
        }, 20);
      },
    });
    expect(r.code).toBe(130);
    expect(r.stderr).toBe('');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('under --json, an error is one JSON object on stderr', async () => {
    const r = await h.cli(['sessions', 'get', 'cs_nope', '--json']);
    expect(r.code).toBe(4);
    expect(r.stdout).toBe('');
    expect(JSON.parse(r.stderr)).toEqual({
      error: { code: 'resource_missing', message: 'No checkout session cs_nope', status: 404, requestId: expect.stringMatching(/^req_/) },
    });
  });
});

describe('secrets', () => {
  it('masks the key even when a server echoes it back, and in --verbose traces', async () => {
    h.fault = await startFaultServer((req, res) => json(res, 401, { error: `Key ${req.headers['x-api-key']} is revoked` }));
    const r = await h.cli(['sessions', 'get', 'cs_1', '--verbose'], { baseUrl: h.fault.baseUrl });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('x-api-key: rk_sandbox_…6d5e');
    expect(r.stderr).toContain('Key rk_sandbox_…');
    expect(r.stderr).toMatch(/^> GET http:\/\/127\.0\.0\.1:\d+\/v2\/checkout-sessions\/cs_1 \(attempt 1\)$/m);
    expect(r.stderr).toMatch(/^< 401 GET .+ in \d+ ms$/m);
  });
});

describe('revkeen mock as a process', () => {
  it('prints its base URL first and serves the CLI', async () => {
    const child = spawn(process.execPath, [BIN, 'mock', '--port', '0'], { env: baseEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const [baseUrl] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
      expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v2$/);
      const r = await h.cli(['sessions', 'create', '--invoice', 'inv_1', '--url-only'], { baseUrl });
      expect(r.code).toBe(0);
      expect(r.stdout.startsWith(baseUrl.replace('/v2', '/p/'))).toBe(true);
    } finally {
      // Ctrl-C is how a mock is meant to stop: it closes cleanly.
      child.kill('SIGINT');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
    }
  });
});
