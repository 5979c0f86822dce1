import { isLoopbackHost } from '../../client/base-url.js';
import type { Context } from '../context.js';
import { CliError, ExitCode } from '../errors.js';
import { parseDuration, parsePort } from '../input/numbers.js';
import { parseWebhookTarget, webhookSecret } from '../input/webhooks.js';

export interface MockCommandOptions {
  port?: string;
  host?: string;
  sessionTtl?: string;
  quiet?: boolean;
  forwardTo?: string[];
  webhookSecret?: string;
}

/** Serves the mock until Ctrl-C. Stdout gets the base URL alone on its first line, for scripts. */
export async function runMock(ctx: Context, opts: MockCommandOptions): Promise<void> {
  const port = parsePort(opts.port ?? '4010');
  const host = opts.host ?? '127.0.0.1';
  const sessionTtlMs = opts.sessionTtl === undefined ? undefined : parseDuration(opts.sessionTtl, '--session-ttl');
  const forwardTo = (opts.forwardTo ?? []).map((url) => parseWebhookTarget(url));
  const secret = forwardTo.length ? webhookSecret(ctx, opts.webhookSecret) : undefined;
  const { startMockServer } = await import('../../mock/server.js');
  const server = await startMockServer({
    port,
    host,
    sessionTtlMs,
    onRequest: opts.quiet ? undefined : (line) => ctx.stderr.write(`mock: ${line}\n`),
    forwardTo,
    webhookSecret: secret?.value,
    onWebhookLog: (line) => ctx.stderr.write(`mock: ${line}\n`),
  }).catch((error: NodeJS.ErrnoException) => {
    throw listenFailure(error, host, port);
  });
  ctx.stdout.write(`${server.baseUrl}\n`);
  if (!isLoopbackHost(host)) {
    ctx.stderr.write(`Warning: listening on ${host}, reachable from other machines; the mock accepts any well-formed key.\n`);
  }
  ctx.stderr.write(
    `RevKeen mock API listening on ${server.baseUrl}\n` +
      `Try it:\n  export REVKEEN_BASE_URL=${server.baseUrl} REVKEEN_API_KEY=rk_sandbox_mock_key\n` +
      `  revkeen sessions create --amount 12.50 --currency USD\n` +
      (secret
        ? `Forwarding checkout.session.completed and checkout.session.expired to ${forwardTo.join(', ')}\n` +
          `Signed with ${secret.made ? `the secret ${secret.value} (made up for this run; choose one with --webhook-secret)` : `the secret from ${secret.from}`}\n`
        : '') +
      'Press Ctrl-C to stop.\n',
  );
  await new Promise<void>((resolve) => {
    if (ctx.signal.aborted) return resolve();
    ctx.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await server.close();
}

/** Why the mock could not listen, with what to do next; anything unexpected stays a bug. */
function listenFailure(error: NodeJS.ErrnoException, host: string, port: number): unknown {
  const where = `${host}:${port}`;
  switch (error.code) {
    case 'EADDRINUSE':
      return new CliError(`Port ${port} on ${host} is already in use`, ExitCode.failure, 'port_in_use', 'Pick another with --port, or --port 0 for any free one');
    case 'EACCES':
    case 'EPERM':
      return new CliError(`Not allowed to listen on ${where}`, ExitCode.failure, 'port_forbidden', 'Ports below 1024 need privileges: use --port 4010, or --port 0 for any free one');
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return new CliError(`${host} is not an address of this machine`, ExitCode.failure, 'bad_host', 'Use --host 127.0.0.1 (the default)');
    default:
      return error;
  }
}
