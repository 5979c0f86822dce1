import type { RevKeen } from '../client/client.js';
import { VERSION } from '../version.js';
import type { Context } from './context.js';
import { resolveCredentials } from './credentials.js';
import type { Globals } from './globals.js';
import { renderTrace } from './output/trace.js';

/** A client for this invocation; the HTTP stack loads only in commands that talk to the API. */
export async function connect(ctx: Context, globals: Globals): Promise<RevKeen> {
  const { apiKey, baseUrl } = resolveCredentials(ctx, globals);
  ctx.addSecret(apiKey);
  const [{ RevKeen }, { closeDefaultDispatcher }] = await Promise.all([
    import('../client/client.js'),
    import('../client/transport.js'),
  ]);
  ctx.onDispose(closeDefaultDispatcher);
  return new RevKeen({
    apiKey,
    baseUrl,
    timeoutMs: globals.timeoutMs,
    userAgent: `revkeen-cli/${VERSION} node/${process.versions.node}`,
    onTrace: globals.verbose ? (event) => ctx.stderr.write(renderTrace(event)) : undefined,
  });
}
