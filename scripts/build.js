// Builds the CLI as one CommonJS file (Node loads it faster than a graph of ES modules) and the
// library as one ES module, then writes the library's type declarations.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
// Loaded from node_modules, with import(), only by the commands that need them. commander and chalk
// are small and bundled; every other dependency is an ES module a CommonJS bundle must not require().
const external = ['undici', 'conf', 'ora', '@inquirer/prompts', 'open'];
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  external,
  define: { __REVKEEN_VERSION__: JSON.stringify(pkg.version) },
  legalComments: 'none',
  logLevel: 'warning',
};

rmSync('dist', { recursive: true, force: true });
await Promise.all([
  build({ ...common, entryPoints: ['src/cli/run.ts'], outfile: 'dist/cli.cjs', format: 'cjs', minify: true, keepNames: true }),
  build({ ...common, entryPoints: ['src/index.ts'], outfile: 'dist/index.js', format: 'esm' }),
]);
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
