import type { ApiResponse, CheckoutSession } from '../../client/session.js';
import type { Context } from '../context.js';
import { CliError, ExitCode, UsageError } from '../errors.js';
import type { Globals } from '../globals.js';
import { printable } from './printable.js';
import { renderSession } from './session-view.js';
import { createStyle } from './terminal.js';

export type OutputMode = 'human' | 'json' | 'url';

/** Prints one session as the user asked: the body unchanged, the URL alone, or the readable view. */
export async function printSession(
  ctx: Context,
  globals: Globals,
  response: ApiResponse<CheckoutSession>,
  mode: OutputMode,
): Promise<void> {
  if (mode === 'json') {
    ctx.stdout.write(`${JSON.stringify(response.body, null, 2)}\n`);
  } else if (mode === 'url') {
    if (!response.data.url) {
      throw new CliError(`The API returned session ${response.data.id} without a url`, ExitCode.failure, 'missing_url');
    }
    ctx.stdout.write(`${printable(response.data.url)}\n`);
  } else {
    const style = createStyle(ctx.stdout, ctx.env, globals.color);
    ctx.stdout.write(renderSession(response.data, style, ctx.now()));
  }
}

export function outputMode(globals: Globals, urlOnly: boolean | undefined): OutputMode {
  if (urlOnly && globals.json) throw new UsageError('Choose one of --json and --url-only');
  return globals.json ? 'json' : urlOnly ? 'url' : 'human';
}
