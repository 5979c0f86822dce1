import { spawn } from 'node:child_process';
import { isLoopbackHost } from '../../client/base-url.js';
import type { CheckoutSession } from '../../client/session.js';
import type { Context } from '../context.js';
import { CliError, ExitCode } from '../errors.js';

/** Only https:, or http: to this machine, is ever handed to a browser. */
export function isOpenableUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
  } catch {
    return false;
  }
}

/** Opens the hosted page: `$BROWSER url` when set, else the platform's opener. */
export async function openInBrowser(ctx: Context, url: string): Promise<void> {
  if (!isOpenableUrl(url)) {
    throw new CliError(
      `Refusing to open ${JSON.stringify(url)}: only https: URLs (or http: on this machine) are opened`,
      ExitCode.failure,
      'unsafe_url',
    );
  }
  const browser = ctx.env.BROWSER?.split(':')[0]?.trim();
  if (browser) {
    await new Promise<void>((resolve, reject) => {
      const [command, ...args] = browser.split(/\s+/);
      const withUrl = args.some((a) => a.includes('%s')) ? args.map((a) => a.replace('%s', url)) : [...args, url];
      // Waits for the command, as gh does: a launcher returns at once, a script's work is done when it ends.
      const child = spawn(command, withUrl, { stdio: 'ignore' });
      child.once('error', (error) =>
        reject(new CliError(`Could not start BROWSER (${command}): ${error.message}`, ExitCode.failure, 'browser_failed')),
      );
      child.once('exit', () => resolve());
    });
    return;
  }
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
