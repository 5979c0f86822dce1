import { keyMode } from './mask-key.js';

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

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}
