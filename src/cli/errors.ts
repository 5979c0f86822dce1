/** The exit codes of the contract: one table, decided here and nowhere else. */
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  auth: 3,
  notFound: 4,
  network: 5,
  conflict: 6,
  interrupted: 130,
  terminated: 143,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Something the user typed is wrong; nothing was sent. */
export class UsageError extends Error {
  readonly hint: string | undefined;
  constructor(message: string, hint?: string) {
    super(message);
    this.name = 'UsageError';
    this.hint = hint;
  }
}

/** A failure the CLI itself decides on (no key, batch failures), with its exit code. */
export class CliError extends Error {
  readonly exitCode: ExitCode;
  readonly code: string;
  readonly hint: string | undefined;
  constructor(message: string, exitCode: ExitCode, code: string, hint?: string) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
    this.code = code;
    this.hint = hint;
  }
}

/** Ctrl-C (SIGINT, exit 130) or SIGTERM (143): stop, say what was done, leave. */
export class InterruptedError extends Error {
  readonly signal: 'SIGINT' | 'SIGTERM';
  constructor(signal: 'SIGINT' | 'SIGTERM' = 'SIGINT') {
    super(signal === 'SIGINT' ? 'Interrupted' : 'Terminated');
    this.name = 'InterruptedError';
    this.signal = signal;
  }
}
