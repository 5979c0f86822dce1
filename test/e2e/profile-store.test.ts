import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { BIN, baseEnv, runCli, type CliResult } from '../helpers/run-cli.js';

const keyFor = (i: number) => `rk_sandbox_concurrent_${String(i).padStart(4, '0')}_abcdefgh`;

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'revkeen-store-'));
  file = join(dir, 'config.json');
});

const cli = (args: string[], input?: string, env: Record<string, string> = {}): Promise<CliResult> =>
  runCli(args, { env: { REVKEEN_CONFIG_DIR: dir, ...env }, input });
const stored = () => JSON.parse(readFileSync(file, 'utf8')) as { current?: string; profiles: Record<string, { apiKey: string; currency?: string }> };

describe('no accepted write is ever lost', () => {
  it('twenty logins and twenty sets at once: every change is in the file', async () => {
    await cli(['login', '--profile', 'base', '--api-key-stdin'], keyFor(999));
    const runs = await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => cli(['login', '--profile', `p${i}`, '--api-key-stdin'], keyFor(i))),
      ...Array.from({ length: 20 }, (_, i) => cli(['profiles', 'set', 'base', '--currency', i % 2 ? 'EUR' : 'GBP'])),
    ]);
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const data = stored();
    for (let i = 0; i < 20; i++) expect(data.profiles[`p${i}`]?.apiKey).toBe(keyFor(i));
    expect(data.profiles.base.apiKey).toBe(keyFor(999));
    expect(['EUR', 'GBP']).toContain(data.profiles.base.currency);
    expect(data.current).toBe('base');
    expect(readdirSync(dir).sort()).toEqual(['config.json']);
  }, 60_000);

  it('a writer killed at any moment leaves a usable file, no temporary files, and no lock for long', async () => {
    await cli(['login', '--profile', 'keep', '--api-key-stdin'], keyFor(1));
    // Start writers and kill each with SIGKILL at a different moment of its run.
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => {
        const child = spawn(process.execPath, [BIN, 'login', '--profile', `k${i}`, '--api-key-stdin'], {
          env: { ...baseEnv(), REVKEEN_CONFIG_DIR: dir },
          stdio: ['pipe', 'ignore', 'ignore'],
        });
        child.stdin.end(keyFor(100 + i));
        return new Promise<void>((resolve) => {
          setTimeout(() => child.kill('SIGKILL'), 40 + i * 15);
          child.on('close', () => resolve());
        });
      }),
    );
    const started = Date.now();
    const after = await cli(['login', '--profile', 'after', '--api-key-stdin'], keyFor(2));
    expect(after.code, after.stderr).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(stored().profiles.keep.apiKey).toBe(keyFor(1));
    expect(stored().profiles.after.apiKey).toBe(keyFor(2));
    expect(readdirSync(dir).sort()).toEqual(['config.json']);
  }, 60_000);

  it('a lock left by a killed process and its half-written file are recovered within seconds', async () => {
    await cli(['login', '--profile', 'keep', '--api-key-stdin'], keyFor(1));
    mkdirSync(`${file}.lock`);
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${file}.lock`, old, old);
    writeFileSync(join(dir, 'config.json.tmp-1763900000abcdef'), '{"profiles":{"half');
    const started = Date.now();
    const r = await cli(['profiles', 'set', 'keep', '--currency', 'EUR']);
    expect(r.code, r.stderr).toBe(0);
    expect(Date.now() - started).toBeLessThan(8000);
    expect(stored().profiles.keep.currency).toBe('EUR');
    expect(readdirSync(dir).sort()).toEqual(['config.json']);
  });
});

describe('profile names are only names', () => {
  it('names of object properties are unknown profiles (exit 3, listing the real ones), never a crash', async () => {
    await cli(['login', '--profile', 'main', '--api-key-stdin'], keyFor(1));
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
      const get = await cli(['-p', name, 'sessions', 'get', 'cs_1']);
      expect(get.code, `${name}: ${get.stderr}`).toBe(3);
      expect(get.stderr).toContain(`No profile named "${name}"; the profiles are: main`);
      const use = await cli(['profiles', 'use', name]);
      expect(use.code).toBe(3);
      const show = await cli(['profiles', 'show', name]);
      expect(show.code).toBe(3);
    }
    expect(stored().current).toBe('main');
  }, 60_000);

  it('__proto__ and constructor are ordinary names for a profile of their own', async () => {
    for (const name of ['__proto__', 'constructor']) {
      const r = await cli(['login', '--profile', name, '--api-key-stdin'], keyFor(name.length));
      expect(r.code, r.stderr).toBe(0);
    }
    const list = await cli(['profiles', 'list', '--json']);
    expect((JSON.parse(list.stdout) as { name: string }[]).map((p) => p.name).sort()).toEqual(['__proto__', 'constructor']);
    expect(Object.keys(stored().profiles).sort()).toEqual(['__proto__', 'constructor']);
    expect((await cli(['profiles', 'use', 'constructor'])).code).toBe(0);
    expect(stored().current).toBe('constructor');
  });

  it('a name that breaks the rule is a usage error wherever it is given', async () => {
    await cli(['login', '--profile', 'main', '--api-key-stdin'], keyFor(1));
    for (const args of [['-p', 'a b', 'sessions', 'get', 'cs_1'], ['profiles', 'use', '../x'], ['login', '--profile', 'x'.repeat(65), '--api-key-stdin']]) {
      const r = await cli(args, keyFor(2));
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/Profile names use letters, digits, "_" and "-"/);
    }
  });
});

describe('the file and its folder', () => {
  it('a folder others can read is tightened to 0700 and the file to 0600, said once; unknown keys survive', async () => {
    chmodSync(dir, 0o777);
    writeFileSync(file, JSON.stringify({ profiles: {}, telemetry: { id: 'abc' }, note: 'kept by hand' }), { mode: 0o644 });
    chmodSync(file, 0o644);
    const r = await cli(['login', '--profile', 'main', '--api-key-stdin'], keyFor(1));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.match(/Tightened permissions/g)).toHaveLength(1);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(stored()).toMatchObject({ telemetry: { id: 'abc' }, note: 'kept by hand', current: 'main' });
    const again = await cli(['profiles', 'set', 'main', '--currency', 'EUR']);
    expect(again.stderr).not.toContain('Tightened');
  });

  it('a new folder is made 0700', async () => {
    const fresh = join(dir, 'nested', 'revkeen');
    const r = await runCli(['login', '--api-key-stdin'], { env: { REVKEEN_CONFIG_DIR: fresh }, input: keyFor(1) });
    expect(r.code, r.stderr).toBe(0);
    expect(statSync(fresh).mode & 0o777).toBe(0o700);
    expect(existsSync(join(fresh, 'config.json'))).toBe(true);
  });
});
