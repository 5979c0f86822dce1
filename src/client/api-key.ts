/** Everything about what an API key looks like: its shape, its mode, and how it is shown. */

/** `rk_<mode>_<secret>`: what `revkeen login` accepts. */
export const KEY_PATTERN = /^rk_[a-z]+_[A-Za-z0-9_]{4,}$/;
const KNOWN_PREFIX = /^rk_(?:sandbox|live|test)_/;
/** Below this many characters after the prefix, four of them would give too much away. */
const TAIL_MIN_SECRET = 12;
/** What a key too short to show any of is printed as. */
export const HIDDEN_KEY = '[key hidden]';

export type KeyMode = 'sandbox' | 'live' | 'unknown';

export function isWellFormedKey(key: string): boolean {
  return KEY_PATTERN.test(key);
}

export function keyMode(key: string): KeyMode {
  if (key.startsWith('rk_sandbox_') || key.startsWith('rk_test_')) return 'sandbox';
  if (key.startsWith('rk_live_')) return 'live';
  return 'unknown';
}

/** Shows a key as `rk_live_…wxyz`: enough to recognise it, never enough to use it. A short key is hidden whole. */
export function maskKey(key: string): string {
  const prefix = KNOWN_PREFIX.exec(key)?.[0] ?? '';
  const rest = key.slice(prefix.length);
  return rest.length >= TAIL_MIN_SECRET ? `${prefix}…${rest.slice(-4)}` : HIDDEN_KEY;
}

/**
 * Every way a secret can appear in printed text: as it is, and escaped inside a JSON string
 * (a key with `"` or `\` is written differently there), each with what to print instead.
 */
export function secretForms(secret: string): [string, string][] {
  const masked = maskKey(secret);
  const forms: [string, string][] = [[secret, masked]];
  const escaped = JSON.stringify(secret).slice(1, -1);
  if (escaped !== secret) forms.push([escaped, JSON.stringify(masked).slice(1, -1)]);
  return forms;
}
