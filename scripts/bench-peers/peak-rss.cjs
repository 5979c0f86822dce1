// Preloaded with -r: the process reports its own peak resident memory as it exits.
process.on('exit', () => require('node:fs').writeSync(2, `\nmaxrss=${process.resourceUsage().maxRSS}\n`));
