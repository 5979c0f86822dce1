// Builds the CLI as one CommonJS file (Node loads it faster than a graph of ES modules) and the
// library as one ES module, then writes the library's type declarations.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

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

/**
 * The CLI is two bundles: `cli.cjs` holds what every start needs (parsing, help, error reports) and
 * `commands.cjs` the commands, loaded when one runs, so `--help` compiles half the code. Modules in
 * both graphs are not copied: `commands.cjs` takes them from `cli.cjs`, so one class is one class.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const project = (path) => path.startsWith(`${root}src/`);
const key = (path) => path.slice(root.length);

/** In cli.cjs: a dynamic import of a command module becomes a require of commands.cjs. */
const toCommands = (lazy) => ({
  name: 'to-commands',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^\.\.?\// }, async (args) => {
      if (args.kind !== 'dynamic-import' || !project(args.importer) || args.path === './main.js') return undefined;
      const { path } = await esbuild.resolve(args.path, { kind: 'import-statement', resolveDir: args.resolveDir });
      lazy.add(key(path));
      return { path: key(path), namespace: 'in-commands' };
    });
    esbuild.onLoad({ filter: /.*/, namespace: 'in-commands' }, (args) => ({
      contents: `module.exports = require('./commands.cjs').load(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
    esbuild.onResolve({ filter: /^\.\/commands\.cjs$/ }, () => ({ path: './commands.cjs', external: true }));
  },
});

/** In commands.cjs: a module cli.cjs already holds is taken from it. */
const fromCli = (shared) => ({
  name: 'from-cli',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^\.\.?\// }, async (args) => {
      if (!project(args.importer) || args.namespace !== 'file') return undefined;
      const { path } = await esbuild.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir });
      return shared.has(key(path)) ? { path: key(path), namespace: 'in-cli' } : undefined;
    });
    esbuild.onLoad({ filter: /.*/, namespace: 'in-cli' }, (args) => ({
      contents: `module.exports = require('./cli.cjs').shared[${JSON.stringify(args.path)}];`,
      loader: 'js',
    }));
    esbuild.onResolve({ filter: /^\.\/cli\.cjs$/ }, () => ({ path: './cli.cjs', external: true }));
  },
});

const cliEntry = (shared) => ({
  contents: [
    "export { run } from './src/cli/run.ts';",
    ...[...shared].map((path, i) => `import * as m${i} from './${path}';`),
    `export const shared = { ${[...shared].map((path, i) => `${JSON.stringify(path)}: m${i}`).join(', ')} };`,
  ].join('\n'),
  resolveDir: root,
  loader: 'ts',
});

// First find what the start needs, then build it exporting those modules, then the commands.
const lazy = new Set();
const cjs = { ...common, format: 'cjs', plugins: [lazyChildProcess, toCommands(lazy)] };
const probe = await build({ ...cjs, stdin: cliEntry([]), outfile: 'dist/cli.cjs', write: false, metafile: true });
const shared = new Set(Object.keys(probe.metafile.inputs).filter((path) => path.startsWith('src/')));

rmSync('dist', { recursive: true, force: true });
await Promise.all([
  build({ ...cjs, stdin: cliEntry(shared), outfile: 'dist/cli.cjs' }),
  build({
    ...common,
    format: 'cjs',
    // require() keeps each command's module unevaluated until it is loaded.
    stdin: {
      contents: `exports.load = (path) => { switch (path) {\n${[...lazy].map((path) => `  case ${JSON.stringify(path)}: return require('./${path}');`).join('\n')}\n} };`,
      resolveDir: root,
      loader: 'js',
    },
    outfile: 'dist/commands.cjs',
    plugins: [lazyChildProcess, fromCli(shared)],
  }),
  build({ ...common, entryPoints: ['src/index.ts'], outfile: 'dist/index.js', format: 'esm' }),
]);
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
