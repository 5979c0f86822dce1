import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/context.js';
import { KEY as KEYS, scriptedTerminal } from '../helpers/scripted-terminal.js';

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

describe('login, again and on a terminal', () => {
  it('asks for the key on a terminal, masked, names the profile, and stores it', async () => {
    const term = scriptedTerminal([['API key for profile "live":', `   ${LIVE}  ${KEYS.enter}`]]);
    const r = await runInProcess(['login', '--profile', 'live'], { env, tty: true, terminal: term.terminal });
    expect(term.unanswered()).toEqual([]);
    expect(r.code).toBe(0);
    expect(term.screen()).not.toContain(LIVE.slice(8));
    expect(term.screen()).toContain('*'.repeat(LIVE.length));
    expect(file().profiles.live).toEqual({ apiKey: LIVE });
  });

  it('an empty answer is asked again', async () => {
    const term = scriptedTerminal([
      ['API key for profile "default":', KEYS.enter],
      ['Paste the key', `${SANDBOX}${KEYS.enter}`],
    ]);
    const r = await runInProcess(['login'], { env, tty: true, terminal: term.terminal });
    expect(term.unanswered()).toEqual([]);
    expect(r.code).toBe(0);
    expect(file().profiles.default).toEqual({ apiKey: SANDBOX });
  });

  it('over an existing profile: says the key is the same, or which one it replaced; keeps its other settings', async () => {
    await run(['login', '--base-url', 'http://127.0.0.1:4010/v2', '--api-key-stdin'], LIVE);
    const path = join(dir, 'config.json');
    const same = await run(['login', '--api-key-stdin'], LIVE);
    expect(same.stderr).toBe(`Updated profile "default": rk_live_…wxyz (the same key as before) (live), in ${path}\n`);
    const replaced = await run(['login', '--api-key-stdin'], SANDBOX);
    expect(replaced.stderr).toBe(`Updated profile "default": rk_sandbox_…abcd (replaced rk_live_…wxyz) (sandbox), in ${path}\n`);
    expect(file()).toEqual({ current: 'default', profiles: { default: { apiKey: SANDBOX, baseUrl: 'http://127.0.0.1:4010/v2' } } });
    const odd = await run(['login', '--profile', 'other', '--api-key-stdin'], 'rk_staging_0123456789abcdef');
    expect(odd.stderr).toBe(`Saved profile "other": …cdef (unknown mode), in ${path}\nThe current profile is still "default"; switch with \`revkeen profiles use other\`.\n`);
  });

  it('takes the first line of stdin, CRLF or not', async () => {
    const r = await run(['login', '--api-key-stdin'], `${LIVE}\r\nsecond line\r\n`);
    expect(r.code).toBe(0);
    expect(file().profiles.default).toEqual({ apiKey: LIVE });
  });

  it('a current profile that is gone from the file is replaced by the new one', async () => {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ current: 'vanished', profiles: { kept: { apiKey: SANDBOX } } }), { mode: 0o600 });
    const r = await run(['login', '--profile', 'fresh', '--api-key-stdin'], LIVE);
    expect(r.stderr).toMatch(/"fresh" is now the current profile\.\n$/);
    expect(file().current).toBe('fresh');
  });
});

describe('login, what it says when it refuses', () => {
  it('a key of spaces is asked for again; a malformed key says where keys come from', async () => {
    const term = scriptedTerminal([
      ['API key for profile "default":', `    ${KEYS.enter}`],
      ['Paste the key', `${SANDBOX}${KEYS.enter}`],
    ]);
    const r = await runInProcess(['login'], { env, tty: true, terminal: term.terminal });
    expect([r.code, term.unanswered()]).toEqual([0, []]);
    const bad = await run(['login', '--api-key-stdin'], 'rk_live_!!');
    expect(bad.stderr).toBe('Error: That is not a RevKeen API key ([key hidden]): keys look like rk_sandbox_… or rk_live_…\nHint: Copy the key from Dashboard → Settings → API keys\n');
  });

  it('more than 4 KiB on stdin says how to pipe just the key; a bad --base-url is named', async () => {
    const big = await run(['login', '--api-key-stdin'], 'x'.repeat(5000));
    expect(big.stderr).toBe('Error: --api-key-stdin reads one key, at most 4 KiB; stdin held more\nHint: Pipe in only the key: printf %s "$KEY" | revkeen login --api-key-stdin\n');
    const url = await run(['login', '--base-url', 'ftp://x.example', '--api-key-stdin'], LIVE);
    expect(url.stderr).toBe('Error: --base-url: ftp: is not https:\n');
  });

  it('an unusable profile file stops login before the key is asked for', async () => {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'config.json'), '{ not json', { mode: 0o600 });
    const term = scriptedTerminal([]);
    const r = await runInProcess(['login'], { env, tty: true, terminal: term.terminal });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is unusable: it is not valid JSON');
    expect(term.screen()).toBe('');
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

  it('show: every default a profile holds, and "-" for what it does not', async () => {
    await run(['profiles', 'set', 'staging', '--currency', 'jpy', '--method', 'card', '--method', 'in_store', '--success-url', 'https://shop.example/ok', '--cancel-url', 'https://shop.example/no', '--base-url', 'http://127.0.0.1:4010/v2']);
    expect((await run(['profiles', 'show', 'staging'])).stdout).toBe(
      'Profile:     staging\nKey:         rk_sandbox_…abcd\nMode:        sandbox\nBase URL:    http://127.0.0.1:4010/v2\n' +
        'Currency:    JPY\nSuccess URL: https://shop.example/ok\nCancel URL:  https://shop.example/no\nMethods:     card, in_store\n',
    );
    expect((await run(['profiles', 'show', 'default'])).stdout).toBe(
      'Profile:     default (current)\nKey:         rk_live_…wxyz\nMode:        live\nBase URL:    default for the key\n' +
        'Currency:    -\nSuccess URL: -\nCancel URL:  -\nMethods:     -\n',
    );
    expect((await run(['profiles', 'list'])).stdout).toBe('* default  rk_live_…wxyz     live     default\n  staging  rk_sandbox_…abcd  sandbox  http://127.0.0.1:4010/v2\n');
  });

  it('list on a colour terminal: the current profile in bold, the others plain', async () => {
    const r = await runInProcess(['profiles', 'list'], { env: { ...env, FORCE_COLOR: '1' } });
    expect(r.stdout).toBe('\x1b[1m* default  rk_live_…wxyz     live     default\x1b[22m\n  staging  rk_sandbox_…abcd  sandbox  default\n');
  });

  it('show with no current profile, and set or use of one that is not there: exit 3, nothing written', async () => {
    await run(['profiles', 'remove', 'default', '--yes']);
    const before = readFileSync(join(dir, 'config.json'), 'utf8');
    const show = await run(['profiles', 'show']);
    expect(show.code).toBe(3);
    expect(show.stderr).toContain('No profile named "(current)"; the profiles are: staging');
    for (const args of [['profiles', 'set', 'ghost', '--currency', 'EUR'], ['profiles', 'use', 'ghost'], ['profiles', 'remove', 'ghost', '--yes']]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(3);
      expect(r.stderr).toContain('No profile named "ghost"; the profiles are: staging');
    }
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).toBe(before);
  });

  it('remove of a profile that is not current leaves the current one, and says nothing more', async () => {
    const r = await run(['profiles', 'remove', 'staging', '--yes']);
    expect(r).toEqual({ code: 0, stdout: '', stderr: 'Removed profile "staging".\n' });
    expect(file()).toEqual({ current: 'default', profiles: { default: { apiKey: LIVE } } });
  });

  it('remove on a terminal asks first, naming the masked key; n keeps it, y removes it', async () => {
    for (const [answer, expected] of [
      ['n', 'Nothing removed.\n'],
      ['y', 'Removed profile "staging".\n'],
    ]) {
      const term = scriptedTerminal([['Remove profile "staging" (rk_sandbox_…abcd)?', `${answer}${KEYS.enter}`]]);
      const r = await runInProcess(['profiles', 'remove', 'staging'], { env, tty: true, terminal: term.terminal });
      expect(term.unanswered()).toEqual([]);
      expect(r).toEqual({ code: 0, stdout: '', stderr: expected });
      expect(Object.keys(file().profiles)).toEqual(answer === 'n' ? ['default', 'staging'] : ['default']);
    }
  });

  it('names align to the longest; removing the last profile says nothing about picking another', async () => {
    await run(['login', '--profile', 'production-eu', '--api-key-stdin'], LIVE);
    expect((await run(['profiles', 'list', '--quiet'])).stdout).toBe('default\nstaging\nproduction-eu\n');
    expect((await run(['profiles', 'list'])).stdout.split('\n')[0]).toBe('* default        rk_live_…wxyz     live     default');
    for (const name of ['staging', 'production-eu']) await run(['profiles', 'remove', name, '--yes']);
    const last = await run(['profiles', 'remove', 'default', '--yes']);
    expect(last.stderr).toBe('Removed profile "default".\n');
    expect(file()).toEqual({ profiles: {} });
  });

  it('remove without a terminal names the flag that skips the question', async () => {
    const r = await run(['profiles', 'remove', 'staging']);
    expect([r.code, r.stderr]).toEqual([2, 'Error: Remove profile "staging" (rk_sandbox_…abcd)? There is no terminal to ask on: pass --yes to go ahead\n']);
  });

  it('set: each flag named in its refusal, and what can be set when nothing is', async () => {
    for (const [args, message] of [
      [['--base-url', 'http://example.com/v2'], 'Error: --base-url: http://example.com is plain http:'],
      [['--success-url', 'nope'], 'Error: --success-url "nope" is not an absolute URL'],
      [['--cancel-url', 'nope'], 'Error: --cancel-url "nope" is not an absolute URL'],
      [[], 'Error: Say what to set: --base-url, --currency, --success-url, --cancel-url or --method\n'],
    ] as const) {
      const r = await run(['profiles', 'set', 'staging', ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr.startsWith(message)).toBe(true);
    }
  });

  it('a loose file is tightened on the next change, and the user is told', async () => {
    const { chmodSync } = await import('node:fs');
    chmodSync(join(dir, 'config.json'), 0o644);
    const r = await run(['profiles', 'use', 'staging']);
    expect(r.stderr).toBe(`Tightened permissions: ${join(dir, 'config.json')} (0600); others could read them.\n"staging" is now the current profile.\n`);
    chmodSync(join(dir, 'config.json'), 0o644);
    const again = await run(['login', '--profile', 'staging', '--api-key-stdin'], SANDBOX);
    expect(again.stderr).toMatch(/^Tightened permissions: .*config\.json \(0600\); others could read them\.\nUpdated profile "staging"/);
  });
});
