import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loopbackHarness } from '../helpers/harness.js';
import type { RunOptions } from '../helpers/run-cli.js';
import { createdBody, json, startFaultServer } from '../helpers/servers.js';

const KEY = 'rk_live_fault_secret_9z8y7x6w5v4u';
const h = loopbackHarness(KEY);


describe('garbage from the server, through the bin', () => {
  it.each([
    ['an HTML gateway page', 5, 3, 502, 'text/html', '<html><h1>502 Bad Gateway</h1></html>', /^Error: The API had a server error; it sent an HTML page \(HTTP 502\)\n/],
    ['truncated JSON', 1, 1, 200, 'application/json', '{"data":{"id":"cs_1","url":"https://pay', /HTTP 200 with a body that is not valid JSON \(\d+ bytes\) instead of JSON/],
    ['an empty body', 1, 1, 200, 'application/json', '', /HTTP 200 with an empty body instead of JSON/],
    ['a 200 without data', 1, 1, 200, 'application/json', '{"requestId":"req_nodata"}', /without the session in "data" \(HTTP 200, request req_nodata\)/],
  ])('%s: exit %i after %i request(s)', async (_name, exitCode, requests, status, type, body, message) => {
    h.fault = await startFaultServer((_req, res) => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    });
    const r = await h.cli(['sessions', 'get', 'cs_1'], { baseUrl: h.fault!.baseUrl });
    expect(r.code).toBe(exitCode);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(h.fault.requests).toHaveLength(requests);
  });

  it('a reply of many megabytes: exit 1, one request, no crash', async () => {
    h.fault = await startFaultServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.on('error', () => {});
      res.end(Buffer.alloc(8 * 1024 * 1024, 0x20));
    });
    const r = await h.cli(['sessions', 'get', 'cs_1'], { baseUrl: h.fault!.baseUrl });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/more than 1 MiB for one response \(HTTP 200\)/);
    expect(h.fault.requests).toHaveLength(1);
  });
});

describe('retries, through the bin', () => {
  it('429 with Retry-After in seconds, then success: exit 0 after 2 requests', async () => {
    h.fault = await startFaultServer((_req, res, i) =>
      i === 0 ? json(res, 429, { error: 'Too many requests' }, { 'retry-after': '1' }) : json(res, 200, createdBody()),
    );
    const r = await h.cli(['sessions', 'get', 'cs_123', '--verbose'], { baseUrl: h.fault!.baseUrl });
    expect(r.code).toBe(0);
    expect(h.fault.requests).toHaveLength(2);
    expect(r.stderr).toMatch(/^~ retrying in 1000 ms after HTTP 429 \(attempt 2\)$/m);
  });

  it('429 with Retry-After as a date', async () => {
    h.fault = await startFaultServer((_req, res, i) =>
      i === 0
        ? json(res, 429, { error: 'slow' }, { 'retry-after': new Date(Date.now() + 1500).toUTCString() })
        : json(res, 200, createdBody()),
    );
    const r = await h.cli(['sessions', 'get', 'cs_123'], { baseUrl: h.fault!.baseUrl });
    expect(r.code).toBe(0);
    expect(h.fault.requests).toHaveLength(2);
  });

  it('a Retry-After longer than --timeout allows gives up at once, honestly', async () => {
    h.fault = await startFaultServer((_req, res) => json(res, 429, { error: 'Rate limit exceeded' }, { 'retry-after': '120' }));
    const r = await h.cli(['sessions', 'get', 'cs_123', '--timeout', '5'], { baseUrl: h.fault!.baseUrl });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: Rate limit exceeded \(HTTP 429\)/);
    expect(h.fault.requests).toHaveLength(1);
  });

  it('a reset connection and a 503 are retried with the same Idempotency-Key: one session', async () => {
    h.fault = await startFaultServer((_req, res, i) => {
      if (i === 0) return void res.socket?.destroy();
      if (i === 1) return json(res, 503, { error: 'busy' });
      json(res, 201, createdBody());
    });
    const r = await h.cli(['sessions', 'create', '--invoice', 'inv_1', '--url-only'], { baseUrl: h.fault!.baseUrl });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('https://pay.revkeen.com/p/rvk_cs_example\n');
    const keys = h.fault.requests.map((q) => q.headers['idempotency-key']);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
  });

  it('--retries 0 sends once; other 4xx are never retried', async () => {
    h.fault = await startFaultServer((_req, res) => json(res, 500, { error: 'boom' }));
    expect((await h.cli(['sessions', 'get', 'cs_1', '--retries', '0'], { baseUrl: h.fault!.baseUrl })).code).toBe(5);
    expect(h.fault.requests).toHaveLength(1);
    await h.fault.close();
    h.fault = await startFaultServer((_req, res) => json(res, 400, { error: 'bad' }));
    expect((await h.cli(['sessions', 'create', '--invoice', 'inv_1'], { baseUrl: h.fault!.baseUrl })).code).toBe(1);
    expect(h.fault.requests).toHaveLength(1);
  });

  it('a retried create against the mock makes exactly one session', async () => {
    let dropped = false;
    h.fault = await startFaultServer(async (req, res) => {
      // Forward to the mock, but lose the first reply after the mock has acted on it.
      const upstream = await fetch(`${h.mock.baseUrl}${req.url.replace(/^\/v2/, '')}`, {
        method: req.method,
        headers: req.headers as Record<string, string>,
        body: req.body || undefined,
      });
      const text = await upstream.text();
      if (!dropped) {
        dropped = true;
        return void res.socket?.destroy();
      }
      res.writeHead(upstream.status, { 'content-type': 'application/json', 'idempotency-replayed': upstream.headers.get('idempotency-replayed') ?? 'false' });
      res.end(text);
    });
    const r = await h.cli(['sessions', 'create', '--invoice', 'inv_once', '--json', '--verbose'], { baseUrl: h.fault!.baseUrl });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/\(idempotent replay\)/);
    const id = JSON.parse(r.stdout).id;
    expect(h.fault.requests).toHaveLength(2);
    expect(h.mock.store.find(KEY, id)).toBeDefined();
  });
});

describe('secrets never printed whole', () => {
  it('in every command path that prints, verbose traces and a crash included', async () => {
    const id = JSON.parse((await h.cli(['sessions', 'create', '--amount', '3', '--json'])).stdout).id;
    const configDir = mkdtempSync(join(tmpdir(), 'revkeen-secrets-'));
    const runs: [string[], RunOptions?][] = [
      [['sessions', 'get', id, '--verbose']],
      [['sessions', 'get', id, '--json', '--verbose']],
      [['sessions', 'create', '--invoice', 'inv_1', '--verbose']],
      [['sessions', 'expire', id, '--yes', '--verbose']],
      [['sessions', 'expire', id, 'cs_gone', '--yes', '--json', '--verbose']],
      [['sessions', 'get', 'cs_gone', '--verbose']],
      [['sessions', 'get', 'cs_gone', '--json']],
      [['sessions', 'create']],
      [['sessions', 'get', id, '--api-key', KEY]],
      [['login', '--api-key-stdin', '--verbose'], { input: KEY, env: { REVKEEN_CONFIG_DIR: configDir } }],
      [['profiles', 'list'], { env: { REVKEEN_CONFIG_DIR: configDir } }],
      [['profiles', 'show', '--json'], { env: { REVKEEN_CONFIG_DIR: configDir } }],
      [['profiles', 'remove', 'default'], { env: { REVKEEN_CONFIG_DIR: configDir } }],
    ];
    for (const [args, options] of runs) await h.cli(args, options);

    // A failure of the machine: the config folder is a file whose path holds the key, so the raw error message would too.
    const trap = join(mkdtempSync(join(tmpdir(), 'revkeen-trap-')), KEY);
    writeFileSync(trap, 'not a folder');
    for (const verbose of [[], ['--verbose']]) {
      const crash = await h.cli(['sessions', 'get', id, '-p', 'default', ...verbose], {
        env: { REVKEEN_CONFIG_DIR: join(trap, 'sub') },
        stackAllowed: verbose.length > 0,
      });
      expect(crash.code).toBe(1);
      expect(crash.stderr).toMatch(/^Error: Could not mkdir .*rk_live_…5v4u\/sub: a part of the path is not a folder\n/);
    }
  });
});
