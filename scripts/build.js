// Bundles the CLI and the library with esbuild, then writes the library's type declarations.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli/run.ts', index: 'src/index.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Dependencies load from node_modules only in the commands that use them; commander is small and always needed.
  external: ['undici', 'conf', 'chalk', 'ora', '@inquirer/prompts', 'open'],
  define: { __REVKEEN_VERSION__: JSON.stringify(pkg.version) },
  chunkNames: 'chunks/[name]-[hash]',
  // commander is CommonJS: its require() calls of node: builtins need a real require in an ES module.
  banner: { js: "import { createRequire as __revkeenRequire } from 'node:module'; const require = __revkeenRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
});
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
