import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { completerFor, expectTheSameAnswers, hasShell } from '../helpers/completion-shells.js';
import { runInProcess } from '../helpers/context.js';

// The scripts come from this process; the shell asks `revkeen profiles list --quiet` for names, which a
// stand-in answers here (the real command is proven by the end-to-end completion test).
const home = mkdtempSync(join(tmpdir(), 'revkeen-completion-inproc-'));
mkdirSync(join(home, 'bin'));
writeFileSync(join(home, 'bin', 'revkeen'), `#!/bin/sh\n[ "$*" = "profiles list --quiet" ] && printf 'live\\nstaging\\n'\n`);
chmodSync(join(home, 'bin', 'revkeen'), 0o755);
const work = join(home, 'work');
mkdirSync(work);
writeFileSync(join(work, 'stuck-ids.txt'), 'cs_1\n');
writeFileSync(join(work, 'stuck-more.txt'), 'cs_2\n');
const env = { PATH: `${join(home, 'bin')}:${process.env.PATH}`, HOME: home };

async function script(shell: 'bash' | 'zsh' | 'fish'): Promise<string> {
  const r = await runInProcess(['completion', shell]);
  expect(r.code).toBe(0);
  const file = join(home, `revkeen.${shell}`);
  writeFileSync(file, r.stdout);
  return file;
}

describe('completion scripts made in-process', () => {
  for (const shell of ['bash', 'zsh', 'fish'] as const) {
    it.runIf(hasShell(shell))(`${shell} completes commands, flags, profiles, shells, files and values`, async () => {
      const complete = completerFor(shell, await script(shell), env, work);
      expectTheSameAnswers(complete);
      expect(complete('revkeen', 'sessions', 'get', 'cs_1', '--w')).toEqual(['--wait', '--wait-timeout']);
      expect(complete('revkeen', 'sessions', 'create', '--inv')).toEqual(['--invoice']);
      expect(complete('revkeen', 'webhooks', 'trigger', '')).toEqual(expect.arrayContaining(['checkout.session.completed', 'checkout.session.expired']));
      expect(complete('revkeen', 'sessions', 'get', 'cs_1', '-o', '')).toEqual(['csv', 'json', 'table', 'yaml']);
    });
  }

  it('fish descriptions keep their apostrophes, quoted', async () => {
    const fish = (await runInProcess(['completion', 'fish'])).stdout;
    expect(fish).toContain("-d 'open a session\\'s hosted page in the browser'");
    expect(fish.split('\n').slice(0, 2)).toEqual(['# revkeen completion for fish: save as ~/.config/fish/completions/revkeen.fish', 'complete -c revkeen -f']);
  });

  it('refuses a shell it does not know, exit 2', async () => {
    const r = await runInProcess(['completion', 'powershell']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('No completion for "powershell": use bash, zsh or fish');
  });
});
