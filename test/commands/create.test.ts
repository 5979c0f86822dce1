import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConnectOptions } from '../../src/cli/context.js';
import { recordingBrowser } from '../helpers/browser.js';
import { runInProcess, scriptedClient } from '../helpers/context.js';
import { KEY as KEYS, scriptedTerminal } from '../helpers/scripted-terminal.js';

const KEY = 'rk_sandbox_inprocess_create_5a6b7c8d';
const env = { REVKEEN_API_KEY: KEY, REVKEEN_BASE_URL: 'http://127.0.0.1:9/v2' };
const URL_OF = (id: string) => `https://checkout.revkeen.test/p/${id}`;

/** A client that creates `cs_new` from whatever it is sent, and keeps what it was sent. */
function creatingClient(extra: Record<string, unknown> = {}) {
  const sent: Record<string, unknown>[] = [];
  const client = scriptedClient({
    create: (params) => {
      sent.push(params);
      return { id: 'cs_new', status: 'open', url: URL_OF('cs_new'), ...params, ...extra };
    },
  });
  return { client, sent };
}

/** A config folder with one current profile holding create defaults. */
function profileWithDefaults(defaults: Record<string, unknown>): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'revkeen-create-'));
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ current: 'shop', profiles: { shop: { apiKey: KEY, ...defaults } } }), { mode: 0o600 });
  return { REVKEEN_CONFIG_DIR: dir, REVKEEN_BASE_URL: env.REVKEEN_BASE_URL };
}

describe('sessions create, in-process', () => {
  it('sends the body the flags describe, once, with the idempotency key, and prints the session', async () => {
    const { client, sent } = creatingClient();
    const r = await runInProcess(
      ['sessions', 'create', '--amount', '12.50', '--currency', 'eur', '--method', 'card', '--success-url', 'https://shop.example/ok', '--idempotency-key', 'order-77'],
      { env, client },
    );
    expect(r.code).toBe(0);
    expect(sent).toEqual([{ amountMinor: 1250, currency: 'EUR', allowedMethods: ['card'], successUrl: 'https://shop.example/ok' }]);
    expect(client.calls).toEqual([{ method: 'create', idempotencyKey: 'order-77' }]);
    expect(r.stdout).toBe(`ID:      cs_new\nStatus:  open\nAmount:  12.50 EUR\nMethods: card\nURL:     ${URL_OF('cs_new')}\n`);
    expect(r.stderr).toBe('');
  });

  it('connects with the credentials it resolved, and opens nothing unless asked', async () => {
    const browser = recordingBrowser();
    const asked: ConnectOptions[] = [];
    const { client } = creatingClient();
    const r = await runInProcess(['sessions', 'create', '--invoice', 'inv_1'], { env: { ...env, BROWSER: browser.command }, client, onConnect: (o) => asked.push(o) });
    expect(r.code).toBe(0);
    expect(asked.map((o) => [o.credentials?.apiKey, o.credentials?.baseUrl])).toEqual([[KEY, env.REVKEEN_BASE_URL]]);
    expect(browser.args()).toEqual([]);
    const opened = await runInProcess(['sessions', 'create', '--invoice', 'inv_1', '--open'], { env: { ...env, BROWSER: browser.command }, client });
    expect(opened.code).toBe(0);
    expect(browser.args()).toEqual([URL_OF('cs_new')]);
  });

  it('--url-only prints the URL and nothing else; --json prints the public schema', async () => {
    const urlOnly = await runInProcess(['sessions', 'create', '--invoice', 'inv_1', '--url-only'], { env, client: creatingClient().client });
    expect(urlOnly).toEqual({ code: 0, stdout: `${URL_OF('cs_new')}\n`, stderr: '' });
    const json = await runInProcess(['sessions', 'create', '--product', 'prod_1', '--json'], { env, client: creatingClient().client });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ id: 'cs_new', status: 'open', productId: 'prod_1', url: URL_OF('cs_new'), requestId: 'req_cs_new' });
  });

  it('--url-only when the API gave no URL: exit 1, missing_url, never an empty line', async () => {
    const { client } = creatingClient({ url: undefined });
    const r = await runInProcess(['sessions', 'create', '--invoice', 'inv_1', '--url-only'], { env, client });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('The API returned session cs_new without a url');
  });

  it('a companion device alone allows in_store, and says so', async () => {
    const { client, sent } = creatingClient();
    const r = await runInProcess(['sessions', 'create', '--invoice', 'inv_1', '--companion-device', 'dev_9', '--url-only'], { env, client });
    expect(r.code).toBe(0);
    expect(sent).toEqual([{ invoiceId: 'inv_1', companionDeviceId: 'dev_9', allowedMethods: ['in_store'] }]);
    expect(r.stderr).toBe('Allowing in_store only: --companion-device implies it when no --method is given.\n');
    const withMethod = await runInProcess(['sessions', 'create', '--invoice', 'inv_1', '--companion-device', 'dev_9', '--method', 'in_store,card', '--url-only'], { env, client });
    expect(withMethod.stderr).toBe('');
    expect(sent[1]).toEqual({ invoiceId: 'inv_1', companionDeviceId: 'dev_9', allowedMethods: ['in_store', 'card'] });
  });

  it('takes a profile’s defaults only where a flag is absent, and its currency only for a custom amount', async () => {
    const profileEnv = profileWithDefaults({ currency: 'GBP', successUrl: 'https://shop.example/thanks', cancelUrl: 'https://shop.example/back', methods: ['pay_by_bank'] });
    const { client, sent } = creatingClient();
    for (const args of [
      ['--amount', '5'],
      ['--amount', '5', '--currency', 'JPY', '--cancel-url', 'https://shop.example/other', '--method', 'card'],
      ['--invoice', 'inv_2'],
    ]) {
      const r = await runInProcess(['sessions', 'create', ...args, '--url-only'], { env: profileEnv, client });
      expect(r.code, args.join(' ')).toBe(0);
    }
    const defaults = { successUrl: 'https://shop.example/thanks', cancelUrl: 'https://shop.example/back', allowedMethods: ['pay_by_bank'] };
    expect(sent).toEqual([
      { amountMinor: 500, currency: 'GBP', ...defaults },
      { amountMinor: 5, currency: 'JPY', successUrl: 'https://shop.example/thanks', cancelUrl: 'https://shop.example/other', allowedMethods: ['card'] },
      { invoiceId: 'inv_2', ...defaults },
    ]);
  });

  it.each([
    [['--invoice', 'inv_1', '--idempotency-key', 'has space'], '--idempotency-key must be 1-255 visible ASCII characters'],
    [['--invoice', 'inv_1', '--url-only', '--json'], '--url-only prints the URL alone'],
    [[], 'Say what the checkout is for: pass one of --invoice ID, --product ID, --amount 12.50 or --amount-minor 1250'],
  ])('refuses %j with exit 2 before anything is sent', async (args, message) => {
    const { client } = creatingClient();
    const r = await runInProcess(['sessions', 'create', ...args], { env, client });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(client.calls).toEqual([]);
  });
});

/** The guided questions up to the summary, answered for invoice inv_5 with every default. */
const INVOICE_5: [string, string][] = [
  ['What is the checkout for?', KEYS.enter],
  ['Invoice ID:', `inv_5${KEYS.enter}`],
  ['Payment methods', KEYS.enter],
  ['Success URL (optional):', KEYS.enter],
  ['Cancel URL (optional):', KEYS.enter],
];

describe('guided create in a terminal, in-process', () => {
  it('asks for what is missing, offers the profile’s defaults, creates once, and can open the page', async () => {
    const profileEnv = { ...profileWithDefaults({ currency: 'EUR', methods: ['card'] }), BROWSER: '/nonexistent/browser-of-nobody' };
    const term = scriptedTerminal([
      ['What is the checkout for?', KEYS.down + KEYS.down + KEYS.enter],
      ['Currency:', KEYS.enter],
      ['Amount in EUR (e.g. 12.50):', `7.5${KEYS.enter}`],
      ['Payment methods', KEYS.enter],
      ['Success URL (optional):', KEYS.enter],
      ['Cancel URL (optional):', `https://shop.example/back${KEYS.enter}`],
      ['Create this checkout session?', KEYS.enter],
      ['Open it in the browser?', `y${KEYS.enter}`],
    ]);
    const { client, sent } = creatingClient();
    const r = await runInProcess(['sessions', 'create'], { env: profileEnv, client, tty: true, terminal: term.terminal });
    expect(term.unanswered()).toEqual([]);
    expect(sent).toEqual([{ amountMinor: 750, currency: 'EUR', allowedMethods: ['card'], cancelUrl: 'https://shop.example/back' }]);
    expect(term.screen()).toContain('For:         7.50 EUR');
    expect(term.screen()).toContain('Methods:     card');
    expect(r.stdout).toContain('ID:      cs_new\n');
    // Opening was asked for and tried: the browser that cannot start is the failure reported.
    expect(r.stderr).toContain('Could not start BROWSER (/nonexistent/browser-of-nobody)');
    expect(r.code).toBe(1);
  });

  it('the question to open the page defaults to no', async () => {
    const browser = recordingBrowser();
    const term = scriptedTerminal([...INVOICE_5, ['Create this checkout session?', KEYS.enter], ['Open it in the browser?', KEYS.enter]]);
    const { client } = creatingClient();
    const r = await runInProcess(['sessions', 'create'], { env: { ...env, BROWSER: browser.command }, client, tty: true, terminal: term.terminal });
    expect(term.unanswered()).toEqual([]);
    expect(r.code).toBe(0);
    expect(browser.args()).toEqual([]);
  });

  it('creates nothing when the summary is declined', async () => {
    const term = scriptedTerminal([...INVOICE_5, ['Create this checkout session?', `n${KEYS.enter}`]]);
    const { client } = creatingClient();
    const r = await runInProcess(['sessions', 'create'], { env, client, tty: true, terminal: term.terminal });
    expect(term.unanswered()).toEqual([]);
    expect(r).toEqual({ code: 0, stdout: '', stderr: 'Nothing created.\n' });
    expect(client.calls).toEqual([]);
  });

  it('asks nothing when a purchase flag is given, nor with --no-input, nor to open when the output is not a table', async () => {
    const term = scriptedTerminal([]);
    const { client } = creatingClient();
    const given = await runInProcess(['sessions', 'create', '--invoice', 'inv_1'], { env, client, tty: true, terminal: term.terminal });
    expect(given.code).toBe(0);
    const refused = await runInProcess(['sessions', 'create', '--no-input'], { env, client, tty: true, terminal: term.terminal });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('Say what the checkout is for');
    expect(term.screen()).toBe('');
    expect(client.calls).toHaveLength(1);
  });
});
