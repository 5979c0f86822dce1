import { readFileSync, readdirSync } from 'node:fs';

/** Every process a test starts carries this in its environment, so what is left behind can be found. */
export const MARK_NAME = 'REVKEEN_TEST_RUN';

/** PIDs of live processes whose environment holds `NAME=value` (Linux /proc; elsewhere, none found). */
export function processesMarked(value: string): { pid: number; command: string }[] {
  const found: { pid: number; command: string }[] = [];
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return found;
  }
  const needle = `${MARK_NAME}=${value}`;
  for (const pid of pids) {
    if (Number(pid) === process.pid) continue;
    try {
      if (!readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(needle)) continue;
      const command = readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').join(' ').trim();
      // A zombie has no command line left: it has ended, only its parent has not looked yet.
      if (command) found.push({ pid: Number(pid), command });
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}
