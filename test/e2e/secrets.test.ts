import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startProxy, type LoopbackProxy } from '../helpers/proxy.js';
import { BIN, baseEnv, runCli } from '../helpers/run-cli.js';
import { json, startFaultServer, type FaultServer } from '../helpers/servers.js';

let server: FaultServer | undefined;
let proxy: LoopbackProxy | undefined;
afterEach(async () => {
  await server?.close();
  await proxy?.close();
  server = undefined;
  proxy = undefined;
});

const configDir = () => mkdtempSync(join(tmpdir(), 'revkeen-secrets-'));

describe('reading a key', () => {
  it('--api-key-stdin stops reading past a few KiB: `yes KEY | revkeen login` ends with exit 2', async () => {
    const dir = configDir();
    const started = Date.now();
    const code = await new Promise<number | null>((resolve) => {
      const child = execFile('sh', ['-c', `yes rk_sandbox_endless_0123456789 | "${process.execPath}" "${BIN}" login --api-key-stdin`], {
        env: { ...baseEnv(), REVKEEN_CONFIG_DIR: dir },
      });
      child.on('close', (c) => resolve(c));
    });
    expect(code).toBe(2);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('login over a profile says whose key it replaced; a short key is hidden whole', async () => {
    const dir = configDir();
    const env = { REVKEEN_CONFIG_DIR: dir };
    const first = 'rk_live_first_key_0123456789wxyz';
    const second = 'rk_live_second_key_987654321abcd';
    await runCli(['login', '--api-key-stdin'], { env, input: first });
    const r = await runCli(['login', '--api-key-stdin'], { env, input: second });
    expect(r.stderr).toMatch(/^Updated profile "default": rk_live_…abcd \(replaced rk_live_…wxyz\) \(live\)/);
    const same = await runCli(['login', '--api-key-stdin'], { env, input: second });
    expect(same.stderr).toContain('(the same key as before)');
    const short = await runCli(['login', '--profile', 'short', '--api-key-stdin'], { env, input: 'rk_sandbox_short' });
    expect(short.stderr).toMatch(/^Saved profile "short": \[key hidden\] \(sandbox\)/);
    for (const out of [r.stdout, r.stderr, short.stdout, short.stderr]) {
      expect(out).not.toContain('first_key');
      expect(out).not.toContain('second_key');
      expect(out).not.toContain('rk_sandbox_short');
    }
  });

  it('the error for a malformed key keeps its own help text whole', async () => {
    const r = await runCli(['login', '--api-key-stdin'], { env: { REVKEEN_CONFIG_DIR: configDir() }, input: 'rk_sandbox_' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('keys look like rk_sandbox_… or rk_live_…');
  });
});

describe('masking in every encoding', () => {
  it('a key with a quote and a backslash never appears, raw or JSON-escaped, in a --json error', async () => {
    const key = 'rk_live_quote"and\\slash_0123456789';
    server = await startFaultServer((_req, res) => json(res, 401, { error: `The key ${key} was revoked` }));
    const r = await runCli(['sessions', 'get', 'cs_1', '--json'], { env: { REVKEEN_API_KEY: key, REVKEEN_BASE_URL: server.baseUrl } });
    expect(r.code).toBe(3);
    expect(server.requests[0].headers['x-api-key']).toBe(key);
    const escaped = JSON.stringify(key).slice(1, -1);
    for (const out of [r.stdout, r.stderr]) {
      expect(out).not.toContain(key);
      expect(out).not.toContain(escaped);
    }
    expect(JSON.parse(r.stderr).error.message).toBe('The key rk_live_…6789 was revoked');
    const human = await runCli(['sessions', 'get', 'cs_1', '-v'], { env: { REVKEEN_API_KEY: key, REVKEEN_BASE_URL: server.baseUrl } });
    expect(human.stderr).not.toContain(key);
    expect(human.stderr).toContain('x-api-key: rk_live_…6789');
  });
});

describe('loopback never goes through a proxy', () => {
  for (const host of ['127.0.0.1', 'localhost']) {
    it(`http://${host}: straight to this machine with HTTP_PROXY set`, async () => {
      server = await startFaultServer((_req, res) => json(res, 200, { data: { id: 'cs_1', status: 'open' }, requestId: 'r' }));
      proxy = await startProxy();
      const base = server.baseUrl.replace('127.0.0.1', host);
      const r = await runCli(['sessions', 'get', 'cs_1', '--json'], {
        env: { REVKEEN_API_KEY: 'rk_sandbox_proxy_0123456789ab', REVKEEN_BASE_URL: base, HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url },
      });
      expect(r.code, r.stderr).toBe(0);
      expect(proxy.seen).toEqual([]);
      expect(server.requests).toHaveLength(1);
    });
  }

  it('a name under .localhost, or 127.0.0.1 inside another name, is not this machine', async () => {
    for (const base of ['http://app.localhost:4010/v2', 'http://127.0.0.1.evil.example/v2', 'http://localhost.evil.example/v2']) {
      const r = await runCli(['sessions', 'get', 'cs_1'], { env: { REVKEEN_API_KEY: 'rk_sandbox_dns_0123456789ab', REVKEEN_BASE_URL: base } });
      expect(r.code, base).toBe(2);
      expect(r.stderr).toContain('is plain http: to a host that is not this machine');
    }
  });

  it('a malformed base URL is never echoed with its password', async () => {
    const r = await runCli(['sessions', 'get', 'cs_1', '--base-url', 'https://admin:hunter2secret@[not-a-host/v2'], {
      env: { REVKEEN_API_KEY: 'rk_sandbox_url_0123456789ab' },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not a URL');
    expect(r.stderr).not.toContain('hunter2secret');
  });
});

describe('server text reaches a person only as text', () => {
  const hostile = '\x1b[2J\x1b]0;pwned\x07\x1b]52;c;ZWNobyBoaQ==\x07';
  const env = () => ({ REVKEEN_API_KEY: 'rk_sandbox_escape_0123456789ab', REVKEEN_BASE_URL: server!.baseUrl });

  it('session fields and error messages lose their escape sequences; --json stays exact', async () => {
    const data = { id: 'cs_1', status: `open${hostile}`, currency: 'USD', amountMinor: 100, url: `https://pay.example/p/x${hostile}`, invoiceId: `inv${hostile}` };
    server = await startFaultServer((req, res) =>
      req.url.endsWith('cs_bad') ? json(res, 404, { error: `No such session${hostile}`, requestId: `req${hostile}` }) : json(res, 200, { data, requestId: 'r' }),
    );
    const human = await runCli(['sessions', 'get', 'cs_1'], { env: env() });
    expect(human.code).toBe(0);
    expect(human.stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    expect(human.stdout).toContain('Invoice:');
    const error = await runCli(['sessions', 'get', 'cs_bad'], { env: env() });
    expect(error.code).toBe(4);
    expect(error.stderr).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    expect(error.stderr).toMatch(/^Error: No such session\uFFFD\[2J/);
    const raw = await runCli(['sessions', 'get', 'cs_1', '--raw'], { env: env() });
    expect(JSON.parse(raw.stdout).data).toEqual(data);
    const normalised = await runCli(['sessions', 'get', 'cs_1', '--json'], { env: env() });
    expect(JSON.parse(normalised.stdout)).toMatchObject({ status: data.status, url: data.url, invoiceId: data.invoiceId });
    const url = await runCli(['sessions', 'get', 'cs_1', '--url-only'], { env: env() });
    expect(url.stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
  });
});

describe('opening a URL', () => {
  /** A browser that writes down its arguments and whether it was handed any revkeen variable. */
  function recordingBrowser() {
    const dir = mkdtempSync(join(tmpdir(), 'revkeen-opener-'));
    const log = join(dir, 'log.txt');
    const command = join(dir, 'browser.sh');
    writeFileSync(command, `#!/bin/sh\nfor a in "$@"; do printf 'arg:%s\\n' "$a" >> '${log}'; done\nenv | grep -c '^REVKEEN_' | sed 's/^/revkeen-vars:/' >> '${log}'\n`);
    chmodSync(command, 0o755);
    return { command, log: () => readFileSync(log, 'utf8') };
  }

  it('gets the checked URL, substituted literally, and an environment without REVKEEN_ secrets', async () => {
    const url = 'https://pay.example/p/a$&b$1?x=%s\n';
    server = await startFaultServer((_req, res) => json(res, 200, { data: { id: 'cs_1', status: 'open', url }, requestId: 'r' }));
    const browser = recordingBrowser();
    const r = await runCli(['sessions', 'get', 'cs_1', '--open'], {
      env: {
        REVKEEN_API_KEY: 'rk_sandbox_opener_0123456789ab',
        REVKEEN_BASE_URL: server.baseUrl,
        REVKEEN_WEBHOOK_SECRET: 'whsec_opener_secret',
        BROWSER: `${browser.command} --url=%s`,
      },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(browser.log()).toBe(`arg:--url=${new URL(url).href}\nrevkeen-vars:0\n`);
    expect(new URL(url).href).toBe('https://pay.example/p/a$&b$1?x=%s');
  });
});
