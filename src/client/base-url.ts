import { keyMode } from './api-key.js';

export const PRODUCTION_BASE_URL = 'https://api.revkeen.com/v2';
export const STAGING_BASE_URL = 'https://staging-api.revkeen.com/v2';

/** Sandbox keys only work against staging; every other key goes to production. */
export function defaultBaseUrl(apiKey: string): string {
  return keyMode(apiKey) === 'sandbox' ? STAGING_BASE_URL : PRODUCTION_BASE_URL;
}

/** `https://host`, `https://host/`, `https://host/v2` and `https://host/v2/` all mean `https://host/v2`. */
export function normalizeBaseUrl(input: string): string {
  const url = new URL(input);
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = path.endsWith('/v2') ? path : `${path}/v2`;
  url.search = '';
  url.hash = '';
  return url.toString().replace(/\/+$/, '');
}

/**
 * "This machine": a literal loopback address, or `localhost`, which the HTTP layer resolves to
 * 127.0.0.1 itself. Nothing that a DNS server answers for (`x.localhost`) counts.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(host);
}

/** A URL to show in a message, without any user name or password it carried. */
export function withoutCredentials(value: string): string {
  return value.replace(/\/\/[^/?#]*@/, '//');
}

/** Why a base URL must not be used, or undefined: https:, or http: only to this machine. */
export function baseUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return `${JSON.stringify(withoutCredentials(value))} is not a URL: pass one like https://api.revkeen.com/v2`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `${url.protocol} is not https:`;
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return `${url.origin} is plain http: to a host that is not this machine; the API key would cross the network unencrypted. Use https:`;
  }
  if (url.username || url.password) return 'a base URL must not carry a user name or password';
  return undefined;
}
