import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dropSecrets, openableUrl, withoutSecrets } from '../../src/cli/output/open-url.js';
import { recordingBrowser } from '../helpers/browser.js';
import { runInProcess, scriptedClient } from '../helpers/context.js';

const KEY = 'rk_sandbox_open_in_process_9f8e7d6c5b';

const openSession = (url: string | undefined, status = 'open', browser = '', extra: string[] = []) =>
  runInProcess(['sessions', 'open', 'cs_1', ...extra], {
    env: { REVKEEN_API_KEY: KEY, REVKEEN_BASE_URL: 'http://127.0.0.1:9/v2', BROWSER: browser, PATH: process.env.PATH, SHOP_NOTE: 'kept for the browser' },
    client: scriptedClient({ get: (id) => ({ id, status, url }) }),
  });

describe('sessions open, in-process', () => {
  it('hands BROWSER the normalised URL as one argument, with no REVKEEN_ variable in its environment', async () => {
    const b = recordingBrowser();
    const r = await openSession('https://pay.revkeen.com/p/rvk_cs_1?x=a b', 'open', b.command);
    expect(r.code).toBe(0);
    expect(b.args()).toEqual(['https://pay.revkeen.com/p/rvk_cs_1?x=a%20b']);
    expect(b.env()).not.toMatch(/REVKEEN_/);
    // The browser gets this command's environment, less revkeen's own.
    expect(b.env()).toContain('SHOP_NOTE=kept for the browser');
    expect(b.env()).not.toContain(KEY);
    expect(r.stderr).toContain('Opened https://pay.revkeen.com/p/rvk_cs_1?x=a b');
  });

  it('puts the URL where %s stands, literally, and keeps the other words', async () => {
    const b = recordingBrowser();
    const r = await openSession('https://pay.revkeen.com/p/$&$1', 'open', `${b.command} --new-window --url=%s:ignored-after-colon`);
    expect(r.code).toBe(0);
    expect(b.args()).toEqual(['--new-window', '--url=https://pay.revkeen.com/p/$&$1']);
  });

  it.each(['complete', 'expired', 'cancelled'])('does not open a session that is %s (exit 1)', async (status) => {
    const b = recordingBrowser();
    const r = await openSession('https://pay.revkeen.com/p/x', status, b.command);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Not opening session cs_1: it is ${status}, so its page takes no payment`);
    expect(b.args()).toEqual([]);
  });

  it.each(['javascript:alert(1)', 'http://pay.example/p/x', 'https://user:pw@pay.example/p/x', 'file:///etc/passwd', 'not a url'])(
    'refuses to open %j (exit 1), starting nothing',
    async (url) => {
      const b = recordingBrowser();
      const r = await openSession(url, 'open', b.command);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('only https: URLs (or http: on this machine) are opened');
      expect(b.args()).toEqual([]);
    },
  );

  it('says so when BROWSER cannot be started', async () => {
    const r = await openSession('https://pay.revkeen.com/p/x', 'open', '/nonexistent/browser-of-nobody');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Could not start BROWSER (/nonexistent/browser-of-nobody)');
  });
});

describe('sessions open: BROWSER as people write it', () => {
  it('a pending session opens too', async () => {
    const b = recordingBrowser();
    expect((await openSession('https://pay.revkeen.com/p/1', 'pending', b.command)).code).toBe(0);
    expect(b.args()).toEqual(['https://pay.revkeen.com/p/1']);
  });

  it('the first of a colon-separated list, spaces around it and between words ignored; other words kept before the URL', async () => {
    const b = recordingBrowser();
    const r = await openSession('https://pay.revkeen.com/p/1', 'open', `  ${b.command}   --new-window  :/usr/bin/other-browser`);
    expect(r.code).toBe(0);
    expect(b.args()).toEqual(['--new-window', 'https://pay.revkeen.com/p/1']);
  });

  it('a BROWSER that writes a lot to its output is not left blocked on it', async () => {
    const script = join(mkdtempSync(join(tmpdir(), 'revkeen-chatty-')), 'browser.sh');
    writeFileSync(script, '#!/bin/sh\nhead -c 300000 /dev/zero\nhead -c 300000 /dev/zero >&2\n');
    chmodSync(script, 0o755);
    expect((await openSession('https://pay.revkeen.com/p/1', 'open', script)).code).toBe(0);
  }, 10_000);

  it('failures carry their own codes in JSON', async () => {
    const b = recordingBrowser();
    const code = async (...args: Parameters<typeof openSession>) => JSON.parse((await openSession(...args)).stderr).error.code;
    expect(await code('javascript:alert(1)', 'open', b.command, ['--json'])).toBe('unsafe_url');
    expect(await code('https://pay.revkeen.com/p/1', 'complete', b.command, ['--json'])).toBe('not_open');
    expect(await code('https://pay.revkeen.com/p/1', 'open', '/nonexistent/browser-of-nobody', ['--json'])).toBe('browser_failed');
    expect(await code(undefined, 'open', b.command, ['--json'])).toBe('missing_url');
    expect((await openSession(undefined, 'open', b.command)).stderr).toContain('Error: Session cs_1 has no url to open\n');
  });
});

describe('what may be opened', () => {
  it.each([
    ['https://pay.revkeen.com/p/1', 'https://pay.revkeen.com/p/1'],
    ['http://127.0.0.1:4010/p/1', 'http://127.0.0.1:4010/p/1'],
    ['http://localhost:4010/p/1', 'http://localhost:4010/p/1'],
    ['HTTPS://PAY.revkeen.com/p/1', 'https://pay.revkeen.com/p/1'],
  ])('%j opens as %j', (raw, url) => expect(openableUrl(raw)).toBe(url));

  it.each(['http://pay.revkeen.com/p/1', 'http://127.0.0.1.evil.example/p', 'https://a:b@pay.revkeen.com/', 'https://a@pay.revkeen.com/', 'ftp://127.0.0.1/', ''])(
    '%j is not opened',
    (raw) => expect(openableUrl(raw)).toBeUndefined(),
  );

  it('drops every REVKEEN_ variable, in any case, and nothing else', () => {
    expect(withoutSecrets({ REVKEEN_API_KEY: 'k', revkeen_profile: 'p', Revkeen_X: 'x', HOME: '/home/a', PATH: '/bin', MY_REVKEEN_NOTE: 'n' })).toEqual({
      HOME: '/home/a',
      PATH: '/bin',
      MY_REVKEEN_NOTE: 'n',
    });
  });
});

describe('the platform opener’s environment', () => {
  it('loses every REVKEEN_ variable, in any case, in place', () => {
    const env: Record<string, string | undefined> = { REVKEEN_API_KEY: 'k', revkeen_x: 'x', HOME: '/h', MY_REVKEEN: 'm' };
    dropSecrets(env);
    expect(env).toEqual({ HOME: '/h', MY_REVKEEN: 'm' });
  });
});
