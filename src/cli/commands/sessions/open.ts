import type { Context } from '../../context.js';
import type { Globals } from '../../globals.js';
import { parseId } from '../../input/ids.js';
import { openSession } from '../../output/open-url.js';
import { withSpinner } from '../../output/spinner.js';

/** Looks the session up and opens its hosted page, if it can still be paid there. */
export async function runOpen(ctx: Context, globals: Globals, rawId: string): Promise<void> {
  const id = parseId(rawId, 'Session ID');
  const client = await ctx.connect(globals);
  const { data } = await withSpinner(ctx, globals, false, `Fetching ${id}`, () => client.checkoutSessions.get(id, { signal: ctx.signal }));
  await openSession(ctx, data);
  ctx.stderr.write(`Opened ${data.url}\n`);
}
