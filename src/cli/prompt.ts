import type { Context } from './context.js';
import { UsageError } from './errors.js';
import type { Globals } from './globals.js';

/** Whether a person is there to answer: a terminal on both ends, and prompts not switched off. */
export function canPrompt(ctx: Context, globals: Globals): boolean {
  return globals.input && ctx.stdin.isTTY === true && ctx.stderr.isTTY;
}

/** Asks yes/no on a terminal; elsewhere, refuses with a usage error naming the flag that skips the question. */
export async function confirm(ctx: Context, globals: Globals, message: string, skipFlag: string): Promise<boolean> {
  if (!canPrompt(ctx, globals)) {
    throw new UsageError(`${message.split('?')[0]}? There is no terminal to ask on: pass ${skipFlag} to go ahead`);
  }
  const prompts = await import('@inquirer/prompts');
  return prompts.confirm({ message, default: false }, { signal: ctx.signal, output: process.stderr });
}
