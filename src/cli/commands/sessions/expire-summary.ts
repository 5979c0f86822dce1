import type { ChalkInstance } from 'chalk';
import { printable } from '../../output/printable.js';
import type { ExpireOutcome, ExpireResult } from './expire-one.js';

const GROUPS: [ExpireOutcome, string][] = [
  ['expired', 'Expired'],
  ['already_expired', 'Already expired'],
  ['not_expirable', 'Not expirable'],
  ['not_found', 'Not found'],
  ['error', 'Errors'],
  ['unknown', 'Unknown (sent, no answer: running again is safe and will tell)'],
  ['not_sent', 'Not sent'],
];

/** A longer group is cut: the full list is what --json is for. */
export const GROUP_LIMIT = 20;

/** Collects a batch's results and renders the closing report: one ID per line, in the input's order. */
export class ExpireSummary {
  readonly #groups = new Map<ExpireOutcome, { index: number; line: string }[]>();
  done = 0;
  failed = 0;

  add(r: ExpireResult): void {
    if (r.outcome !== 'not_sent') this.done++;
    if (!r.ok) this.failed++;
    const line = printable(
      r.outcome === 'not_expirable' && r.status
        ? `${r.id} (${r.status})`
        : r.outcome === 'error' || r.outcome === 'unknown'
          ? `${r.id}: ${r.message}${r.requestId ? ` (request ${r.requestId})` : ''}`
          : r.id,
    );
    const list = this.#groups.get(r.outcome) ?? [];
    list.push({ index: r.index, line });
    this.#groups.set(r.outcome, list);
  }

  render(style: ChalkInstance, total: number, duplicates: number, stopNote: string | undefined): string {
    const ok = total - this.failed;
    let text = `${this.failed === 0 ? style.green('✓') : style.red('✗')} ${ok} of ${total} sessions expired or already expired\n`;
    if (stopNote) text += `Stopped early: ${stopNote}\n`;
    if (duplicates > 0) text += `${duplicateNote(duplicates)}\n`;
    for (const [outcome, label] of GROUPS) {
      const items = this.#groups.get(outcome);
      if (!items?.length) continue;
      items.sort((a, b) => a.index - b.index);
      text += `${label} (${items.length}):\n`;
      for (const { line } of items.slice(0, GROUP_LIMIT)) text += `  ${line}\n`;
      if (items.length > GROUP_LIMIT) text += `  … and ${items.length - GROUP_LIMIT} more (--json lists every one)\n`;
    }
    return text;
  }
}

export function duplicateNote(duplicates: number): string {
  return `${duplicates} duplicate ${duplicates === 1 ? 'line was' : 'lines were'} skipped: each ID is expired once`;
}
