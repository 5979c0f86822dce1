import { randomUUID } from 'node:crypto';
import { MARK_NAME, processesMarked } from './helpers/leftovers.js';

/** Marks every process the suite starts; at the end, any still running is a test that did not stop what it started. */
export default function setup(): () => Promise<void> {
  const mark = randomUUID();
  process.env[MARK_NAME] = mark;
  return async () => {
    // Processes told to stop in a test's last lines get a moment to finish exiting.
    for (let i = 0; i < 20 && processesMarked(mark).length > 0; i++) await new Promise((r) => setTimeout(r, 100));
    const left = processesMarked(mark);
    for (const { pid } of left) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    if (left.length > 0) {
      // vitest reports an error thrown here but still exits 0: a leak must fail the run.
      process.exitCode = 1;
      throw new Error(`The tests left ${left.length} process(es) running (now killed):\n${left.map((p) => `  ${p.pid} ${p.command}`).join('\n')}`);
    }
  };
}
