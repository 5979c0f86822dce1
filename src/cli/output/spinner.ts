import type { Context } from '../context.js';
import type { Globals } from '../globals.js';
import { terminalMode } from './terminal.js';

/**
 * Runs `work` under a spinner on stderr, only when stderr is a terminal and the output is for a
 * person (never with --json or --url-only); elsewhere it just runs `work`.
 */
export async function withSpinner<T>(
  ctx: Pick<Context, 'stdin' | 'stderr' | 'terminal' | 'env'>,
  globals: Pick<Globals, 'json' | 'input'>,
  quiet: boolean,
  text: string,
  work: () => Promise<T>,
): Promise<T> {
  if (quiet || !terminalMode(ctx, globals).animated) return work();
  const { default: ora } = await import('ora');
  // discardStdin off: a prompt may follow, and it needs stdin as it was.
  const spinner = ora({ text, stream: ctx.terminal.output as NodeJS.WriteStream, discardStdin: false }).start();
  try {
    return await work();
  } finally {
    // stop() also shows the cursor again, on success, failure and Ctrl-C alike.
    spinner.stop();
  }
}
