import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const has = (shell: string) => {
  try {
    execFileSync(shell, ['-c', 'true']);
    return true;
  } catch {
    return false;
  }
};

async function script(shell: string): Promise<string> {
  const r = await runCli(['completion', shell]);
  expect(r.code).toBe(0);
  const file = join(mkdtempSync(join(tmpdir(), 'revkeen-completion-')), `revkeen.${shell}`);
  writeFileSync(file, r.stdout);
  return file;
}

describe('revkeen completion', () => {
  it('bash completes commands, subcommands and flags', async () => {
    const file = await script('bash');
    const complete = (...words: string[]) =>
      execFileSync('bash', ['-c', `source ${file}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _revkeen_complete; printf '%s\\n' "\${COMPREPLY[@]}"`], {
        encoding: 'utf8',
      }).trim().split('\n');
    expect(complete('revkeen', 'se')).toEqual(['sessions']);
    expect(complete('revkeen', 'sessions', '')).toEqual(expect.arrayContaining(['create', 'get', 'expire', 'open']));
    expect(complete('revkeen', 'sessions', 'create', '--am')).toEqual(['--amount', '--amount-minor']);
    expect(complete('revkeen', '--json', 'sessions', 'expire', '--fr')).toEqual(['--from-file']);
    expect(complete('revkeen', 'profiles', '')).toEqual(expect.arrayContaining(['list', 'show', 'use', 'remove', 'set']));
    expect(complete('revkeen', 'sessions', 'get', 'cs_1', '--w')).toEqual(['--wait', '--wait-timeout']);
  });

  it.runIf(has('fish'))('fish completes the same tree', async () => {
    const file = await script('fish');
    const complete = (line: string) =>
      execFileSync('fish', ['--no-config', '-c', `source ${file}; complete -C '${line}'`], { encoding: 'utf8' })
        .trim()
        .split('\n')
        .map((l) => l.split('\t')[0]);
    expect(complete('revkeen sess')).toEqual(['sessions']);
    expect(complete('revkeen sessions ')).toEqual(expect.arrayContaining(['create', 'get', 'expire', 'open']));
    expect(complete('revkeen sessions create --inv')).toEqual(['--invoice']);
    expect(complete('revkeen sessions expire --y')).toEqual(['--yes']);
  });

  it.runIf(has('zsh'))('zsh accepts the script', async () => {
    const file = await script('zsh');
    expect(() => execFileSync('zsh', ['-n', file])).not.toThrow();
    const loaded = execFileSync('zsh', ['-f', '-c', `autoload -U compinit && compinit -u -D && source ${file} && print -r -- $_comps[revkeen]`], { encoding: 'utf8' });
    expect(loaded.trim()).toBe('_revkeen');
  });

  it('refuses a shell it does not know', async () => {
    const r = await runCli(['completion', 'powershell']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('use bash, zsh or fish');
  });
});
