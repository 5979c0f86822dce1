import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MARK_NAME } from './leftovers.js';

export const BIN = fileURLToPath(new URL('../../bin/revkeen.js', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  input?: string;
  /** Called once the process has started, e.g. to send it a signal. */
  onSpawn?: (child: import('node:child_process').ChildProcess) => void;
}

/** A clean environment: no proxies, no CI, no colour settings, a private config home. */
export function baseEnv(): Record<string, string> {
  const home = mkdtempSync(join(tmpdir(), 'revkeen-home-'));
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: home, XDG_CONFIG_HOME: join(home, '.config'), TERM: 'dumb' };
  // The suite's mark, so a process a test forgets to stop is found at the end (test/global-setup.ts).
  if (process.env[MARK_NAME]) env[MARK_NAME] = process.env[MARK_NAME];
  return env;
}

/** Runs the built bin as a user would and collects everything it printed. */
export function runCli(args: string[], options: RunOptions = {}): Promise<CliResult> {
  const env = { ...baseEnv(), ...options.env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: env as NodeJS.ProcessEnv, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(options.input ?? '');
    options.onSpawn?.(child);
  });
}
