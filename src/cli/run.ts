import { VERSION } from '../version.js';
import { createProcessContext } from './context.js';

/** The bin's entry: run, then exit with the code main decided. */
export async function run(argv: string[] = process.argv.slice(2)): Promise<void> {
  // Scripts ask for the version often; answer before loading the command parser at all.
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  const ctx = createProcessContext();
  const { main, reportFailure } = await import('./main.js');
  // A failure outside any command's await still goes through the same report and masking.
  const crash = (error: unknown) => {
    // The reader went away (`revkeen ... | head`): nothing left to say, and no one to say it to.
    if ((error as NodeJS.ErrnoException)?.code === 'EPIPE') process.exit(0);
    process.exit(reportFailure(error, ctx, argv.includes('--json'), false));
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  const code = await main(argv, ctx);
  process.exitCode = code;
  // Anything left holding the event loop (a stray socket) must not keep a finished command alive.
  setTimeout(() => process.exit(code), 1000).unref();
}
