import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockServer } from '../../src/mock/server.js';
import { startMock } from '../helpers/servers.js';

const exec = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const KEY = 'rk_sandbox_package_secret_77aa88bb';
// npm runs with the machine's own cache, so the dependencies already installed need no download.
const npm = (args: string[], cwd: string) =>
  exec('npm', [...args, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd, maxBuffer: 16 * 1024 * 1024 });

let mock: MockServer;
let work: string;
let tarball: string;
beforeAll(async () => {
  mock = await startMock();
  work = mkdtempSync(join(tmpdir(), 'revkeen-pack-'));
  // The build is fresh from `npm test`'s pretest, so packing skips prepack's second build.
  const { stdout } = await npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], root);
  const [info] = JSON.parse(stdout);
  tarball = join(work, info.filename);
}, 120_000);
afterAll(() => mock.close());

describe('the npm package', () => {
  it('holds only what users need, under 1 MiB', async () => {
    const { stdout } = await npm(['pack', '--ignore-scripts', '--dry-run', '--json'], root);
    const files: string[] = JSON.parse(stdout)[0].files.map((f: { path: string }) => f.path);
    for (const file of files) expect(file).toMatch(/^(bin\/revkeen\.js|bin\/package\.json|dist\/.+\.(c?js|d\.ts)|README\.md|LICENSE|CHANGELOG\.md|package\.json)$/);
    expect(files).toEqual(expect.arrayContaining(['bin/revkeen.js', 'dist/cli.cjs', 'dist/commands.cjs', 'dist/index.js', 'dist/index.d.ts', 'README.md', 'LICENSE', 'CHANGELOG.md']));
    expect(statSync(tarball).size).toBeLessThan(1024 * 1024);
  });

  it('installs globally as a command that works', async () => {
    const prefix = join(work, 'global');
    await npm(['install', '-g', '--prefix', prefix, tarball], work);
    const bin = join(prefix, 'bin', 'revkeen');
    expect((await exec(bin, ['--version'])).stdout).toBe(`${pkg.version}\n`);
    const session = mock.store.create(KEY, { invoiceId: 'inv_pkg', currency: 'USD' }, mock.origin);
    const { stdout } = await exec(bin, ['sessions', 'get', session.id, '--json'], {
      env: { PATH: process.env.PATH, HOME: work, REVKEEN_API_KEY: KEY, REVKEEN_BASE_URL: mock.baseUrl },
    });
    expect(JSON.parse(stdout)).toMatchObject({ id: session.id, status: 'open', invoiceId: 'inv_pkg' });
  }, 120_000);

  it('is a typed library: the guide’s TypeScript example type-checks and runs', async () => {
    const project = join(work, 'consumer');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, outDir: 'out', types: ['node'] } }),
    );
    writeFileSync(
      join(project, 'checkout.ts'),
      `import { RevKeen, NotFoundError, type CheckoutSession, type ApiResponse } from 'revkeen';

const client = new RevKeen({ apiKey: process.env.REVKEEN_API_KEY!, baseUrl: process.env.REVKEEN_BASE_URL });
const redirect = (url: string | undefined) => console.log(\`redirect \${url}\`);

async function checkout() {
  const session = await client.checkoutSessions.create({
    invoiceId: 'inv_123',
    successUrl: 'https://example.com/success',
    cancelUrl: 'https://example.com/cancel',
    allowedMethods: ['card'],
  });
  return redirect(session.data.url);
}

await checkout();
const fetched: ApiResponse<CheckoutSession> = await client.checkoutSessions.get(process.argv[2]);
console.log(\`status \${fetched.data.status} request \${fetched.requestId?.startsWith('req_')}\`);
try {
  await client.checkoutSessions.get('cs_missing');
} catch (error) {
  if (error instanceof NotFoundError) console.log(\`not found \${error.status} \${error.requestId?.startsWith('req_')}\`);
}
`,
    );
    await npm(['install', tarball, 'typescript@5', '@types/node@20'], project);
    await exec(process.execPath, [join(project, 'node_modules/typescript/bin/tsc'), '--noEmit'], { cwd: project });
    await exec(process.execPath, [join(project, 'node_modules/typescript/bin/tsc')], { cwd: project });

    const session = mock.store.create(KEY, { productId: 'prod_lib', currency: 'USD' }, mock.origin);
    const { stdout } = await exec(process.execPath, [join(project, 'out/checkout.js'), session.id], {
      env: { REVKEEN_API_KEY: KEY, REVKEEN_BASE_URL: mock.baseUrl },
    });
    expect(stdout).toMatch(/^redirect http:\/\/127\.0\.0\.1:\d+\/p\/rvk_cs_\w+\nstatus open request true\nnot found 404 true\n$/);

    writeFileSync(join(project, 'wrong.ts'), `import { RevKeen } from 'revkeen';\nnew RevKeen({ apiKey: 'k' }).checkoutSessions.create({ allowedMethods: ['cash'] });\n`);
    const typeError = await exec(process.execPath, [join(project, 'node_modules/typescript/bin/tsc'), '--noEmit'], { cwd: project }).catch((e) => e);
    expect(typeError.stdout).toMatch(/wrong\.ts.*Type '"cash"' is not assignable/);
  }, 180_000);
});
