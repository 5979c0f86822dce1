import { execFileSync } from 'node:child_process';
import { expect } from 'vitest';

export const hasShell = (shell: string) => {
  try {
    execFileSync(shell, ['-c', 'true']);
    return true;
  } catch {
    return false;
  }
};

const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean).sort();

/** Each shell's answer for a command line whose last word is being completed. */
export type Complete = (...words: string[]) => string[];

/** A completer that sources `file` in `shell` and asks it, as the shell itself would, in `cwd` with `env`. */
export function completerFor(shell: 'bash' | 'zsh' | 'fish', file: string, env: NodeJS.ProcessEnv, cwd: string): Complete {
  const run = (args: string[]) => execFileSync(shell, args, { encoding: 'utf8', env, cwd });
  if (shell === 'bash') {
    return (...words) =>
      lines(run(['-c', `source ${file}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _revkeen_complete; printf '%s\\n' "\${COMPREPLY[@]}"`]));
  }
  if (shell === 'zsh') {
    // The function runs as zsh runs it, with compadd and _files standing in for the completion system's own.
    return (...words) =>
      lines(
        run([
          '-f',
          '-c',
          `compdef() { :; }; compadd() { [[ "$1" == -- ]] && shift; print -l -- "$@"; }; _files() { print -l -- \${~PREFIX:-}*(N); };
             source ${file}; words=(${words.map((w) => `'${w}'`).join(' ')}); CURRENT=${words.length}; PREFIX='${words.at(-1)}'; _revkeen`,
        ]),
      ).filter((w) => w.startsWith(words.at(-1) ?? ''));
  }
  return (...words) =>
    lines(run(['--no-config', '-c', `source ${file}; complete -C '${words.join(' ')}'`]))
      .map((l) => l.split('\t')[0])
      .sort();
}

/** What every shell must answer alike, given profiles `live` and `staging` and files `stuck-ids.txt`, `stuck-more.txt`. */
export function expectTheSameAnswers(complete: Complete) {
  expect(complete('revkeen', 'se')).toEqual(['sessions']);
  expect(complete('revkeen', 'sessions', '')).toEqual(expect.arrayContaining(['create', 'get', 'expire', 'open']));
  expect(complete('revkeen', 'sessions', 'create', '--am')).toEqual(['--amount', '--amount-minor']);
  expect(complete('revkeen', '--json', 'sessions', 'expire', '--fr')).toEqual(['--from-file']);
  expect(complete('revkeen', 'profiles', 'use', '')).toEqual(['live', 'staging']);
  expect(complete('revkeen', 'profiles', 'remove', 'st')).toEqual(['staging']);
  expect(complete('revkeen', '-p', '')).toEqual(['live', 'staging']);
  expect(complete('revkeen', 'sessions', 'get', 'cs_1', '--profile', 'l')).toEqual(['live']);
  expect(complete('revkeen', 'completion', '')).toEqual(['bash', 'fish', 'zsh']);
  expect(complete('revkeen', 'sessions', 'create', '--method', '')).toEqual(['card', 'direct_debit', 'in_store', 'pay_by_bank']);
  expect(complete('revkeen', 'sessions', 'get', 'cs_1', '--until', 'ex')).toEqual(['expired']);
  expect(complete('revkeen', 'sessions', 'expire', '--from-file', 'stuck-')).toEqual(['stuck-ids.txt', 'stuck-more.txt']);
  // Global flags everywhere; a value with nothing to offer offers nothing (no files, no commands).
  expect(complete('revkeen', 'sessions', 'get', '--pro')).toEqual(['--profile']);
  expect(complete('revkeen', '--ver')).toEqual(['--verbose', '--version']);
  expect(complete('revkeen', 'sessions', 'create', '--url-only', '--inv')).toEqual(['--invoice']);
  expect(complete('revkeen', 'sessions', 'create', '--invoice', '')).toEqual([]);
  expect(complete('revkeen', 'sessions', 'get', '')).toEqual([]);
  expect(complete('revkeen', '-o', '')).toEqual(['csv', 'json', 'table', 'yaml']);
  expect(complete('revkeen', 'webhooks', 'trigger', '')).toEqual(['checkout.session.completed', 'checkout.session.expired']);
  expect(complete('revkeen', 'profiles', '')).toEqual(['list', 'remove', 'set', 'show', 'use']);
  expect(complete('revkeen', 'config', '')).toEqual(['path']);
  expect(complete('revkeen', 'mock', '--po')).toEqual(['--port']);
  expect(complete('revkeen', 'webhooks', 'trigger', '--forward-to', '')).toEqual([]);
  expect(complete('revkeen', 'sessions', '')).toEqual(['create', 'expire', 'get', 'open']);
  expect(complete('revkeen', '')).toEqual(['completion', 'config', 'login', 'mock', 'profiles', 'sessions', 'webhooks']);
}
