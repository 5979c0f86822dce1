import type { TraceEvent } from '../../client/transport.js';
import { printable } from './printable.js';

/** One `--verbose` line (plus headers) per event, for stderr; keys arrive already masked. */
export function renderTrace(event: TraceEvent): string {
  switch (event.type) {
    case 'request':
      return `> ${event.method} ${event.url} (attempt ${event.attempt + 1})\n${headerLines('>', event.headers)}`;
    case 'response':
      return `< ${event.status} ${event.method} ${event.url} in ${event.ms} ms${event.replayed ? ' (idempotent replay)' : ''}\n${headerLines('<', event.headers)}`;
    case 'retry':
      return `~ retrying in ${event.delayMs} ms after ${event.reason} (attempt ${event.attempt + 1})\n`;
    case 'error':
      return `! ${event.method} ${event.url} failed after ${event.ms} ms: ${printable(event.message)}\n`;
  }
}

function headerLines(mark: string, headers: Record<string, string>): string {
  return Object.entries(headers)
    .map(([name, value]) => `${mark}   ${printable(name)}: ${printable(value)}\n`)
    .join('');
}
