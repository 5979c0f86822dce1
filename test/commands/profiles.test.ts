import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/context.js';

const LIVE = 'rk_live_inprocess_profile_0123wxyz';
const SANDBOX = 'rk_sandbox_inprocess_profile_4567abcd';
let dir: string;
let env: Record<string, string>;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'revkeen-inproc-'));
  env = { REVKEEN_CONFIG_DIR: dir };
});
const file = () => JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
const run = (args: string[], stdin?: string) => runInProcess(args, { env, stdin });

describe('login', () => {
  it('saves the first profile as current, masked, with its mode and file', async () => {
    const r = await run(['login', '--api-key-stdin'], `${LIVE}\n`);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`Saved profile "default": rk_live_…wxyz (live), in ${join(dir, 'config.json')}\n"default" is now the current profile.\n`);
    expect(file()).toEqual({ current: 'default', profiles: { default: { apiKey: LIVE } } });
    expect(statSync(join(dir, 'config.json')).mode & 0o777).toBe(0o600);
  });

  it('a second profile does not become current; a base URL is stored with it', async () => {
    await run(['login', '--api-key-stdin'], LIVE);
    const r = await run(['login', '--profile', 'local', '--base-url', 'http://127.0.0.1:4010/v2', '--api-key-stdin'], SANDBOX);
    expect(r.stderr).toBe(
      `Saved profile "local": rk_sandbox_…abcd (sandbox), base URL http://127.0.0.1:4010/v2, in ${join(dir, 'config.json')}\n` +
        'The current profile is still "default"; switch with `revkeen profiles use local`.\n',
    );
    expect(file().profiles.local).toEqual({ apiKey: SANDBOX, baseUrl: 'http://127.0.0.1:4010/v2' });
    expect(file().current).toBe('default');
  });

  it('refuses what is not a key, an unsafe base URL, a bad name, and no terminal without --api-key-stdin', async () => {
    for (const [args, stdin, message] of [
      [['login', '--api-key-stdin'], 'sk_test_123', /^Error: That is not a RevKeen API key \(\[key hidden\]\): keys look like rk_sandbox_… or rk_live_…\n/],
      [['login', '--api-key-stdin'], '', /^Error: That is not a RevKeen API key \(empty\)/],
      [['login', '--base-url', 'http://example.com/v2', '--api-key-stdin'], LIVE, /plain http: to a host that is not this machine/],
      [['login', '--profile', 'no way', '--api-key-stdin'], LIVE, /Profile names use letters/],
      [['login'], '', /^Error: There is no terminal to ask for the key on\nHint: Pipe it in instead/],
    ] as const) {
      const r = await run([...args], stdin);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    expect(() => statSync(join(dir, 'config.json'))).toThrow();
  });

  it('reads at most 4 KiB of stdin', async () => {
    const r = await run(['login', '--api-key-stdin'], `${LIVE}\n${'x'.repeat(4096)}`);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Error: --api-key-stdin reads one key, at most 4 KiB; stdin held more\n/);
    const edge = await run(['login', '--api-key-stdin'], `${LIVE}\n`.padEnd(4096, '#'));
    expect(edge.code).toBe(0);
  });
});

describe('profiles', () => {
  beforeEach(async () => {
    await run(['login', '--api-key-stdin'], LIVE);
    await run(['login', '--profile', 'staging', '--api-key-stdin'], SANDBOX);
  });

  it('list: current marked, keys masked; --json and --quiet', async () => {
    const r = await run(['profiles', 'list']);
    expect(r.stdout).toBe('* default  rk_live_…wxyz     live     default\n  staging  rk_sandbox_…abcd  sandbox  default\n');
    const json = JSON.parse((await run(['profiles', 'list', '--json'])).stdout);
    expect(json).toEqual([
      { name: 'default', current: true, key: 'rk_live_…wxyz', mode: 'live', baseUrl: null, currency: null, successUrl: null, cancelUrl: null, methods: null },
      { name: 'staging', current: false, key: 'rk_sandbox_…abcd', mode: 'sandbox', baseUrl: null, currency: null, successUrl: null, cancelUrl: null, methods: null },
    ]);
    expect((await run(['profiles', 'list', '--quiet'])).stdout).toBe('default\nstaging\n');
  });

  it('show: the current one, or the one named, or by --profile', async () => {
    expect((await run(['profiles', 'show'])).stdout).toMatch(/^Profile:     default \(current\)\nKey:         rk_live_…wxyz\nMode:        live\nBase URL:    default for the key\n/);
    expect((await run(['profiles', 'show', 'staging'])).stdout).toMatch(/^Profile:     staging\n/);
    expect((await run(['-p', 'staging', 'profiles', 'show'])).stdout).toMatch(/^Profile:     staging\n/);
    expect(JSON.parse((await run(['profiles', 'show', '--json'])).stdout)).toMatchObject({ name: 'default', current: true });
  });

  it('use, set and remove change the file; unknown names are exit 3 listing the profiles', async () => {
    expect((await run(['profiles', 'use', 'staging'])).stderr).toBe('"staging" is now the current profile.\n');
    expect(file().current).toBe('staging');
    const set = await run(['profiles', 'set', 'staging', '--currency', 'eur', '--method', 'card,pay_by_bank', '--success-url', 'https://shop.example/ok', '--cancel-url', 'https://shop.example/no', '--base-url', 'http://localhost:4010']);
    expect(set.stderr).toBe('Updated profile "staging": baseUrl, currency, successUrl, cancelUrl, methods.\n');
    expect(file().profiles.staging).toEqual({
      apiKey: SANDBOX,
      baseUrl: 'http://localhost:4010',
      currency: 'EUR',
      successUrl: 'https://shop.example/ok',
      cancelUrl: 'https://shop.example/no',
      methods: ['card', 'pay_by_bank'],
    });
    expect((await run(['profiles', 'set', 'staging'])).code).toBe(2);
    const removed = await run(['profiles', 'remove', 'staging', '--yes']);
    expect(removed.stderr).toBe('Removed profile "staging". There is no current profile now: pick one with `revkeen profiles use NAME`.\n');
    expect(file()).toEqual({ profiles: { default: { apiKey: LIVE } } });
    const unknown = await run(['profiles', 'use', 'nope']);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toBe('Error: No profile named "nope"; the profiles are: default\nHint: revkeen profiles list shows them\n');
    expect((await run(['profiles', 'remove', 'default'])).code).toBe(2);
    expect(file().profiles.default).toBeDefined();
  });

  it('config path is known without reading the file', async () => {
    expect((await run(['config', 'path'])).stdout).toBe(`${join(dir, 'config.json')}\n`);
  });

  it('no profiles yet: says how to add one', async () => {
    env = { REVKEEN_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'revkeen-empty-')) };
    const r = await run(['profiles', 'list']);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('No profiles yet. Add one with `revkeen login`.\n');
  });
});
