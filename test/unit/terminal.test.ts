import { describe, expect, it } from 'vitest';
import { colorLevel, terminalMode } from '../../src/cli/output/terminal.js';

const tty = { isTTY: true, columns: 80, write() {} };
const pipe = { ...tty, isTTY: false };

describe('when output is coloured', () => {
  it.each([
    ['a terminal', tty, {}, true, 1],
    ['a pipe', pipe, {}, true, 0],
    ['--no-color on a terminal', tty, {}, false, 0],
    ['NO_COLOR on a terminal', tty, { NO_COLOR: '1' }, true, 0],
    ['NO_COLOR even when empty', tty, { NO_COLOR: '' }, true, 0],
    ['TERM=dumb on a terminal', tty, { TERM: 'dumb' }, true, 0],
    ['FORCE_COLOR into a pipe', pipe, { FORCE_COLOR: '1' }, true, 1],
    ['FORCE_COLOR=3 into a pipe', pipe, { FORCE_COLOR: '3' }, true, 3],
    ['FORCE_COLOR=0 on a terminal', tty, { FORCE_COLOR: '0' }, true, 0],
    ['NO_COLOR beats FORCE_COLOR', pipe, { NO_COLOR: '1', FORCE_COLOR: '1' }, true, 0],
    ['--no-color beats FORCE_COLOR', pipe, { FORCE_COLOR: '1' }, false, 0],
    ['truecolor terminals', tty, { COLORTERM: 'truecolor' }, true, 3],
  ] as const)('%s', (_name, stream, env, flag, level) => {
    expect(colorLevel(stream, env, flag)).toBe(level);
  });
});

describe('one decision for prompts, spinners and progress lines', () => {
  const ctx = (stdin: boolean, stderr: boolean, env: Record<string, string> = {}) => ({
    stdin: { isTTY: stdin } as NodeJS.ReadableStream & { isTTY?: boolean },
    stderr: { isTTY: stderr, columns: 80, write() {} },
    env,
  });
  const on = { input: true, json: false };
  it.each([
    ['a terminal on both ends', ctx(true, true), on, { interactive: true, animated: true }],
    ['stdin piped', ctx(false, true), on, { interactive: false, animated: true }],
    ['stderr piped', ctx(true, false), on, { interactive: false, animated: false }],
    ['--no-input or CI', ctx(true, true), { input: false, json: false }, { interactive: false, animated: true }],
    ['CI set', ctx(true, true, { CI: 'true' }), on, { interactive: true, animated: false }],
    ['TERM=dumb', ctx(true, true, { TERM: 'dumb' }), on, { interactive: true, animated: false }],
    ['--json', ctx(true, true), { input: true, json: true }, { interactive: true, animated: false }],
  ] as const)('%s', (_name, context, globals, mode) => {
    expect(terminalMode(context, globals)).toEqual(mode);
  });
});
