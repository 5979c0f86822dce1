import { Chalk, type ChalkInstance } from 'chalk';
import type { Context, Output } from '../context.js';
import type { Globals } from '../globals.js';
import { isTruthy } from '../globals.js';

/** What the terminal allows this invocation: decided here, asked by prompts, spinners, progress lines and colour. */
export interface TerminalMode {
  /** A person can answer questions: both ends are a terminal, and questions are not off (--no-input, CI). */
  interactive: boolean;
  /** Spinners and redrawn lines may be drawn on stderr: a terminal that can draw them, and output meant for a person. */
  animated: boolean;
}

export function terminalMode(
  ctx: Pick<Context, 'stdin' | 'stderr' | 'env'>,
  globals: Pick<Globals, 'input' | 'json'>,
): TerminalMode {
  const stderrTerminal = ctx.stderr.isTTY && ctx.env.TERM !== 'dumb';
  return {
    interactive: globals.input && ctx.stdin.isTTY === true && ctx.stderr.isTTY,
    animated: stderrTerminal && !globals.json && !isTruthy(ctx.env.CI),
  };
}

/** Colour for one stream: flag, NO_COLOR, FORCE_COLOR, TERM=dumb, then whether it is a terminal. */
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
