// Starts the local mock, then creates, reads and expires a session through the real bin, as a user would.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/revkeen.js', import.meta.url));
const mock = spawn(process.execPath, [bin, 'mock', '--port', '0', '--quiet'], { stdio: ['ignore', 'pipe', 'ignore'] });
const [baseUrl] = await once(createInterface({ input: mock.stdout }), 'line');

const env = {
  ...process.env,
  REVKEEN_BASE_URL: baseUrl,
  REVKEEN_API_KEY: 'rk_sandbox_demo_0123456789abcdef',
  ...(process.stdout.isTTY ? { FORCE_COLOR: '1' } : {}),
};

function revkeen(...args) {
  process.stdout.write(`\n$ revkeen ${args.join(' ')}\n`);
  const result = spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8' });
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  if (result.status !== 0) {
    mock.kill();
    throw new Error(`revkeen ${args[0]} ${args[1]} exited with ${result.status}`);
  }
  return result.stdout;
}

try {
  console.log(`revkeen demo: a local mock of the RevKeen API is listening on ${baseUrl}`);
  const created = revkeen('sessions', 'create', '--invoice', 'inv_123', '--success-url', 'https://example.com/success', '--method', 'card,pay_by_bank');
  const id = /^ID:\s+(\S+)/m.exec(created.replace(/\x1b\[[0-9;]*m/g, ''))[1];
  revkeen('sessions', 'create', '--amount', '12.50', '--currency', 'EUR', '--url-only');
  revkeen('sessions', 'get', id);
  revkeen('sessions', 'expire', id, '--yes');
  revkeen('sessions', 'get', id);
  console.log('\nThat was all local. Point REVKEEN_BASE_URL elsewhere (or unset it) and set a real key to use RevKeen.');
} finally {
  mock.kill();
}
