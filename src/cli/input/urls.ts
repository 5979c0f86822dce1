import { isLoopbackHost } from '../../client/base-url.js';
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

/** The API base URL: https:, or http: only on loopback, so a key never crosses a network in the clear. */
export function parseBaseUrl(value: string, source: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new UsageError(`${source} ${JSON.stringify(value)} is not a URL: pass one like https://api.revkeen.com/v2`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new UsageError(
      `${source} ${url.origin} is plain http: to a host that is not this machine; the API key would cross the network unencrypted. Use https:`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(`${source} must be an https: URL`);
  }
  if (url.username || url.password) throw new UsageError(`${source} must not carry a user name or password`);
  return url.href;
}
