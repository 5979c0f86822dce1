import { createProcessContext } from './context.js';
import { ExitCode, InterruptedError } from './errors.js';

/** The bin's entry: run, then exit with the code main decided. The only place that exits. */
export async function run(argv: string[] = process.argv.slice(2)): Promise<void> {
  const stop = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      // A second signal means now, whatever is still running.
      const code = signal === 'SIGINT' ? ExitCode.interrupted : ExitCode.terminated;
      if (stop.signal.aborted) process.exit(code);
      stop.abort(new InterruptedError(signal));
      // A step that cannot be stopped (reading a pipe) must not outlive the signal for long.
      setTimeout(() => process.exit(code), 5000).unref();
    });
  }
  const ctx = createProcessContext(stop.signal);
  const { main, reportFailure, wantsJson } = await import('./main.js');
  // A failure outside any command's await still goes through the same report and masking.
  const crash = (error: unknown) => {
    // The reader went away (`revkeen ... | head`): nothing left to say, and no one to say it to.
    if ((error as NodeJS.ErrnoException)?.code === 'EPIPE') process.exit(ExitCode.ok);
    process.exit(reportFailure(error, ctx, wantsJson(argv), false));
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  const code = await main(argv, ctx);
  process.exitCode = code;
  // Anything left holding the event loop (a stray socket) must not keep a finished command alive.
  setTimeout(() => process.exit(code), 1000).unref();
}
