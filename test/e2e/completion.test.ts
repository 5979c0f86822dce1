import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { completerFor, expectTheSameAnswers, hasShell } from '../helpers/completion-shells.js';
import { BIN, baseEnv, runCli } from '../helpers/run-cli.js';

const KEYS = ['rk_live_completion_secret_0123456789', 'rk_sandbox_completion_secret_987654321'];
const home = mkdtempSync(join(tmpdir(), 'revkeen-completion-'));
/** The environment a user's shell has: revkeen on PATH, two profiles, files to complete. */
const env = { ...baseEnv(), REVKEEN_CONFIG_DIR: join(home, 'config'), PATH: `${join(home, 'bin')}:${process.env.PATH}` };
const work = join(home, 'work');

beforeAll(async () => {
  mkdirSync(join(home, 'bin'));
  writeFileSync(join(home, 'bin', 'revkeen'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(home, 'bin', 'revkeen'), 0o755);
  mkdirSync(work);
  writeFileSync(join(work, 'stuck-ids.txt'), 'cs_1\n');
  writeFileSync(join(work, 'stuck-more.txt'), 'cs_2\n');
  for (const [name, key] of [['live', KEYS[0]], ['staging', KEYS[1]]]) {
    const r = await runCli(['login', '--profile', name, '--api-key-stdin'], { env: { REVKEEN_CONFIG_DIR: env.REVKEEN_CONFIG_DIR }, input: key });
    expect(r.code).toBe(0);
  }
});

async function script(shell: string): Promise<string> {
  const r = await runCli(['completion', shell]);
  expect(r.code).toBe(0);
  const file = join(home, `revkeen.${shell}`);
  writeFileSync(file, r.stdout);
  return file;
}

describe('revkeen completion', () => {
  it('bash completes commands, flags, profile names (never keys), shells, files and values', async () => {
    const file = await script('bash');
    const complete = completerFor('bash', file, env, work);
    expectTheSameAnswers(complete);
    expect(complete('revkeen', 'sessions', 'get', 'cs_1', '--w')).toEqual(['--wait', '--wait-timeout']);
  });

  it.runIf(hasShell('zsh'))('zsh completes the same', async () => {
    const file = await script('zsh');
    expect(() => execFileSync('zsh', ['-n', file])).not.toThrow();
    const loaded = execFileSync('zsh', ['-f', '-c', `autoload -U compinit && compinit -u -D && source ${file} && print -r -- $_comps[revkeen]`], { encoding: 'utf8', env });
    expect(loaded.trim()).toBe('_revkeen');
    const complete = completerFor('zsh', file, env, work);
    expectTheSameAnswers(complete);
  });

  it.runIf(hasShell('fish'))('fish completes the same', async () => {
    const file = await script('fish');
    const complete = completerFor('fish', file, env, work);
    expectTheSameAnswers(complete);
    expect(complete('revkeen', 'sessions', 'create', '--inv')).toEqual(['--invoice']);
  });

  it('lists profile names for the scripts, never a key', async () => {
    const r = await runCli(['profiles', 'list', '--quiet'], { env: { REVKEEN_CONFIG_DIR: env.REVKEEN_CONFIG_DIR } });
    expect(r.stdout).toBe('live\nstaging\n');
    for (const key of KEYS) expect(r.stdout + r.stderr).not.toContain(key.slice(-4));
  });

  it('refuses a shell it does not know', async () => {
    const r = await runCli(['completion', 'powershell']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('use bash, zsh or fish');
  });
});
