import { Command, CommanderError } from 'commander';
import { VERSION } from '../version.js';
import type { Context } from './context.js';
import { ExitCode, UsageError } from './errors.js';
import { readGlobals } from './globals.js';
import { renderErrorHuman, renderErrorJson, toErrorReport } from './output/report-error.js';

const collect = (value: string, previous: string[]) => [...previous, value];

const ROOT_EXAMPLES = `Examples:
  $ revkeen sessions create --invoice inv_123 --open
  $ revkeen sessions create --amount 12.50 --currency USD --url-only
  $ revkeen sessions get cs_123 --json
  $ revkeen sessions expire cs_123 --yes
  $ revkeen mock --port 4010
`;

function examples(lines: string[]): string {
  return `Examples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}

/** Builds the program; every command's code loads only when that command runs. */
function buildProgram(ctx: Context, setResult: (p: Promise<void>) => void): Command {
  const program = new Command('revkeen')
    .description('Create, inspect and expire RevKeen hosted checkout sessions')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .option('-p, --profile <name>', 'profile to use (env REVKEEN_PROFILE)')
    .option('--base-url <url>', 'API base URL (env REVKEEN_BASE_URL)')
    .option('--json', 'print the API response body as JSON')
    .option('--no-color', 'no colour in output')
    .option('--no-input', 'never prompt; fail instead (also when CI is set)')
    .option('-v, --verbose', 'trace requests on stderr, key masked (env REVKEEN_DEBUG=1)')
    .option('--timeout <seconds>', 'give up on a call after this long, retries included', '30')
    .addHelpText('before', ROOT_EXAMPLES)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => ctx.stdout.write(text),
      writeErr: (text) => ctx.stderr.write(text),
      // Usage errors are printed once, by main, with the hint that fits.
      outputError: () => {},
    });

  const sessions = program
    .command('sessions')
    .description('checkout sessions: create, get, expire')
    .addHelpText('before', examples(['revkeen sessions create --product prod_123', 'revkeen sessions get cs_123']));

  sessions
    .command('create')
    .description('create a hosted checkout session and print its URL')
    .option('--invoice <id>', 'checkout for an existing invoice')
    .option('--product <id>', 'checkout for a product')
    .option('--amount <decimal>', 'custom amount in major units, e.g. 12.50')
    .option('--amount-minor <integer>', 'custom amount in minor units, e.g. 1250')
    .option('--currency <code>', 'ISO 4217 currency of a custom amount (default USD)')
    .option('--success-url <url>', 'where the customer goes after paying')
    .option('--cancel-url <url>', 'where the customer goes on cancelling')
    .option('--method <method>', 'allowed method: card, in_store, direct_debit, pay_by_bank (repeat, or a comma list)', collect, [])
    .option('--companion-device <id>', 'in-store companion device to push the session to')
    .option('--idempotency-key <key>', 'reuse a key to make a retried create safe')
    .option('--open', 'open the hosted page in the browser')
    .option('--url-only', 'print only the hosted URL')
    .addHelpText(
      'before',
      examples([
        'revkeen sessions create --invoice inv_123 --open',
        'revkeen sessions create --product prod_123 --method card,pay_by_bank',
        'revkeen sessions create --amount 12.50 --currency EUR --success-url https://example.com/done',
        'url=$(revkeen sessions create --amount-minor 1250 --url-only)',
      ]),
    )
    .action((opts, command: Command) =>
      setResult(import('./commands/sessions/create.js').then((m) => m.runCreate(ctx, readGlobals(command, ctx.env), opts))),
    );

  sessions
    .command('get')
    .description('show a checkout session')
    .argument('<id>', 'session ID')
    .option('--open', 'open the hosted page in the browser')
    .option('--url-only', 'print only the hosted URL')
    .addHelpText('before', examples(['revkeen sessions get cs_123', 'revkeen sessions get cs_123 --json | jq .data.status']))
    .action((id: string, opts, command: Command) =>
      setResult(import('./commands/sessions/get.js').then((m) => m.runGet(ctx, readGlobals(command, ctx.env), id, opts))),
    );

  sessions
    .command('expire')
    .description('expire open sessions so they can no longer be paid')
    .argument('<ids...>', 'session IDs')
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--concurrency <n>', 'how many to expire at once', '4')
    .addHelpText('before', examples(['revkeen sessions expire cs_123 --yes', 'revkeen sessions expire cs_1 cs_2 cs_3 --yes --json']))
    .action((ids: string[], opts, command: Command) =>
      setResult(import('./commands/sessions/expire.js').then((m) => m.runExpire(ctx, readGlobals(command, ctx.env), ids, opts))),
    );

  program
    .command('mock')
    .description('serve a local, stateful stand-in for the checkout-session API')
    .option('--port <port>', 'port to listen on (0 picks a free one)', '4010')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--session-ttl <duration>', 'how long new sessions stay open, e.g. 30s, 10m, 24h', '24h')
    .option('-q, --quiet', 'do not log requests')
    .addHelpText('before', examples(['revkeen mock', 'revkeen mock --port 0 --session-ttl 30s']))
    .action((opts) => setResult(import('./commands/mock.js').then((m) => m.runMock(ctx, opts))));

  return program;
}

/** Runs one invocation and returns its exit code; the only caller of process.exit is the bin's run(). */
export async function main(argv: string[], ctx: Context): Promise<number> {
  const jsonErrors = argv.includes('--json');
  try {
    refuseKeyFlags(argv);
    let result: Promise<void> = Promise.resolve();
    const program = buildProgram(ctx, (p) => (result = p));
    await program.parseAsync(argv, { from: 'user' });
    await result;
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) return commanderExit(error, ctx, jsonErrors);
    const report = toErrorReport(error);
    if (report.exitCode !== ExitCode.interrupted) {
      ctx.stderr.write(jsonErrors ? renderErrorJson(report) : renderErrorHuman(report));
    }
    return report.exitCode;
  } finally {
    await ctx.dispose();
  }
}

function commanderExit(error: CommanderError, ctx: Context, json: boolean): number {
  if (error.exitCode === 0) return ExitCode.ok; // --help, --version
  const message = error.message.replace(/^error: /, '');
  const report = toErrorReport(new UsageError(message.charAt(0).toUpperCase() + message.slice(1), 'Run with --help for the options and examples'));
  ctx.stderr.write(json ? renderErrorJson(report) : renderErrorHuman(report));
  return ExitCode.usage;
}

/** A key on the command line ends up in shell history and process lists: refuse it by name. */
function refuseKeyFlags(argv: string[]): void {
  if (argv.some((arg) => /^--(api-key|key|apikey)(=|$)/.test(arg))) {
    throw new UsageError(
      'revkeen does not take an API key as a flag: it would be kept in shell history and shown in process lists',
      'Set REVKEEN_API_KEY in the environment instead',
    );
  }
}

