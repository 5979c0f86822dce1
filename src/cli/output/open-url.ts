import { spawn } from 'node:child_process';
import { isLoopbackHost } from '../../client/base-url.js';
import type { CheckoutSession } from '../../client/session.js';
import type { Context } from '../context.js';
import { CliError, ExitCode } from '../errors.js';

/** The URL as a browser should get it (parsed and re-serialised), or undefined unless it is https:, or http: to this machine. */
export function openableUrl(value: string): string | undefined {
  if (!URL.canParse(value)) return undefined;
  const url = new URL(value);
  const ok = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
  return ok && !url.username && !url.password ? url.href : undefined;
}

const isOurs = (name: string) => name.toUpperCase().startsWith('REVKEEN_');

/** The environment without revkeen's own variables: a browser has no business with the API key. */
export function withoutSecrets(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !isOurs(name)));
}

/** Removes revkeen's own variables from an environment in place (the platform opener takes process.env only). */
export function dropSecrets(env: Record<string, string | undefined>): void {
  for (const name of Object.keys(env)) if (isOurs(name)) delete env[name];
}

/** Opens the hosted page: `$BROWSER url` when set, else the platform's opener. */
export async function openInBrowser(ctx: Context, raw: string): Promise<void> {
  const url = openableUrl(raw);
  if (url === undefined) {
    throw new CliError(
      `Refusing to open ${JSON.stringify(raw)}: only https: URLs (or http: on this machine) are opened`,
      ExitCode.failure,
      'unsafe_url',
    );
  }
  const browser = ctx.env.BROWSER?.split(':')[0]?.trim();
  if (browser) {
    await new Promise<void>((resolve, reject) => {
      const [command, ...args] = browser.split(/\s+/);
      // Literal substitution: a `$&` in a URL is not a replacement pattern.
      const withUrl = args.some((a) => a.includes('%s')) ? args.map((a) => a.split('%s').join(url)) : [...args, url];
      // Waits for the command, as gh does: a launcher returns at once, a script's work is done when it ends.
      const child = spawn(command, withUrl, { stdio: 'ignore', env: withoutSecrets(ctx.env) as NodeJS.ProcessEnv });
      child.once('error', (error) =>
        reject(new CliError(`Could not start BROWSER (${command}): ${error.message}`, ExitCode.failure, 'browser_failed')),
      );
      child.once('exit', () => resolve());
    });
    return;
  }
  // The platform opener inherits process.env and takes no other: the API work is done, so the secrets go first.
  dropSecrets(process.env);
  const { default: open } = await import('open');
  await open(url);
}

/** Opens a session's page, unless there is nothing left to pay there. */
export async function openSession(ctx: Context, session: CheckoutSession): Promise<void> {
  if (session.status && session.status !== 'open' && session.status !== 'pending') {
    throw new CliError(
      `Not opening session ${session.id}: it is ${session.status}, so its page takes no payment`,
      ExitCode.failure,
      'not_open',
    );
  }
  if (!session.url) throw new CliError(`Session ${session.id} has no url to open`, ExitCode.failure, 'missing_url');
  await openInBrowser(ctx, session.url);
}
