import { connect } from '../../api.js';
import type { Context } from '../../context.js';
import type { Globals } from '../../globals.js';
import { parseId } from '../../input/ids.js';
import { openSession } from '../../output/open-url.js';
import { outputMode, printSession } from '../../output/print-session.js';

export interface GetOptions {
  open?: boolean;
  urlOnly?: boolean;
}

export async function runGet(ctx: Context, globals: Globals, rawId: string, opts: GetOptions): Promise<void> {
  const mode = outputMode(globals, opts.urlOnly);
  const id = parseId(rawId, 'Session ID');
  const client = await connect(ctx, globals);
  const response = await client.checkoutSessions.get(id, { signal: ctx.signal });
  await printSession(ctx, globals, response, mode);
  if (opts.open) await openSession(ctx, response.data);
}

