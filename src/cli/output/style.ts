import { Chalk, type ChalkInstance } from 'chalk';
import type { Output } from '../context.js';

/** The one place that decides colour: flag, NO_COLOR, TERM=dumb, FORCE_COLOR, then whether it is a terminal. */
export function colorLevel(stream: Output, env: Record<string, string | undefined>, flag: boolean): 0 | 1 | 2 | 3 {
  if (!flag || env.NO_COLOR !== undefined) return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === '0' || force === 'false') return 0;
    return force === '2' ? 2 : force === '3' ? 3 : 1;
  }
  if (env.TERM === 'dumb' || !stream.isTTY) return 0;
  return env.COLORTERM === 'truecolor' ? 3 : 1;
}

export function createStyle(stream: Output, env: Record<string, string | undefined>, flag: boolean): ChalkInstance {
  return new Chalk({ level: colorLevel(stream, env, flag) });
}
