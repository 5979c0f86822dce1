import { describe, expect, it } from 'vitest';
import { colorLevel } from '../../src/cli/output/style.js';

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
