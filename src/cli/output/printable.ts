// C0 and C1 controls (ESC starts every terminal escape sequence), DEL, and the bidirectional
// overrides that can make text read differently than it is.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text from a server, made safe to show a person: no escape sequence can clear the screen,
 * retitle the window or write the clipboard. Line breaks and tabs become spaces; every other
 * control character becomes U+FFFD. `--json` output never goes through here: it stays exact.
 */
export function printable(text: string): string {
  return text.replace(UNSAFE, (c) => (c === '\n' || c === '\r' || c === '\t' ? ' ' : '\uFFFD'));
}
