// Builds the CLI as one CommonJS file (Node loads it faster than a graph of ES modules) and the
// library as one ES module, then writes the library's type declarations.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
// Loaded from node_modules, with import(), only by the commands that need them. commander and chalk
// are small and bundled; every other dependency is an ES module a CommonJS bundle must not require().
const external = ['undici', 'conf', 'ora', '@inquirer/prompts', 'open', 'proper-lockfile', 'yaml'];
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  external,
  define: { __REVKEEN_VERSION__: JSON.stringify(pkg.version) },
  legalComments: 'none',
  logLevel: 'warning',
};

// commander requires child_process at load only to run external subcommands, which revkeen has
// none of: hand it a proxy that loads the module on first use, a few milliseconds off every start.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      args.importer.includes('/node_modules/commander/') ? { path: 'lazy-child-process', namespace: 'revkeen' } : undefined,
    );
    esbuild.onLoad({ filter: /.*/, namespace: 'revkeen' }, () => ({
      contents: "module.exports = new Proxy({}, { get: (_, name) => require('node:child_process')[name] });",
      loader: 'js',
    }));
  },
};

rmSync('dist', { recursive: true, force: true });
await Promise.all([
  build({
    ...common,
    entryPoints: ['src/cli/run.ts'],
    outfile: 'dist/cli.cjs',
    format: 'cjs',
    plugins: [lazyChildProcess],
  }),
  build({ ...common, entryPoints: ['src/index.ts'], outfile: 'dist/index.js', format: 'esm' }),
]);
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
