import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy } from '../helpers/proxy.js';
import { runCli } from '../helpers/run-cli.js';
import { createdBody } from '../helpers/servers.js';

const KEY = 'rk_live_https_secret_3c4d5e6f7a8b';
/** A name only the test proxy knows (it maps it to 127.0.0.1): the CLI never resolves it itself. */
const PROXIED_HOST = 'api.revkeen-proxied.test';
const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version']);
    return true;
  } catch {
    return false;
  }
})();

describe.runIf(hasOpenssl)('over TLS, as against the real API', () => {
  const dir = mkdtempSync(join(tmpdir(), 'revkeen-tls-'));
  const cert = join(dir, 'cert.pem');
  const seen: string[] = [];
  let server: ReturnType<typeof createServer>;
  let baseUrl: string;

  beforeAll(async () => {
    // A certificate for 127.0.0.1 made for this run; the CLI trusts it only through NODE_EXTRA_CA_CERTS.
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-keyout', join(dir, 'key.pem'), '-out', cert, '-subj', '/CN=127.0.0.1', '-addext', `subjectAltName=IP:127.0.0.1,DNS:${PROXIED_HOST}`,
    ], { stdio: 'ignore' });
    server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(cert) }, (req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers['x-api-key'] === KEY}`);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(createdBody('cs_tls', 'https://pay.example.com/p/rvk_cs_tls')));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}/v2`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const cli = async (env: Record<string, string>) => {
    const r = await runCli(['sessions', 'get', 'cs_tls', '--url-only'], { env: { REVKEEN_API_KEY: KEY, REVKEEN_BASE_URL: baseUrl, ...env } });
    expect(r.stdout + r.stderr).not.toContain(KEY);
    return r;
  };

  it('talks https directly', async () => {
    const r = await cli({ NODE_EXTRA_CA_CERTS: cert });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('https://pay.example.com/p/rvk_cs_tls\n');
    expect(seen.at(-1)).toBe('GET /v2/checkout-sessions/cs_tls true');
  });

  it('refuses a certificate it does not trust, as a network error, without retrying', async () => {
    const before = seen.length;
    const r = await cli({ REVKEEN_DEBUG: '1' });
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/^Error: Could not reach the RevKeen API at 127\.0\.0\.1:\d+: .*certificate/m);
    expect(r.stderr).not.toMatch(/retrying/);
    expect(seen.length).toBe(before);
  });

  it('goes through HTTPS_PROXY with a CONNECT tunnel to a host that is not this machine', async () => {
    const proxy = await startProxy({ [PROXIED_HOST]: '127.0.0.1' });
    try {
      const remote = baseUrl.replace('127.0.0.1', PROXIED_HOST);
      const r = await cli({ NODE_EXTRA_CA_CERTS: cert, HTTPS_PROXY: proxy.url, REVKEEN_BASE_URL: remote });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe('https://pay.example.com/p/rvk_cs_tls\n');
      expect(proxy.seen).toEqual([`CONNECT ${new URL(remote).host}`]);
      // The same API on 127.0.0.1 is this machine: never through the proxy.
      const local = await cli({ NODE_EXTRA_CA_CERTS: cert, HTTPS_PROXY: proxy.url });
      expect(local.code).toBe(0);
      expect(proxy.seen).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });
});
