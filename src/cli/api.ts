import type { RevKeen } from '../client/client.js';
import { openProfileStore } from '../config/profile-store.js';
import { resolveCredentials, type Credentials } from '../config/resolve-credentials.js';
import { VERSION } from '../version.js';
import type { ConnectOptions, Context } from './context.js';
import type { Globals } from './globals.js';
import { renderTrace } from './output/trace.js';

export function credentialsFor(ctx: Pick<Context, 'env'>, globals: Globals): Promise<Credentials> {
  return resolveCredentials({
    env: ctx.env,
    profileName: globals.profile,
    baseUrlFlag: globals.baseUrl,
    openStore: () => openProfileStore(ctx.env),
  });
}

/** A real client for this invocation; the HTTP stack loads only in commands that talk to the API. */
export async function connect(ctx: Context, globals: Globals, options: ConnectOptions = {}): Promise<RevKeen> {
  const { apiKey, baseUrl, baseUrlSource } = options.credentials ?? (await credentialsFor(ctx, globals));
  ctx.addSecret(apiKey);
  ctx.api = { baseUrl, source: baseUrlSource };
  const { RevKeen } = await import('../client/client.js');
  const client = new RevKeen({
    apiKey,
    baseUrl,
    maxConnections: options.connections,
    timeoutMs: globals.timeoutMs,
    maxRetries: globals.maxRetries,
    userAgent: `revkeen-cli/${VERSION} node/${process.versions.node}`,
    onTrace: globals.verbose ? (event) => ctx.stderr.write(renderTrace(event)) : undefined,
    onRetry: options.onRetry,
  });
  ctx.onDispose(() => client.close());
  return client;
}
