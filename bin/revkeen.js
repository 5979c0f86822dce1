#!/usr/bin/env node
// `--version` is asked by scripts all the time: answer it without compiling the CLI's bundle.
const [only, extra] = process.argv.slice(2);
if ((only === '--version' || only === '-V') && extra === undefined) process.stdout.write(`${require('../package.json').version}\n`);
else require('../dist/cli.cjs').run();
