// Start-up and throughput of the built CLI, each as a ratio to a baseline measured in the same
// run on the same machine, alternating the two (warm-up first). Prints a table of medians.
// Usage: npm run bench [-- --pairs 15 --batch 1000]
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { cpus, totalmem } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const PAIRS = arg('pairs', 15);
const BATCH = arg('batch', 1000);
const BIN = fileURLToPath(new URL('../bin/revkeen.js', import.meta.url));
const NODE = process.execPath;
const KEY = 'rk_sandbox_bench_0123456789abcdef';

const mock = spawn(NODE, [BIN, 'mock', '--port', '0', '--quiet'], { stdio: ['ignore', 'pipe', 'ignore'] });
const [baseUrl] = await once(createInterface({ input: mock.stdout }), 'line');
const env = { ...process.env, REVKEEN_API_KEY: KEY, REVKEEN_BASE_URL: baseUrl, NO_COLOR: '1' };
delete env.REVKEEN_PROFILE;

function timeRun(command, args, options = {}) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return ms;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Warm-up, then PAIRS rounds of baseline and subject, in alternating order. */
async function compare(name, baseline, subject, goal, { prepare } = {}) {
  const times = { baseline: [], subject: [] };
  const one = async (which, fn) => {
    const input = prepare ? await prepare() : undefined;
    return fn(input);
  };
  await one('baseline', baseline.run);
  await one('subject', subject.run);
  for (let i = 0; i < PAIRS; i++) {
    const order = i % 2 === 0 ? ['baseline', 'subject'] : ['subject', 'baseline'];
    for (const which of order) times[which].push(await one(which, which === 'baseline' ? baseline.run : subject.run));
  }
  const b = median(times.baseline);
  const s = median(times.subject);
  return { name, baseline: baseline.label, b, s, ratio: s / b, goal };
}

async function createSessions(n) {
  const ids = [];
  // One retry: an idle kept-alive socket may be closed by the server just as it is reused.
  const make = async () => {
    const r = await fetch(`${baseUrl}/checkout-sessions`, {
      method: 'POST',
      headers: { 'x-api-key': KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ amountMinor: 100, currency: 'USD' }),
    });
    ids.push((await r.json()).data.id);
  };
  const makeOne = () => make().catch(() => make(false));
  for (let i = 0; i < n; i += 50) await Promise.all(Array.from({ length: Math.min(50, n - i) }, makeOne));
  return ids;
}

const [sessionId] = await createSessions(1);
const fetchProgram = `fetch(${JSON.stringify(`${baseUrl}/checkout-sessions/${sessionId}`)},{headers:{'x-api-key':process.env.REVKEEN_API_KEY}}).then(r=>r.text()).then(t=>process.stdout.write(t+'\\n'))`;
const nodeNothing = { label: 'node -e 0', run: () => timeRun(NODE, ['-e', '0']) };

const rows = [];
rows.push(await compare('revkeen --version', nodeNothing, { run: () => timeRun(NODE, [BIN, '--version']) }, 1.25));
rows.push(await compare('revkeen --help', nodeNothing, { run: () => timeRun(NODE, [BIN, '--help']) }, 1.25));
rows.push(
  await compare(
    'revkeen sessions get ID',
    { label: 'node + built-in fetch', run: () => timeRun(NODE, ['-e', fetchProgram]) },
    { run: () => timeRun(NODE, [BIN, 'sessions', 'get', sessionId]) },
    1.0,
  ),
);

const hasCurl = spawnSync('curl', ['--version']).status === 0;
if (hasCurl) {
  const curlArgs = `-s -o /dev/null -X POST -H 'x-api-key: ${KEY}' ${baseUrl}/checkout-sessions/{}/expire`;
  rows.push(
    await compare(
      `expire ${BATCH} IDs, concurrency 8`,
      { label: 'xargs -P 8 curl', run: (ids) => timeRun('sh', ['-c', `xargs -P 8 -I{} curl ${curlArgs}`], { input: ids.join('\n') }) },
      { run: (ids) => timeRun(NODE, [BIN, 'sessions', 'expire', '--from-file', '-', '--yes', '--concurrency', '8'], { input: ids.join('\n') }) },
      0.5,
      { prepare: () => createSessions(BATCH) },
    ),
  );
}

/** Peak resident memory of one process, read by the process itself as it exits. */
function peakRss(args, input) {
  const probe = `process.on('exit',()=>require('fs').writeSync(2,'\\nmaxrss='+process.resourceUsage().maxRSS+'\\n'));process.argv.splice(1,0,'revkeen');${args ? `require(${JSON.stringify(BIN)})` : ''}`;
  const result = spawnSync(NODE, ['-e', probe, ...(args ?? [])], { env, encoding: 'utf8', input, maxBuffer: 64 * 1024 * 1024 });
  return Number(/maxrss=(\d+)/.exec(result.stderr)?.[1]) / 1024;
}
const rssRuns = Array.from({ length: 5 }, () => [peakRss(undefined), peakRss(['sessions', 'get', sessionId])]);
const rssBase = median(rssRuns.map((r) => r[0]));
const rssGet = median(rssRuns.map((r) => r[1]));

// Memory flat in the number of IDs: a batch four times larger should not need much more.
const expireArgs = ['sessions', 'expire', '--from-file', '-', '--yes', '--json', '--concurrency', '8'];
const rssSmall = peakRss(expireArgs, (await createSessions(BATCH / 2)).join('\n'));
const rssLarge = peakRss(expireArgs, (await createSessions(BATCH * 2)).join('\n'));

mock.kill();

const lines = [
  `| scenario | baseline | baseline median | revkeen median | ratio | goal |`,
  `|---|---|---|---|---|---|`,
  ...rows.map(
    (r) =>
      `| ${r.name} | ${r.baseline} | ${r.b.toFixed(1)} ms | ${r.s.toFixed(1)} ms | ${r.ratio.toFixed(2)}x | ${r.ratio <= r.goal ? '≤' : '>'} ${r.goal}x ${r.ratio <= r.goal ? 'met' : 'MISSED'} |`,
  ),
  `| peak RSS, sessions get | node -e 0 | ${rssBase.toFixed(1)} MiB | ${rssGet.toFixed(1)} MiB | ${(rssGet / rssBase).toFixed(2)}x | < 80 MiB ${rssGet < 80 ? 'met' : 'MISSED'} |`,
  `| peak RSS, expire ${BATCH * 2} IDs --json | expire ${BATCH / 2} IDs | ${rssSmall.toFixed(1)} MiB | ${rssLarge.toFixed(1)} MiB | ${(rssLarge / rssSmall).toFixed(2)}x | flat: ≤ 1.25x ${rssLarge / rssSmall <= 1.25 ? 'met' : 'MISSED'} |`,
];
console.log(`\nrevkeen bench: ${PAIRS} pairs after a warm-up; node ${process.version}; ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}; ${Math.round(totalmem() / 2 ** 30)} GiB\n`);
console.log(lines.join('\n'));
