import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A BROWSER that records its arguments, one per line, and its environment. */
export function recordingBrowser(): { command: string; args: () => string[]; env: () => string } {
  const dir = mkdtempSync(join(tmpdir(), 'revkeen-browser-'));
  const script = join(dir, 'browser.sh');
  writeFileSync(script, `#!/bin/sh\nfor a in "$@"; do printf '%s\\n' "$a"; done > "${dir}/args"\nenv > "${dir}/env"\n`);
  chmodSync(script, 0o755);
  return {
    command: script,
    args: () => (existsSync(join(dir, 'args')) ? readFileSync(join(dir, 'args'), 'utf8').split('\n').slice(0, -1) : []),
    env: () => (existsSync(join(dir, 'env')) ? readFileSync(join(dir, 'env'), 'utf8') : ''),
  };
}
