import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SESSION_FIELDS } from '../../src/cli/output/public-schema.js';
import { loopbackHarness } from '../helpers/harness.js';
import { json, startFaultServer, type FaultServer } from '../helpers/servers.js';

const KEY = 'rk_sandbox_batch_secret_0a1b2c3d4e';
const h = loopbackHarness(KEY);


const openSessions = (n: number) =>
  Array.from({ length: n }, (_, i) => h.mock.store.create(KEY, { invoiceId: `inv_${i}`, currency: 'USD' }, h.mock.origin).id);

const expireBody = (id: string) => ({ data: { id, status: 'expired', expiredAt: '2026-11-23T12:00:00.000Z' }, requestId: `req_${id}` });

/** A server where each ID has a fate: its name says what expiring it meets. */
function fatefulServer(): Promise<FaultServer> {
  return startFaultServer((req, res) => {
    const [, id, expire] = /^\/v2\/checkout-sessions\/([^/]+)(\/expire)?$/.exec(req.url) ?? [];
    if (id.startsWith('cs_ok')) return json(res, 200, expireBody(id));
    if (id === 'cs_missing') return json(res, 404, { error: `No checkout session ${id}`, requestId: 'req_404' });
    if (id === 'cs_boom') return json(res, 500, { error: 'Internal error', requestId: 'req_500' });
    if (expire) return json(res, 409, { error: `Checkout session ${id} cannot be expired` });
    const status = id === 'cs_done' ? 'expired' : 'complete';
    json(res, 200, { data: { id, status, url: 'https://pay.example/p/x' }, requestId: 'req_get' });
  });
}

describe('where the IDs come from', () => {
  it('arguments, a file and stdin alike: blank lines and # comments ignored, duplicates expired once', async () => {
    const [a, b, c, d] = openSessions(4);
    const file = join(mkdtempSync(join(tmpdir(), 'revkeen-ids-')), 'stuck.txt');
    writeFileSync(file, `# ticket 1234: stuck sessions\n${b}\n\n  ${c}   # the one from the call\n${b}\n${a}\n`);
    const fromFile = await h.cli(['sessions', 'expire', a, '--from-file', file, '--yes', '--json']);
    expect(fromFile.code).toBe(0);
    const results = JSON.parse(fromFile.stdout) as { id: string; outcome: string }[];
    expect(results.map((r) => r.id).sort()).toEqual([a, b, c].sort());
    expect(results.every((r) => r.outcome === 'expired')).toBe(true);

    const fromStdin = await h.cli(['sessions', 'expire', '--from-file', '-', '--yes'], { input: `${d}\n${a}\n# done\n` });
    expect(fromStdin.code).toBe(0);
    expect(fromStdin.stdout).toBe(`✓ 2 of 2 sessions expired or already expired\nExpired (1):\n  ${d}\nAlready expired (1):\n  ${a}\n`);
  });

  it('a bad line stops everything before anything is sent', async () => {
    h.fault = await fatefulServer();
    const r = await h.cli(['sessions', 'expire', '--from-file', '-', '--yes'], { baseUrl: h.fault.baseUrl, input: 'cs_ok1\ncs_ok2\n../etc/passwd\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Error: Line 3 of stdin: Session ID "\.\.\/etc\/passwd" is not an ID/);
    expect(h.fault.requests).toHaveLength(0);
    const missing = await h.cli(['sessions', 'expire', '--from-file', '/nonexistent/ids.txt', '--yes'], { baseUrl: h.fault.baseUrl });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file');
  });

  it('without a terminal and without --yes, says how many and sends nothing', async () => {
    h.fault = await fatefulServer();
    const r = await h.cli(['sessions', 'expire', 'cs_ok1', 'cs_ok2', 'cs_ok3', 'cs_ok4'], { baseUrl: h.fault.baseUrl });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Error: Expire 4 sessions \(cs_ok1, cs_ok2, cs_ok3 and 1 more\)\? There is no terminal to ask on: pass --yes/);
    expect(h.fault.requests).toHaveLength(0);
  });
});

/** A session in the public schema: every field, null where the API did not say. */
const session = (known: Record<string, unknown>) => ({ ...Object.fromEntries(SESSION_FIELDS.map((f) => [f, null])), ...known });

describe('a batch with every outcome', () => {
  it('reports each ID with its outcome and exits 1', async () => {
    h.fault = await fatefulServer();
    const ids = ['cs_ok1', 'cs_done', 'cs_paid', 'cs_missing', 'cs_boom', 'cs_ok2'];
    const r = await h.cli(['sessions', 'expire', ...ids, '--yes', '--json', '--retries', '0'], { baseUrl: h.fault.baseUrl });
    expect(r.code).toBe(1);
    const byId = Object.fromEntries((JSON.parse(r.stdout) as { id: string }[]).map((x) => [x.id, x]));
    expect(byId).toEqual({
      cs_ok1: { id: 'cs_ok1', index: 1, ok: true, outcome: 'expired', session: session({ id: 'cs_ok1', status: 'expired', expiredAt: '2026-11-23T12:00:00.000Z' }), requestId: 'req_cs_ok1' },
      cs_ok2: { id: 'cs_ok2', index: 6, ok: true, outcome: 'expired', session: session({ id: 'cs_ok2', status: 'expired', expiredAt: '2026-11-23T12:00:00.000Z' }), requestId: 'req_cs_ok2' },
      cs_done: { id: 'cs_done', index: 2, ok: true, outcome: 'already_expired', session: session({ id: 'cs_done', status: 'expired', url: 'https://pay.example/p/x' }), requestId: 'req_get' },
      cs_paid: { id: 'cs_paid', index: 3, ok: false, outcome: 'not_expirable', session: session({ id: 'cs_paid', status: 'complete', url: 'https://pay.example/p/x' }), message: 'Checkout session cs_paid cannot be expired' },
      cs_missing: { id: 'cs_missing', index: 4, ok: false, outcome: 'not_found', message: 'No checkout session cs_missing', requestId: 'req_404' },
      cs_boom: { id: 'cs_boom', index: 5, ok: false, outcome: 'error', message: 'Internal error', requestId: 'req_500' },
    });
    expect(JSON.parse(r.stderr)).toMatchObject({ error: { code: 'batch_failed', message: '3 of 6 sessions were not expired' } });
  });

  it('prints a readable summary grouped by outcome', async () => {
    h.fault = await fatefulServer();
    const r = await h.cli(['sessions', 'expire', 'cs_ok1', 'cs_done', 'cs_paid', 'cs_missing', 'cs_boom', '--yes', '--retries', '0', '--concurrency', '1'], {
      baseUrl: h.fault.baseUrl,
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        '✗ 2 of 5 sessions expired or already expired',
        'Expired (1):',
        '  cs_ok1',
        'Already expired (1):',
        '  cs_done',
        'Not expirable (1):',
        '  cs_paid (complete)',
        'Not found (1):',
        '  cs_missing',
        'Errors (1):',
        '  cs_boom: Internal error (request req_500)',
        '',
      ].join('\n'),
    );
    expect(r.stderr).toBe('Error: 3 of 5 sessions were not expired\n');
  });
});

describe('support work through the bin', () => {
  it('--dry-run sends look-ups only, and the sessions stay as they were', async () => {
    const [a, b] = openSessions(2);
    h.mock.store.pay(h.mock.store.find(KEY, b)!, 'card');
    const r = await h.cli(['sessions', 'expire', a, b, 'cs_missing', '--dry-run', '--json', '--verbose']);
    expect(r.code).toBe(1);
    const outcomes = Object.fromEntries((JSON.parse(r.stdout) as { id: string; outcome: string }[]).map((x) => [x.id, x.outcome]));
    expect(outcomes).toEqual({ [a]: 'expired', [b]: 'not_expirable', cs_missing: 'not_found' });
    expect(r.stderr).not.toMatch(/^> POST/m);
    expect(r.stderr.match(/^> GET /gm)).toHaveLength(3);
    expect(h.mock.store.find(KEY, a)?.status).toBe('open');
  });

  it('get of many, as CSV a spreadsheet reads', async () => {
    const ids = openSessions(3);
    const r = await h.cli(['sessions', 'get', ...ids, '-o', 'csv']);
    expect(r.code).toBe(0);
    const [header, ...rows] = r.stdout.trimEnd().split('\r\n');
    expect(header.split(',').slice(0, 5)).toEqual(['index', 'id', 'ok', 'outcome', 'message']);
    expect(rows.map((row) => row.split(',')[1]).sort()).toEqual([...ids].sort());
  });
});

describe('throughput and rate limits', () => {
  it('runs --concurrency requests at once over that many kept-alive connections', async () => {
    let inFlight = 0;
    let peak = 0;
    const ports = new Set<number>();
    h.fault = await startFaultServer((req, res) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      ports.add(res.socket?.remotePort ?? 0);
      setTimeout(() => {
        inFlight--;
        json(res, 200, expireBody(req.url.split('/')[3]));
      }, 50);
    });
    const ids = Array.from({ length: 24 }, (_, i) => `cs_ok${i}`);
    const r = await h.cli(['sessions', 'expire', ...ids, '--yes', '--concurrency', '3'], { baseUrl: h.fault.baseUrl });
    expect(r.code).toBe(0);
    expect(h.fault.requests).toHaveLength(24);
    expect(peak).toBe(3);
    expect(ports.size).toBeLessThanOrEqual(3);
  });

  it('waits out 429s in the middle of a batch instead of failing', async () => {
    let limited = 0;
    h.fault = await startFaultServer((req, res, i) => {
      if (i >= 3 && limited < 2) {
        limited++;
        return json(res, 429, { error: 'Rate limit exceeded' }, { 'retry-after': '1' });
      }
      json(res, 200, expireBody(req.url.split('/')[3]));
    });
    const ids = Array.from({ length: 8 }, (_, i) => `cs_ok${i}`);
    const r = await h.cli(['sessions', 'expire', ...ids, '--yes', '--json', '--concurrency', '2'], { baseUrl: h.fault.baseUrl });
    expect(r.code).toBe(0);
    const results = JSON.parse(r.stdout) as { id: string; outcome: string }[];
    expect(results.map((x) => x.id).sort()).toEqual([...ids].sort());
    expect(results.every((x) => x.outcome === 'expired')).toBe(true);
    expect(h.fault.requests).toHaveLength(10);
    // The ID that met the 429 went again with the key it was first sent with.
    expect(new Set(h.fault.requests.map((q) => q.headers['idempotency-key'])).size).toBe(8);
  });

  it('a rejected key stops the batch at once with exit 3', async () => {
    h.fault = await startFaultServer((_req, res) => json(res, 401, { error: 'Revoked key' }));
    const ids = Array.from({ length: 20 }, (_, i) => `cs_ok${i}`);
    const r = await h.cli(['sessions', 'expire', ...ids, '--yes', '--concurrency', '2'], { baseUrl: h.fault.baseUrl });
    expect(r.code).toBe(3);
    expect(h.fault.requests.length).toBeLessThanOrEqual(2);
  });
});

describe('sessions get --wait', () => {
  it('returns once the customer pays, with the final body under --json', async () => {
    const [id] = openSessions(1);
    const session = h.mock.store.find(KEY, id);
    setTimeout(() => void fetch(`${session?.url}/pay`, { method: 'POST', redirect: 'manual' }), 600);
    const r = await h.cli(['sessions', 'get', id, '--wait', '--until', 'complete', '--interval', '250ms', '--wait-timeout', '20s', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ id, status: 'complete', selectedMethod: 'card' });
  });

  it('without --until, returns when the status leaves open', async () => {
    const [id] = openSessions(1);
    setTimeout(() => h.mock.store.expire(h.mock.store.find(KEY, id)!), 500);
    const r = await h.cli(['sessions', 'get', id, '--wait', '--interval', '250ms']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Status:\s+expired$/m);
  });

  it('times out with exit 1, saying where the session is', async () => {
    const [id] = openSessions(1);
    const started = Date.now();
    const r = await h.cli(['sessions', 'get', id, '--wait', '--until', 'complete', '--interval', '250ms', '--wait-timeout', '700ms']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^Error: Session ${id} is still open after 1 s; it did not reach complete\\n`));
    expect(Date.now() - started).toBeLessThan(8000);
  });

  it('refuses a status it does not know and a bad duration', async () => {
    expect((await h.cli(['sessions', 'get', 'cs_1', '--wait', '--until', 'paid'])).code).toBe(2);
    expect((await h.cli(['sessions', 'get', 'cs_1', '--wait', '--interval', 'often'])).code).toBe(2);
  });
});

describe('a batch stopped from outside keeps every promise, through the bin', () => {
  /** Answers each expire after `ms`, counting what it was sent. */
  const slowServer = (ms: number) =>
    startFaultServer((req, res) => void setTimeout(() => json(res, 200, expireBody(req.url.split('/')[3])), ms));

  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal} mid-batch: exit ${code}, a complete JSON array, every ID once, nothing sent after the stop`, async () => {
      h.fault = await slowServer(100);
      const ids = Array.from({ length: 200 }, (_, i) => `cs_ok${i}`);
      const r = await h.cli(['sessions', 'expire', '--from-file', '-', '--yes', '--json', '--concurrency', '4'], {
        baseUrl: h.fault.baseUrl,
        input: ids.join('\n'),
        onSpawn: (child) => {
          const timer = setInterval(() => {
            if (h.fault!.requests.length >= 8) {
              clearInterval(timer);
              child.kill(signal);
            }
          }, 10);
        },
      });
      expect(r.code).toBe(code);
      const results = JSON.parse(r.stdout) as { id: string; index: number; outcome: string }[];
      expect(results.map((x) => x.id).sort()).toEqual([...ids].sort());
      const sent = new Set(h.fault.requests.map((q) => q.url.split('/')[3]));
      for (const x of results) expect(x.outcome).toBe(sent.has(x.id) ? 'expired' : 'not_sent');
      expect(sent.size).toBeLessThan(40);
      expect(r.stderr).toBe('');
    });
  }

  it('a closed port: 300 IDs end in seconds with exit 5, the rest not sent', async () => {
    h.fault = await slowServer(0);
    const closed = h.fault.baseUrl;
    await h.fault.close();
    h.fault = undefined;
    const started = Date.now();
    const ids = Array.from({ length: 300 }, (_, i) => `cs_ok${i}`);
    const r = await h.cli(['sessions', 'expire', '--from-file', '-', '--yes'], { baseUrl: closed, input: ids.join('\n') });
    expect(r.code).toBe(5);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(r.stdout).toMatch(/^✗ 0 of 300 sessions expired or already expired\nStopped early: the API could not be reached 3 times in a row\n/);
    expect(r.stdout).toMatch(/^Not sent \(29\d\):$/m);
    expect(r.stderr).toMatch(/^Error: Could not reach the RevKeen API at 127\.0\.0\.1:\d+: connection refused\n/);
  });

  it('429 with Retry-After: 0 on every reply: a bounded number of requests, one key per ID', async () => {
    h.fault = await startFaultServer((_req, res) => json(res, 429, { error: 'Too many requests' }, { 'retry-after': '0' }));
    const ids = Array.from({ length: 12 }, (_, i) => `cs_ok${i}`);
    const r = await h.cli(['sessions', 'expire', ...ids, '--yes', '--json', '--timeout', '5'], { baseUrl: h.fault.baseUrl });
    expect(r.code).toBe(1);
    // Each ID: its first try and at most two retries (the default), all with one key.
    expect(h.fault.requests.length).toBeLessThanOrEqual(36);
    const keysById = new Map<string, Set<string>>();
    for (const q of h.fault.requests) {
      const id = q.url.split('/')[3];
      keysById.set(id, (keysById.get(id) ?? new Set()).add(String(q.headers['idempotency-key'])));
    }
    expect([...keysById.values()].every((keys) => keys.size === 1)).toBe(true);
    expect(new Set(h.fault.requests.map((q) => q.headers['idempotency-key'])).size).toBe(12);
  });
});
