import type { Context } from '../context.js';
import type { Globals } from '../globals.js';
import { terminalMode } from './terminal.js';

export interface ProgressLine {
  update(text: string): void;
  note(text: string): void;
  clear(): void;
}

const NO_PROGRESS: ProgressLine = { update() {}, note() {}, clear() {} };

/** One line on a terminal's stderr, redrawn at most ten times a second; nothing at all where it cannot be animated. */
export function createProgressLine(ctx: Pick<Context, 'stdin' | 'stderr' | 'env' | 'now'>, globals: Pick<Globals, 'json' | 'input'>): ProgressLine {
  if (!terminalMode(ctx, globals).animated) return NO_PROGRESS;
  const stream = ctx.stderr;
  const now = ctx.now;
  let last = 0;
  let pending = '';
  let shown = false;
  const draw = (text: string) => {
    stream.write(`\r\x1b[2K${text.slice(0, Math.max(10, stream.columns - 1))}`);
    shown = true;
  };
  return {
    update(text) {
      pending = text;
      if (now() - last >= 100) {
        last = now();
        draw(text);
      }
    },
    note(text) {
      draw(`${pending}${pending ? ' · ' : ''}${text}`);
    },
    clear() {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}
