import type { ChalkInstance } from 'chalk';
import { formatMinor } from '../../../currency.js';
import { printable } from '../../output/printable.js';
import type { Outcome, SessionResult } from './session-results.js';

/** How a kind of batch speaks of itself: its headline, its groups, its failure. */
export interface BatchWords {
  headline: (ok: number, total: number) => string;
  failure: (failed: number, total: number) => string;
  labels: Partial<Record<Outcome, string>>;
}

/** The groups of a report, in order; found sessions are shown as a table, never as a report. */
const LABELS: [Outcome, string][] = [
  ['expired', 'Expired'],
  ['already_expired', 'Already expired'],
  ['not_expirable', 'Not expirable'],
  ['not_found', 'Not found'],
  ['error', 'Errors'],
  ['unknown', 'Unknown (sent, no answer: running again is safe and will tell)'],
  ['not_sent', 'Not sent'],
];

/** A longer group is cut: the full list is what -o json is for. */
export const GROUP_LIMIT = 20;

export function duplicateNote(duplicates: number): string {
  return `${duplicates} duplicate ${duplicates === 1 ? 'line was' : 'lines were'} skipped: each ID is used once`;
}

/** Counts as results arrive; keeps them (in input order) only when a person's report needs them. */
export class BatchSummary {
  readonly #results: SessionResult[] = [];
  readonly #keep: boolean;
  done = 0;
  failed = 0;

  constructor(keep: boolean) {
    this.#keep = keep;
  }

  add(r: SessionResult): void {
    if (r.outcome !== 'not_sent') this.done++;
    if (!r.ok) this.failed++;
    if (this.#keep) this.#results.push(r);
  }

  #ordered(): SessionResult[] {
    return this.#results.sort((a, b) => a.index - b.index);
  }

  /** The closing report: a headline, then each outcome's IDs, one a line, in the input's order. */
  report(style: ChalkInstance, words: BatchWords, total: number, duplicates: number, stopNote: string | undefined): string {
    let text = this.#head(style, words, total, duplicates, stopNote);
    for (const [outcome, fallback] of LABELS) {
      const items = this.#ordered().filter((r) => r.outcome === outcome);
      if (items.length === 0) continue;
      text += `${words.labels[outcome] ?? fallback} (${items.length}):\n`;
      for (const r of items.slice(0, GROUP_LIMIT)) text += `  ${printable(line(r))}\n`;
      if (items.length > GROUP_LIMIT) text += `  … and ${items.length - GROUP_LIMIT} more (-o json lists every one)\n`;
    }
    return text;
  }

  /** Many sessions at a glance: a table in the input's order, then counts by status. */
  table(style: ChalkInstance, words: BatchWords, total: number, duplicates: number, stopNote: string | undefined, width: number): string {
    const rows = this.#ordered().map((r) => {
      const s = r.session;
      return [
        r.id,
        statusOf(r),
        s?.amountMinor !== undefined && s.currency ? formatMinor(s.amountMinor, s.currency) : '',
        s?.expiresAt ? s.expiresAt.replace('T', ' ').replace(/\.\d+Z$|Z$/, '') : '',
        s?.url ?? (r.ok ? '' : (r.message ?? '')),
      ].map(printable);
    });
    const header = ['ID', 'STATUS', 'AMOUNT', 'EXPIRES (UTC)', 'URL'];
    const widths = header.slice(0, 4).map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const fixed = widths.reduce((a, b) => a + b + 2, 0);
    const room = Math.max(20, width - fixed);
    const shorten = (url: string) => (url.length <= room ? url : `${url.slice(0, room - 1)}…`);
    const format = (cells: string[]) => [...cells.slice(0, 4).map((c, i) => c.padEnd(widths[i])), shorten(cells[4])].join('  ').trimEnd();
    let text = `${style.bold(format(header))}\n${rows.map((r) => `${format(r)}\n`).join('')}\n`;
    const counts = new Map<string, number>();
    for (const r of this.#ordered()) {
      const status = statusOf(r);
      counts.set(status, (counts.get(status) ?? 0) + 1);
    }
    text += this.#head(style, words, total, duplicates, stopNote);
    text += `${[...counts].map(([status, n]) => `${status}: ${n}`).join(', ')}\n`;
    return text;
  }

  #head(style: ChalkInstance, words: BatchWords, total: number, duplicates: number, stopNote: string | undefined): string {
    let text = `${this.failed === 0 ? style.green('✓') : style.red('✗')} ${words.headline(total - this.failed, total)}\n`;
    if (stopNote) text += `Stopped early: ${stopNote}\n`;
    if (duplicates > 0) text += `${duplicateNote(duplicates)}\n`;
    return text;
  }
}

/** A found session's status ("unknown" when the API gave none), else what happened to the ID. */
function statusOf(r: SessionResult): string {
  return r.session ? (r.session.status ?? 'unknown') : r.outcome.replace('_', ' ');
}

function line(r: SessionResult): string {
  if (r.outcome === 'not_expirable' && r.session?.status) return `${r.id} (${r.session.status})`;
  if (r.outcome === 'error' || r.outcome === 'unknown') return `${r.id}: ${r.message}${r.requestId ? ` (request ${r.requestId})` : ''}`;
  return r.id;
}
