import { baseUrlProblem } from '../../client/base-url.js';
import { UsageError } from '../errors.js';

/** Success and cancel URLs: absolute web addresses only (no javascript:, file:, data:). */
export function parseRedirectUrl(value: string, flag: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new UsageError(`${flag} ${JSON.stringify(value)} is not an absolute URL: pass one like https://example.com/done`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(`${flag} must be an https: or http: URL, not ${url.protocol}`);
  }
  if (url.username || url.password) {
    throw new UsageError(`${flag} must not carry a user name or password`);
  }
  if (url.href.length > 2048) throw new UsageError(`${flag} is longer than 2048 characters`);
  return url.href;
}

/** The API base URL, refused before any key is sent over it. */
export function parseBaseUrl(value: string, source: string): string {
  const problem = baseUrlProblem(value);
  if (problem) throw new UsageError(`${source}: ${problem}`);
  return value.trim();
}
