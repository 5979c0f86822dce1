import { chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockServer } from '../../src/mock/server.js';
import { baseEnv, runCli, type CliResult } from '../helpers/run-cli.js';
import { createdBody, json, startFaultServer, startMock, type FaultServer } from '../helpers/servers.js';

const SANDBOX = 'rk_sandbox_profile_secret_a1b2c3d4';
const LIVE = 'rk_live_profile_secret_e5f6g7h8';
const ENV_KEY = 'rk_sandbox_env_secret_i9j0k1l2';
const SECRETS = [SANDBOX, LIVE, ENV_KEY];

let mock: MockServer;
let fault: FaultServer | undefined;
let dir: string;
let file: string;

beforeAll(async () => {
  mock = await startMock();
});
afterAll(() => mock.close());
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'revkeen-config-'));
  file = join(dir, 'config.json');
});
afterEach(async () => {
  await fault?.close();
  fault = undefined;
});

/** Runs the bin in an isolated config dir and proves no key appears whole in anything printed. */
async function cli(args: string[], env: Record<string, string | undefined> = {}, input?: string): Promise<CliResult> {
  const r = await runCli(args, { env: { REVKEEN_CONFIG_DIR: dir, ...env }, input });
  for (const secret of SECRETS) {
    expect(r.stdout).not.toContain(secret);
    expect(r.stderr).not.toContain(secret);
  }
  return r;
}

const mode = (path: string) => statSync(path).mode & 0o777;

async function loginBoth(baseUrl = mock.baseUrl) {
  expect((await cli(['login', '--api-key-stdin', '--base-url', baseUrl], {}, `${SANDBOX}\n`)).code).toBe(0);
  expect((await cli(['login', '--profile', 'live', '--api-key-stdin', '--base-url', baseUrl], {}, LIVE)).code).toBe(0);
}

describe('revkeen login', () => {
  it('stores the key from stdin, makes the first profile current, and shows the key masked', async () => {
    const r = await cli(['login', '--api-key-stdin'], {}, `${SANDBOX}\n`);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`Saved profile "default": rk_sandbox_…c3d4 (sandbox), in ${file}\n"default" is now the current profile.\n`);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ current: 'default', profiles: { default: { apiKey: SANDBOX } } });
    expect(mode(file)).toBe(0o600);

    const second = await cli(['login', '-p', 'live', '--api-key-stdin'], {}, LIVE);
    expect(second.stderr).toContain('Saved profile "live": rk_live_…g7h8 (live)');
    expect(second.stderr).toContain('The current profile is still "default"');
  });

  it('keeps its file in ~/.config/revkeen/config.json by default', async () => {
    const env = baseEnv();
    const r = await runCli(['login', '--api-key-stdin'], { env: { ...env, XDG_CONFIG_HOME: undefined }, input: SANDBOX });
    expect(r.code).toBe(0);
    const expected = join(env.HOME, '.config', 'revkeen', 'config.json');
    expect(JSON.parse(readFileSync(expected, 'utf8')).current).toBe('default');
    const path = await runCli(['config', 'path'], { env: { ...env, XDG_CONFIG_HOME: undefined } });
    expect(path.stdout).toBe(`${expected}\n`);
  });

  it('refuses what is not a key, a key flag, an unsafe base URL, and no terminal without --api-key-stdin', async () => {
    expect((await cli(['login', '--api-key-stdin'], {}, 'hello world')).code).toBe(2);
    expect((await cli(['login', '--api-key', SANDBOX])).code).toBe(2);
    const unsafe = await cli(['login', '--api-key-stdin', '--base-url', 'http://api.example.com'], {}, SANDBOX);
    expect(unsafe.code).toBe(2);
    expect(unsafe.stderr).toMatch(/unencrypted/);
    const noTty = await cli(['login']);
    expect(noTty.code).toBe(2);
    expect(noTty.stderr).toMatch(/--api-key-stdin/);
    expect(() => statSync(file)).toThrow();
  });
});

describe('revkeen profiles', () => {
  it('lists, shows, switches and removes, with keys masked everywhere', async () => {
    await loginBoth();
    const list = await cli(['profiles', 'list']);
    expect(list.stdout).toBe(
      `* default  rk_sandbox_…c3d4  sandbox  ${mock.baseUrl}\n  live     rk_live_…g7h8     live     ${mock.baseUrl}\n`,
    );
    const listed = JSON.parse((await cli(['profiles', 'list', '--json'])).stdout);
    expect(listed.map((p: { name: string; key: string; current: boolean }) => [p.name, p.key, p.current])).toEqual([
      ['default', 'rk_sandbox_…c3d4', true],
      ['live', 'rk_live_…g7h8', false],
    ]);
    expect((await cli(['profiles', 'show', 'live'])).stdout).toMatch(/^Key:\s+rk_live_…g7h8$/m);

    expect((await cli(['profiles', 'use', 'live'])).code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).current).toBe('live');
    expect(mode(file)).toBe(0o600);

    const unasked = await cli(['profiles', 'remove', 'live']);
    expect(unasked.code).toBe(2);
    expect(JSON.parse(readFileSync(file, 'utf8')).profiles.live).toBeDefined();
    const removed = await cli(['profiles', 'remove', 'live', '--yes']);
    expect(removed.code).toBe(0);
    expect(removed.stderr).toContain('There is no current profile now');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ profiles: { default: { apiKey: SANDBOX, baseUrl: mock.baseUrl } } });
  });

  it('an unknown profile is exit 3 and names the profiles there are', async () => {
    await loginBoth();
    for (const args of [['profiles', 'use', 'staging'], ['sessions', 'get', 'cs_1', '-p', 'staging'], ['profiles', 'show', 'staging']]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(3);
      expect(r.stderr).toContain('No profile named "staging"; the profiles are: default, live');
    }
    expect((await cli(['sessions', 'get', 'cs_1'], { REVKEEN_PROFILE: 'staging' })).code).toBe(3);
  });

  it('tightens a hand-made file to 0600 on the next write', async () => {
    writeFileSync(file, JSON.stringify({ current: 'default', profiles: { default: { apiKey: SANDBOX } } }), { mode: 0o644 });
    chmodSync(file, 0o644);
    expect((await cli(['profiles', 'set', 'default', '--currency', 'gbp'])).code).toBe(0);
    expect(mode(file)).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8')).profiles.default.currency).toBe('GBP');
  });
});

describe('precedence, seen by the server', () => {
  beforeEach(async () => {
    fault = await startFaultServer((req, res) => json(res, req.method === 'POST' ? 201 : 200, createdBody()));
  });
  const lastKey = () => fault?.requests.at(-1)?.headers['x-api-key'];

  it('REVKEEN_API_KEY, then --profile / REVKEEN_PROFILE, then the current profile', async () => {
    await loginBoth(fault!.baseUrl);
    await cli(['sessions', 'get', 'cs_1']);
    expect(lastKey()).toBe(SANDBOX);
    await cli(['sessions', 'get', 'cs_1'], { REVKEEN_PROFILE: 'live' });
    expect(lastKey()).toBe(LIVE);
    await cli(['sessions', 'get', 'cs_1', '--profile', 'default'], { REVKEEN_PROFILE: 'live' });
    expect(lastKey()).toBe(SANDBOX);
    await cli(['sessions', 'get', 'cs_1'], { REVKEEN_API_KEY: ENV_KEY, REVKEEN_BASE_URL: fault!.baseUrl });
    expect(lastKey()).toBe(ENV_KEY);
  });

  it('base URL: --base-url, then REVKEEN_BASE_URL, then the profile’s', async () => {
    const other = await startFaultServer((_req, res) => json(res, 200, createdBody()));
    try {
      await loginBoth(fault!.baseUrl);
      await cli(['sessions', 'get', 'cs_1']);
      expect(fault!.requests).toHaveLength(1);
      await cli(['sessions', 'get', 'cs_1'], { REVKEEN_BASE_URL: other.baseUrl });
      expect(other.requests).toHaveLength(1);
      await cli(['sessions', 'get', 'cs_1', '--base-url', fault!.baseUrl], { REVKEEN_BASE_URL: other.baseUrl });
      expect(fault!.requests).toHaveLength(2);
      expect(other.requests).toHaveLength(1);
    } finally {
      await other.close();
    }
  });

  it('profile defaults reach the request body when the flag is absent, and a flag wins', async () => {
    await loginBoth(fault!.baseUrl);
    const set = await cli([
      'profiles', 'set', 'default', '--currency', 'JPY', '--success-url', 'https://example.com/thanks',
      '--cancel-url', 'https://example.com/back', '--method', 'card,pay_by_bank',
    ]);
    expect(set.code).toBe(0);
    await cli(['sessions', 'create', '--amount', '1250']);
    expect(JSON.parse(fault!.requests.at(-1)!.body)).toEqual({
      amountMinor: 1250,
      currency: 'JPY',
      successUrl: 'https://example.com/thanks',
      cancelUrl: 'https://example.com/back',
      allowedMethods: ['card', 'pay_by_bank'],
    });
    await cli(['sessions', 'create', '--invoice', 'inv_1', '--success-url', 'https://example.com/flag', '--method', 'card']);
    expect(JSON.parse(fault!.requests.at(-1)!.body)).toEqual({
      invoiceId: 'inv_1',
      successUrl: 'https://example.com/flag',
      cancelUrl: 'https://example.com/back',
      allowedMethods: ['card'],
    });
  });
});

describe('a corrupt config file is never rewritten', () => {
  it.each([
    ['not JSON', '{"current": "default", "profiles": {'],
    ['the wrong shape', JSON.stringify({ current: 'default', profiles: { default: { key: 'x' } } })],
  ])('when it is %s, every command stops, names the file, and leaves it byte for byte', async (_name, contents) => {
    writeFileSync(file, contents, { mode: 0o600 });
    const before = readFileSync(file);
    const commands: [string[], string | undefined][] = [
      [['login', '--api-key-stdin'], SANDBOX],
      [['login', '-p', 'new', '--api-key-stdin'], SANDBOX],
      [['profiles', 'list'], undefined],
      [['profiles', 'use', 'default'], undefined],
      [['profiles', 'set', 'default', '--currency', 'EUR'], undefined],
      [['profiles', 'remove', 'default', '--yes'], undefined],
      [['sessions', 'get', 'cs_1'], undefined],
    ];
    for (const [args, input] of commands) {
      const r = await cli(args, {}, input);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toContain(`The config file ${file} is unusable`);
      expect(readFileSync(file).equals(before), args.join(' ')).toBe(true);
    }
    expect((await cli(['config', 'path'])).stdout).toBe(`${file}\n`);
  });

  it('when it cannot be read at all, says so and touches nothing', async () => {
    mkdirSync(file); // a folder where the file should be: reading it fails, as an unreadable file would
    for (const [args, input] of [[['profiles', 'list'], undefined], [['login', '--api-key-stdin'], SANDBOX]] as const) {
      const r = await cli([...args], {}, input);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`The config file ${file} is unusable`);
    }
    expect(statSync(file).isDirectory()).toBe(true);
  });
});
