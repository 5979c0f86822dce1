import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MockServer } from '../../src/mock/server.js';
import { BIN, baseEnv } from '../helpers/run-cli.js';
import { startMock } from '../helpers/servers.js';
import { Terminal, hasTmux } from '../helpers/tmux.js';

const KEY = 'rk_sandbox_tty_secret_5h6i7j8k9l';
let mock: MockServer;
let term: Terminal | undefined;
beforeAll(async () => {
  mock = await startMock();
});
afterAll(() => mock.close());
afterEach(() => {
  term?.close();
  term = undefined;
});

/** A script standing in for a browser: it writes down each URL it is given. */
function fakeBrowser(): { command: string; opened: () => string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'revkeen-browser-'));
  const log = join(dir, 'opened.txt');
  const command = join(dir, 'browser.sh');
  writeFileSync(command, `#!/bin/sh\nprintf '%s\\n' "$1" >> '${log}'\n`);
  chmodSync(command, 0o755);
  return { command, opened: () => (readFileSync(log, { encoding: 'utf8', flag: 'a+' }).split('\n').filter(Boolean)) };
}

function revkeen(args: string, env: Record<string, string> = {}): Terminal {
  term = new Terminal(`${process.execPath} ${BIN} ${args}`, {
    ...baseEnv(),
    TERM: 'xterm-256color',
    REVKEEN_API_KEY: KEY,
    REVKEEN_BASE_URL: mock.baseUrl,
    ...env,
  });
  return term;
}

describe.runIf(hasTmux)('in a real terminal', () => {
  it('guided create asks for the purchase, shows a summary, creates, and offers to open it', async () => {
    const browser = fakeBrowser();
    const t = revkeen('sessions create', { BROWSER: browser.command });
    await t.waitFor(/What is the checkout for\?/);
    t.keys('Down', 'Down', 'Enter');
    await t.waitFor(/Currency:/);
    t.keys('Enter'); // the default, USD
    await t.waitFor(/Amount in USD/);
    t.type('12.345');
    t.keys('Enter');
    await t.waitFor(/more decimal places than USD allows/);
    t.keys('BSpace');
    t.keys('Enter');
    await t.waitFor(/Payment methods/);
    t.keys('Space', 'Down', 'Down', 'Down', 'Space', 'Enter');
    await t.waitFor(/Success URL/);
    t.type('https://example.com/thanks');
    t.keys('Enter');
    await t.waitFor(/Cancel URL/);
    t.keys('Enter');
    const summary = await t.waitFor(/Create this checkout session\?/);
    expect(summary).toMatch(/For:\s+12\.34 USD/);
    expect(summary).toMatch(/Methods:\s+card, pay_by_bank/);
    expect(summary).toMatch(/Success URL:\s+https:\/\/example\.com\/thanks/);
    t.keys('Enter');
    const shown = await t.waitFor(/Open it in the browser\?/);
    const url = /^URL:\s+(http\S+)/m.exec(shown)?.[1];
    expect(shown).toMatch(/Amount:\s+12\.34 USD/);
    t.type('y');
    t.keys('Enter');
    expect(await t.exitCode()).toBe(0);
    expect(browser.opened()).toEqual([url]);
    const id = /ID:\s+(\S+)/.exec(shown)?.[1] ?? '';
    expect(mock.store.find(KEY, id)).toMatchObject({ amountMinor: 1234, successUrl: 'https://example.com/thanks', cancelUrl: null });
  });

  it('does not ask again for what the flags said', async () => {
    const t = revkeen('sessions create --currency EUR --method card --success-url https://example.com/a --cancel-url https://example.com/b');
    await t.waitFor(/What is the checkout for\?/);
    t.keys('Down', 'Down', 'Enter');
    const screen = await t.waitFor(/Amount in EUR/);
    expect(screen).not.toMatch(/Currency:/);
    t.type('5');
    t.keys('Enter');
    const summary = await t.waitFor(/Create this checkout session\?/);
    expect(summary).not.toMatch(/Payment methods|Success URL \(optional\)/);
    t.type('n');
    t.keys('Enter');
    expect(await t.exitCode()).toBe(0);
    expect(t.screen()).toContain('Nothing created.');
  });

  it('Ctrl-C at a prompt exits 130 quietly and sends nothing', async () => {
    const before = mock.store.size;
    const t = revkeen('sessions create');
    await t.waitFor(/What is the checkout for\?/);
    t.keys('Enter');
    await t.waitFor(/Invoice ID:/);
    t.keys('C-c');
    expect(await t.exitCode()).toBe(130);
    expect(t.screen()).not.toMatch(/Error|at .+:\d+/);
    expect(mock.store.size).toBe(before);
  });

  it('expire asks first, naming the session; n sends nothing, y expires', async () => {
    const session = mock.store.create(KEY, { invoiceId: 'inv_tty', currency: 'USD' }, mock.origin);
    const no = revkeen(`sessions expire ${session.id}`);
    await no.waitFor(new RegExp(`Expire session ${session.id}\\?`));
    no.type('n');
    no.keys('Enter');
    expect(await no.exitCode()).toBe(0);
    expect(no.screen()).toContain('Nothing expired.');
    expect(mock.store.find(KEY, session.id)?.status).toBe('open');
    no.close();

    const yes = revkeen(`sessions expire ${session.id}`);
    await yes.waitFor(/Expire session/);
    yes.type('y');
    yes.keys('Enter');
    expect(await yes.exitCode()).toBe(0);
    expect(mock.store.find(KEY, session.id)?.status).toBe('expired');
  });

  it('--no-input and CI turn a question into a usage error, even on a terminal', async () => {
    const session = mock.store.create(KEY, { invoiceId: 'inv_noinput', currency: 'USD' }, mock.origin);
    for (const [args, env] of [[`sessions expire ${session.id} --no-input`, {}], [`sessions expire ${session.id}`, { CI: 'true' }], ['sessions create', { CI: '1' }]] as const) {
      const t = revkeen(args, env);
      expect(await t.exitCode(), args).toBe(2);
      expect(t.screen().replace(/\n/g, ''), args).toMatch(/Error: (.*Questions are off .*: pass --yes|Say what the checkout is for)/);
      t.close();
    }
    expect(mock.store.find(KEY, session.id)?.status).toBe('open');
  });

  it('shows a spinner while a request is in flight, and a progress line during a batch', async () => {
    const { json, startFaultServer } = await import('../helpers/servers.js');
    const slow = await startFaultServer((req, res) => {
      const id = req.url.split('/')[3];
      const body = req.url.endsWith('/expire') ? { id, status: 'expired' } : { id, status: 'open', url: 'https://pay.example/p/x' };
      setTimeout(() => json(res, 200, { data: body, requestId: 'req_slow' }), req.url.endsWith('/expire') ? 150 : 1500);
    });
    try {
      const get = revkeen('sessions get cs_slow', { REVKEEN_BASE_URL: slow.baseUrl });
      expect(await get.waitFor(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Fetching cs_slow/)).toBeTruthy();
      expect(await get.exitCode()).toBe(0);
      expect(get.screen()).not.toMatch(/Fetching/);
      get.close();

      const ids = Array.from({ length: 20 }, (_, i) => `cs_batch${i}`).join(' ');
      const batch = revkeen(`sessions expire ${ids} --yes --concurrency 1`, { REVKEEN_BASE_URL: slow.baseUrl });
      expect(await batch.waitFor(/Expiring sessions: \d+\/20 done, 0 failed/)).toBeTruthy();
      expect(await batch.exitCode()).toBe(0);
      expect(batch.screen()).toMatch(/✓ 20 of 20 sessions expired or already expired/);
      expect(batch.screen()).not.toMatch(/Expiring sessions:/);
    } finally {
      await slow.close();
    }
  });

  it('login masks the key as it is typed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'revkeen-tty-config-'));
    const t = revkeen('login --profile typed', { REVKEEN_CONFIG_DIR: dir, REVKEEN_API_KEY: '' });
    await t.waitFor(/API key for profile "typed"/);
    t.type(KEY);
    const typing = await t.waitFor(/\*{10,}/);
    expect(typing).not.toContain(KEY);
    expect(typing).not.toContain(KEY.slice(0, 12));
    t.keys('Enter');
    expect(await t.exitCode()).toBe(0);
    const after = t.screen();
    expect(after).toContain('Saved profile "typed": rk_sandbox_…8k9l');
    expect(after).not.toContain(KEY);
    expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')).profiles.typed.apiKey).toBe(KEY);
  });

  it('colours the status and URL on a terminal, and not with NO_COLOR', async () => {
    const session = mock.store.create(KEY, { invoiceId: 'inv_colour', currency: 'USD' }, mock.origin);
    const t = revkeen(`sessions get ${session.id}`);
    expect(await t.exitCode()).toBe(0);
    expect(t.screen(true)).toMatch(/Status:\s+\x1b\[[0-9;]*mopen/);
    t.close();
    const plain = revkeen(`sessions get ${session.id}`, { NO_COLOR: '1' });
    expect(await plain.exitCode()).toBe(0);
    expect(plain.screen(true)).not.toMatch(/\x1b\[[0-9;]*m(open|http)/);
  });
});

describe('piped output', () => {
  it('carries no escape codes and no spinner frames, even with a colourful TERM', async () => {
    const { runCli } = await import('../helpers/run-cli.js');
    const env = { REVKEEN_API_KEY: KEY, REVKEEN_BASE_URL: mock.baseUrl, TERM: 'xterm-256color' };
    for (const args of [['sessions', 'create', '--invoice', 'inv_pipe'], ['sessions', 'create', '--invoice', 'inv_pipe', '--url-only']]) {
      const r = await runCli(args, { env });
      expect(r.code).toBe(0);
      expect(r.stdout + r.stderr).not.toMatch(/\x1b|[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/);
    }
  });
});

describe('the browser', () => {
  it('opens https and loopback http pages, and refuses every other URL the API returns', async () => {
    const { runCli } = await import('../helpers/run-cli.js');
    const { json, startFaultServer } = await import('../helpers/servers.js');
    const browser = fakeBrowser();
    const env = { REVKEEN_API_KEY: KEY, BROWSER: browser.command };
    const session = mock.store.create(KEY, { invoiceId: 'inv_open', currency: 'USD' }, mock.origin);

    const local = await runCli(['sessions', 'open', session.id], { env: { ...env, REVKEEN_BASE_URL: mock.baseUrl } });
    expect(local.code).toBe(0);
    expect(browser.opened()).toEqual([session.url]);

    for (const url of ['https://pay.example.com/p/rvk_cs_ok', 'http://evil.example/p/x', 'javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,hi']) {
      const fault = await startFaultServer((_req, res) => json(res, 200, { data: { id: 'cs_1', status: 'open', url }, requestId: 'req_1' }));
      const r = await runCli(['sessions', 'get', 'cs_1', '--open'], { env: { ...env, REVKEEN_BASE_URL: fault.baseUrl } });
      await fault.close();
      if (url.startsWith('https:')) {
        expect(r.code, url).toBe(0);
      } else {
        expect(r.code, url).toBe(1);
        expect(r.stderr, url).toContain(`Refusing to open ${JSON.stringify(url)}`);
      }
    }
    expect(browser.opened()).toEqual([session.url, 'https://pay.example.com/p/rvk_cs_ok']);

    mock.store.expire(session);
    const expired = await runCli(['sessions', 'open', session.id], { env: { ...env, REVKEEN_BASE_URL: mock.baseUrl } });
    expect(expired.code).toBe(1);
    expect(expired.stderr).toContain(`Not opening session ${session.id}: it is expired`);
    expect(browser.opened()).toHaveLength(2);
  });
});
