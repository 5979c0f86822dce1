import { afterEach, describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/context.js';
import { createdBody, json, startFaultServer, type FaultServer } from '../helpers/servers.js';

const KEY = 'rk_sandbox_verbose_in_process_1a2b3c4d';
let server: FaultServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('--verbose, in-process', () => {
  it('traces each attempt, retry and reply on stderr, headers included, key masked, server text made printable', async () => {
    server = await startFaultServer((_req, res, i) =>
      i === 0 ? json(res, 503, { error: 'busy' }, { 'x-note': 'a\u009b2Jb' }) : json(res, 200, createdBody('cs_1'), { 'idempotency-replayed': 'true' }),
    );
    const r = await runInProcess(['sessions', 'get', 'cs_1', '--verbose', '--json'], { env: { REVKEEN_API_KEY: KEY, REVKEEN_BASE_URL: server.baseUrl } });
    expect(r.code).toBe(0);
    const url = `${server.baseUrl}/checkout-sessions/cs_1`;
    const lines = r.stderr.split('\n');
    expect(lines).toContain(`> GET ${url} (attempt 1)`);
    expect(lines).toContain(`> GET ${url} (attempt 2)`);
    expect(lines.find((l) => l.startsWith('< 503 GET'))).toMatch(new RegExp(`^< 503 GET ${url} in \\d+ ms$`));
    expect(lines.find((l) => l.startsWith('< 200 GET'))).toMatch(/ in \d+ ms \(idempotent replay\)$/);
    expect(lines.find((l) => l.startsWith('~ '))).toMatch(/^~ retrying in \d+ ms after HTTP 503 \(attempt 2\)$/);
    expect(lines).toContain('>   revkeen-version: 2026-05-01');
    expect(lines.find((l) => l.startsWith('>   x-api-key: '))).toMatch(/^>   x-api-key: rk_sandbox_…/);
    expect(lines).toContain('<   x-note: a\uFFFD2Jb');
    expect(r.stderr).not.toContain('\u009b');
    expect(r.stdout + r.stderr).not.toContain(KEY);
  });

  it('traces a connection that fails, with the reason', async () => {
    server = await startFaultServer(() => undefined);
    const baseUrl = server.baseUrl;
    await server.close();
    server = undefined;
    const r = await runInProcess(['sessions', 'get', 'cs_1', '--verbose', '--retries', '0'], { env: { REVKEEN_API_KEY: KEY, REVKEEN_BASE_URL: baseUrl } });
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(new RegExp(`^! GET ${baseUrl}/checkout-sessions/cs_1 failed after \\d+ ms: .*refused`, 'm'));
  });
});
