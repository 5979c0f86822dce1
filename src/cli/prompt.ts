import type { Context } from './context.js';
import { UsageError } from './errors.js';
import type { Globals } from './globals.js';
import { terminalMode } from './output/terminal.js';

/** Whether a person is there to answer (see terminalMode). */
export function canPrompt(ctx: Pick<Context, 'stdin' | 'stderr' | 'env'>, globals: Pick<Globals, 'input' | 'json'>): boolean {
  return terminalMode(ctx, globals).interactive;
}

export type Prompts = typeof import('@inquirer/prompts');

/** The prompt library, loaded only when a question is asked; prompts draw on stderr. */
export async function loadPrompts(ctx: Pick<Context, 'terminal' | 'signal'>) {
  const prompts: Prompts = await import('@inquirer/prompts');
  const where = { input: ctx.terminal.input, output: ctx.terminal.output, signal: ctx.signal };
  return {
    select: <T>(config: Parameters<typeof prompts.select<T>>[0]) => prompts.select<T>(config, where),
    input: (config: Parameters<Prompts['input']>[0]) => prompts.input(config, where),
    checkbox: <T>(config: Parameters<typeof prompts.checkbox<T>>[0]) => prompts.checkbox<T>(config, where),
    confirm: (config: Parameters<Prompts['confirm']>[0]) => prompts.confirm(config, where),
    password: (config: Parameters<Prompts['password']>[0]) => prompts.password(config, where),
  };
}
export type Asker = Awaited<ReturnType<typeof loadPrompts>>;

/** Asks yes/no on a terminal; elsewhere, refuses with a usage error naming the flag that skips the question. */
export async function confirm(ctx: Context, globals: Globals, message: string, skipFlag: string): Promise<boolean> {
  if (!canPrompt(ctx, globals)) {
    const why = globals.input ? 'There is no terminal to ask on' : 'Questions are off (--no-input, or CI is set)';
    throw new UsageError(`${message.split('?')[0]}? ${why}: pass ${skipFlag} to go ahead`);
  }
  return (await loadPrompts(ctx)).confirm({ message, default: false });
}
