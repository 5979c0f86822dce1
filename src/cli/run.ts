import { createProcessContext } from './context.js';
import { main } from './main.js';

/** The bin's entry: run, then exit with the code main decided. */
export async function run(argv: string[] = process.argv.slice(2)): Promise<void> {
  const code = await main(argv, createProcessContext());
  process.exitCode = code;
  // Anything left holding the event loop (a stray socket) must not keep a finished command alive.
  setTimeout(() => process.exit(code), 1000).unref();
}
