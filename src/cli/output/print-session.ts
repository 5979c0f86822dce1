import type { ApiResponse, CheckoutSession } from '../../client/session.js';
import type { Context } from '../context.js';
import { CliError, ExitCode, UsageError } from '../errors.js';
import type { Globals, OutputFormat } from '../globals.js';
import { renderDocument } from './formats.js';
import { printable } from './printable.js';
import { publicSession } from './public-schema.js';
import { renderSession } from './session-view.js';
import { createStyle } from './terminal.js';

/** How one session is printed: the URL alone, the API's body as it came, or a format of the public schema. */
export type OutputMode = 'url' | 'raw' | OutputFormat;

/** Prints one session as the user asked. */
export async function printSession(
  ctx: Context,
  globals: Globals,
  response: Pick<ApiResponse<CheckoutSession>, 'data' | 'body' | 'requestId'>,
  mode: OutputMode,
): Promise<void> {
  if (mode === 'raw') return void ctx.stdout.write(`${JSON.stringify(response.body, null, 2)}\n`);
  if (mode === 'url') {
    if (!response.data.url) {
      throw new CliError(`The API returned session ${response.data.id} without a url`, ExitCode.failure, 'missing_url');
    }
    return void ctx.stdout.write(`${printable(response.data.url)}\n`);
  }
  if (mode === 'table') {
    return void ctx.stdout.write(renderSession(response.data, createStyle(ctx.stdout, ctx.env, globals.color), ctx.now()));
  }
  ctx.stdout.write(await renderDocument(mode, publicSession(response.data, response.requestId)));
}

export function outputMode(globals: Globals, urlOnly: boolean | undefined): OutputMode {
  const chosen = globals.output !== 'table';
  if (urlOnly && (chosen || globals.raw)) throw new UsageError('--url-only prints the URL alone: leave out -o, --json and --raw');
  if (globals.raw && chosen && globals.output !== 'json') throw new UsageError(`--raw prints the API's JSON body as it came: leave out -o ${globals.output}`);
  return urlOnly ? 'url' : globals.raw ? 'raw' : globals.output;
}
