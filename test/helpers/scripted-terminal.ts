import { PassThrough, Writable } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';

export const KEY = { enter: '\r', down: '\x1b[B', up: '\x1b[A', space: ' ' } as const;

/**
 * A terminal for prompts in this process: each step waits until its text is drawn (after the
 * previous step's), then types its keys. `screen()` is everything drawn, escape codes removed.
 */
export function scriptedTerminal(steps: [waitFor: string, keys: string][]) {
  const input = Object.assign(new PassThrough(), { isTTY: true });
  let drawn = '';
  let from = 0;
  const pending = [...steps];
  const output = Object.assign(
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        draw(chunk.toString());
        done();
      },
    }),
    { isTTY: true, columns: 100, rows: 40 },
  );
  // Each prompt pipes into the terminal and ends its pipe when done; a terminal stays open, as stderr does.
  output.end = () => output;
  // What a spinner asks of a TTY stream, drawn as the escape codes a terminal would get.
  const drawing = (code: (...args: number[]) => string) => (...args: unknown[]) => {
    output.write(code(...(args.filter((a) => typeof a === 'number') as number[])));
    const done = args.find((a) => typeof a === 'function') as (() => void) | undefined;
    done?.();
    return true;
  };
  Object.assign(output, {
    cursorTo: drawing((x) => `\x1b[${x + 1}G`),
    clearLine: drawing(() => '\x1b[2K'),
    moveCursor: drawing((dx, dy) => `${dy < 0 ? `\x1b[${-dy}A` : dy > 0 ? `\x1b[${dy}B` : ''}${dx > 0 ? `\x1b[${dx}C` : ''}`),
  });
  function draw(chunk: string) {
    drawn += chunk;
    const text = stripVTControlCharacters(drawn);
    const step = pending[0];
    if (!step) return;
    const at = text.indexOf(step[0], from);
    if (at === -1) return;
    pending.shift();
    from = at + step[0].length;
    // After the prompt has finished drawing and listens for keys.
    setImmediate(() => input.write(step[1]));
  }
  return {
    terminal: { input, output },
    screen: () => stripVTControlCharacters(drawn),
    unanswered: () => pending.map(([text]) => text),
  };
}
