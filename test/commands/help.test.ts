import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/context.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** Every command path, read from the help itself: the root's and each command's "Commands:" list. */
async function commandPaths(): Promise<string[][]> {
  const paths: string[][] = [];
  const walk = async (path: string[]) => {
    paths.push(path);
    const help = (await runInProcess([...path, '--help'])).stdout;
    const section = help.split('\nCommands:\n')[1] ?? '';
    for (const line of section.split('\n')) {
      const name = /^ {2}([a-z]+)/.exec(line)?.[1];
      if (name && name !== 'help') await walk([...path, name]);
    }
  };
  await walk([]);
  return paths;
}

describe('help', () => {
  it('every command and subcommand’s --help starts with examples of itself', async () => {
    const paths = await commandPaths();
    expect(paths.map((p) => p.join(' '))).toEqual(
      expect.arrayContaining(['sessions create', 'sessions get', 'sessions expire', 'sessions open', 'login', 'profiles set', 'config path', 'mock', 'completion']),
    );
    for (const path of paths) {
      const r = await runInProcess([...path, '--help']);
      expect(r.code, path.join(' ')).toBe(0);
      expect(r.stdout, path.join(' ')).toMatch(new RegExp(`^Examples:\\n  \\$ .*revkeen ${path.join(' ')}`));
    }
  });

  it('`revkeen help a b` is `revkeen a b --help`', async () => {
    for (const path of [['sessions', 'create'], ['profiles', 'set'], ['sessions'], ['config', 'path']]) {
      const viaHelp = await runInProcess(['help', ...path]);
      const viaFlag = await runInProcess([...path, '--help']);
      expect(viaHelp.code).toBe(0);
      expect(viaHelp.stdout).toBe(viaFlag.stdout);
    }
  });

  it('agrees with the README: every command and every flag --help lists is documented there', async () => {
    for (const path of await commandPaths()) {
      const help = (await runInProcess([...path, '--help'])).stdout;
      if (path.length > 0) expect(README, `revkeen ${path.join(' ')}`).toContain(`revkeen ${path.join(' ')}`);
      for (const flag of help.matchAll(/^\s+(?:-\w, )?(--[a-z][a-z-]*)/gm)) {
        if (flag[1] === '--help' || flag[1] === '--no-color' || flag[1] === '--no-input') continue;
        expect(README, `${path.join(' ')} ${flag[1]}`).toContain(flag[1]);
      }
    }
    expect(README).toContain('--no-color');
    expect(README).toContain('--no-input');
  });
});
