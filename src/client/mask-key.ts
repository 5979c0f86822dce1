const KNOWN_PREFIX = /^(rk_(?:sandbox|live|test)_)/;

/** Shows a key as `rk_live_…wxyz`: enough to recognise it, never enough to use it. */
export function maskKey(key: string): string {
  const prefix = KNOWN_PREFIX.exec(key)?.[1] ?? '';
  const rest = key.slice(prefix.length);
  // Short keys would give away too much of themselves: show none of the tail.
  const tail = rest.length >= 12 ? rest.slice(-4) : '';
  return `${prefix}…${tail}`;
}

export type KeyMode = 'sandbox' | 'live' | 'unknown';

export function keyMode(key: string): KeyMode {
  if (key.startsWith('rk_sandbox_') || key.startsWith('rk_test_')) return 'sandbox';
  if (key.startsWith('rk_live_')) return 'live';
  return 'unknown';
}
