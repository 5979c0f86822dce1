import { defaultBaseUrl } from '../client/base-url.js';
import type { Context } from './context.js';
import { CliError, ExitCode } from './errors.js';
import type { Globals } from './globals.js';
import { parseBaseUrl } from './input/urls.js';

export interface Credentials {
  apiKey: string;
  baseUrl: string;
}

/** Key from REVKEEN_API_KEY; base URL from the flag, the environment, else by key prefix. */
export function resolveCredentials(ctx: Pick<Context, 'env'>, globals: Globals): Credentials {
  const apiKey = ctx.env.REVKEEN_API_KEY?.trim();
  if (!apiKey) {
    throw new CliError(
      'No API key: set REVKEEN_API_KEY to a key from the RevKeen dashboard (rk_sandbox_… for test mode)',
      ExitCode.auth,
      'missing_api_key',
      'export REVKEEN_API_KEY=rk_sandbox_…, or try everything locally with `revkeen mock`',
    );
  }
  const baseUrl = globals.baseUrl
    ? parseBaseUrl(globals.baseUrl, '--base-url')
    : ctx.env.REVKEEN_BASE_URL
      ? parseBaseUrl(ctx.env.REVKEEN_BASE_URL, 'REVKEEN_BASE_URL')
      : defaultBaseUrl(apiKey);
  return { apiKey, baseUrl };
}
