// Start-up and throughput of the built CLI, each as a ratio to a baseline measured in the same
// run on the same machine, alternating the two (warm-up first). Prints a table of medians.
// Usage: npm run bench [-- --pairs 15 --batch 1000]
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { cpus, totalmem } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

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
const peer = (name) => fileURLToPath(new URL(`./bench-peers/${name}`, import.meta.url));
const revkeenExpire = { run: (ids) => timeRun(NODE, [BIN, 'sessions', 'expire', '--from-file', '-', '--yes', '--concurrency', '8'], { input: ids.join('\n') }) };

const rows = [];
rows.push(await compare('revkeen --version', nodeNothing, { run: () => timeRun(NODE, [BIN, '--version']) }, 1.08));
rows.push(await compare('revkeen --help', nodeNothing, { run: () => timeRun(NODE, [BIN, '--help']) }, 1.15));
const revkeenGet = { run: () => timeRun(NODE, [BIN, 'sessions', 'get', sessionId]) };
rows.push(await compare('revkeen sessions get ID', { label: 'node + built-in fetch', run: () => timeRun(NODE, ['-e', fetchProgram]) }, revkeenGet, 1.0));
rows.push(await compare('revkeen sessions get ID', { label: 'official SDK, one get', run: () => timeRun(NODE, [peer('sdk-get.mjs'), sessionId]) }, revkeenGet, 1.0));
const batch = { prepare: () => createSessions(BATCH) };
const sdkPool = { label: 'official SDK, pool of 8', run: (ids) => timeRun(NODE, [peer('sdk-expire-pool.mjs'), '8'], { input: ids.join('\n') }) };
const expireRow = await compare(`expire ${BATCH} IDs, concurrency 8`, sdkPool, revkeenExpire, 1.0, batch);
rows.push(expireRow);

const hasCurl = spawnSync('curl', ['--version']).status === 0;
if (hasCurl) {
  const curlArgs = `-s -o /dev/null -X POST -H 'x-api-key: ${KEY}' ${baseUrl}/checkout-sessions/{}/expire`;
  const curl = { label: 'xargs -P 8 curl (a process per ID)', run: (ids) => timeRun('sh', ['-c', `xargs -P 8 -I{} curl ${curlArgs}`], { input: ids.join('\n') }) };
  rows.push(await compare(`expire ${BATCH} IDs, concurrency 8`, curl, revkeenExpire, 0.5, batch));
}

/** The most expirations a second the mock can answer: autocannon, 8 connections, fresh IDs. */
async function serverCeiling() {
  const ids = await createSessions(BATCH);
  const prefix = `${new URL(baseUrl).pathname}/checkout-sessions`;
  let next = 0;
  let last = 0n;
  const started = process.hrtime.bigint();
  const run = autocannon({
    url: baseUrl,
    connections: 8,
    amount: ids.length,
    requests: [{ method: 'POST', headers: { 'x-api-key': KEY }, setupRequest: (req) => ({ ...req, path: `${prefix}/${ids[next++]}/expire` }) }],
  });
  // Timed to the last answer: autocannon itself ends only on its next one-second tick.
  run.on('response', () => void (last = process.hrtime.bigint()));
  const result = await run;
  if (result.non2xx || result.errors) throw new Error(`autocannon: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return result.requests.total / (Number(last - started) / 1e9);
}
const ceiling = await serverCeiling();
const revkeenRate = BATCH / (expireRow.s / 1000);

/** Peak resident memory of one process, read by the process itself as it exits. */
function peakRss(args, input) {
  const result = spawnSync(NODE, ['-r', peer('peak-rss.cjs'), ...args], { env, encoding: 'utf8', input, maxBuffer: 64 * 1024 * 1024 });
  return Number(/maxrss=(\d+)/.exec(result.stderr)?.[1]) / 1024;
}
const rssRuns = Array.from({ length: 5 }, () => [
  peakRss(['-e', '0']),
  peakRss([BIN, 'sessions', 'get', sessionId]),
  peakRss([peer('sdk-get.mjs'), sessionId]),
]);
const rssMedian = (i) => median(rssRuns.map((r) => r[i]));
const [rssBase, rssGet, rssSdk] = [0, 1, 2].map(rssMedian);

// Memory flat in the number of IDs: a batch four times larger should not need much more.
const expireArgs = [BIN, 'sessions', 'expire', '--from-file', '-', '--yes', '--json', '--concurrency', '8'];
const rssSmall = peakRss(expireArgs, (await createSessions(BATCH / 2)).join('\n'));
const rssLarge = peakRss(expireArgs, (await createSessions(BATCH * 2)).join('\n'));

mock.kill();

const met = (ok) => (ok ? 'met' : 'MISSED');
const lines = [
  `| scenario | baseline | baseline | revkeen | ratio | goal |`,
  `|---|---|---|---|---|---|`,
  ...rows.map(
    (r) => `| ${r.name} | ${r.baseline} | ${r.b.toFixed(1)} ms | ${r.s.toFixed(1)} ms | ${r.ratio.toFixed(2)}x | ≤ ${r.goal}x ${met(r.ratio <= r.goal)} |`,
  ),
  `| expire rate, concurrency 8 | autocannon ceiling of the mock | ${ceiling.toFixed(0)}/s | ${revkeenRate.toFixed(0)}/s | ${(revkeenRate / ceiling).toFixed(2)} of it | (reported) |`,
  `| peak RSS, sessions get | node -e 0 | ${rssBase.toFixed(1)} MiB | ${rssGet.toFixed(1)} MiB | ${(rssGet / rssBase).toFixed(2)}x | < 80 MiB ${met(rssGet < 80)} |`,
  `| peak RSS, sessions get | official SDK, one get | ${rssSdk.toFixed(1)} MiB | ${rssGet.toFixed(1)} MiB | ${(rssGet / rssSdk).toFixed(2)}x | ≤ 1x ${met(rssGet <= rssSdk)} |`,
  `| peak RSS, expire ${BATCH * 2} IDs --json | expire ${BATCH / 2} IDs | ${rssSmall.toFixed(1)} MiB | ${rssLarge.toFixed(1)} MiB | ${(rssLarge / rssSmall).toFixed(2)}x | flat: ≤ 1.25x ${met(rssLarge / rssSmall <= 1.25)} |`,
];
const date = new Date().toISOString().slice(0, 10);
console.log(`\nrevkeen bench, ${date}: ${PAIRS} pairs after a warm-up, medians; node ${process.version}; ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}; ${Math.round(totalmem() / 2 ** 30)} GiB\n`);
console.log(lines.join('\n'));
