import type { Output } from '../context.js';

export interface ProgressLine {
  update(text: string): void;
  note(text: string): void;
  clear(): void;
}

const NO_PROGRESS: ProgressLine = { update() {}, note() {}, clear() {} };

/** One line on a terminal's stderr, redrawn at most ten times a second; nothing at all elsewhere. */
export function createProgressLine(stream: Output, now: () => number): ProgressLine {
  if (!stream.isTTY) return NO_PROGRESS;
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
