import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const hasTmux = (() => {
  try {
    execFileSync('tmux', ['-V']);
    return true;
  } catch {
    return false;
  }
})();

let counter = 0;

/** A real terminal: a command run in a detached tmux pane that the test types into and reads. */
export class Terminal {
  readonly #socket = `revkeen-test-${process.pid}-${counter++}`;
  readonly #exitFile: string;

  constructor(command: string, env: Record<string, string>, { width = 100, height = 40 } = {}) {
    this.#exitFile = join(mkdtempSync(join(tmpdir(), 'revkeen-tty-')), 'exit');
    const exports = Object.entries(env)
      .map(([k, v]) => `${k}=${shellQuote(v)}`)
      .join(' ');
    // The pane stays open after the command, so its last screen and exit code can be read.
    const script = `env -i ${exports} ${command}; echo $? > ${this.#exitFile}; sleep 600`;
    execFileSync('tmux', ['-L', this.#socket, '-f', '/dev/null', 'new-session', '-d', '-s', 't', '-x', String(width), '-y', String(height), 'sh', '-c', script]);
  }

  /** tmux key names (Enter, Down, Space, C-c) or literal text with `literal`. */
  keys(...keys: string[]): void {
    execFileSync('tmux', ['-L', this.#socket, 'send-keys', '-t', 't', ...keys]);
  }

  type(text: string): void {
    execFileSync('tmux', ['-L', this.#socket, 'send-keys', '-t', 't', '-l', text]);
  }

  screen(withEscapes = false): string {
    return execFileSync('tmux', ['-L', this.#socket, 'capture-pane', '-p', '-t', 't', ...(withEscapes ? ['-e'] : [])], { encoding: 'utf8' });
  }

  async waitFor(pattern: RegExp, timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (pattern.test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${pattern} on screen:\n${screen}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async exitCode(timeoutMs = 10_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const text = readFileSync(this.#exitFile, 'utf8').trim();
        if (text) return Number(text);
      } catch {
        /* not yet */
      }
      if (Date.now() > deadline) throw new Error(`Command did not exit; screen:\n${this.screen()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  close(): void {
    try {
      execFileSync('tmux', ['-L', this.#socket, 'kill-server']);
    } catch {
      /* already gone */
    }
  }
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
