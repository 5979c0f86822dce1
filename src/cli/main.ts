import { Command, CommanderError } from 'commander';
import { VERSION } from '../version.js';
import type { Context } from './context.js';
import { ExitCode, UsageError } from './errors.js';
import { CHECKOUT_SESSION_EVENTS, PAYMENT_METHODS, SESSION_STATUSES } from '../client/session.js';
import type { CommandSpec, Completer } from './commands/completion.js';
import type { LoginOptions } from './commands/login.js';
import type { TriggerOptions } from './commands/webhooks.js';
import type { MockCommandOptions } from './commands/mock.js';
import type { ProfileSetOptions } from './commands/profiles.js';
import type { CreateOptions } from './commands/sessions/create.js';
import type { ExpireOptions } from './commands/sessions/expire.js';
import type { GetOptions } from './commands/sessions/get.js';
import { OUTPUT_FORMATS, isTruthy, readGlobals, type Globals } from './globals.js';
import { renderErrorHuman, renderErrorJson, toErrorReport } from './output/report-error.js';

const collect = (value: string, previous: string[]) => [...previous, value];

/** Every --help leads with these. */
function examples(lines: string[]): string {
  return `Examples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}

const ROOT_EXAMPLES = examples([
  'revkeen sessions create --invoice inv_123 --open',
  'revkeen sessions create --amount 12.50 --currency USD --url-only',
  'revkeen sessions get cs_123 --json',
  'revkeen sessions expire --from-file stuck.txt',
  'revkeen login',
  'revkeen mock --port 4010',
]);

/**
 * Builds the program; every command's code loads only when that command runs. A group's
 * subcommands are built only when its name is on the command line (or completion needs them all).
 */
function buildProgram(ctx: Context, argv: string[], setResult: (p: Promise<void>) => void): Command {
  const wanted = (group: string) => argv.includes(group) || argv.includes('completion');
  /** Every action: load the command's module only now; `globals()` reads the global options when asked. */
  const lazy =
    <M>(load: () => Promise<M>, run: (m: M, globals: () => Globals, ...args: never[]) => unknown) =>
    (...args: unknown[]) => {
      const command = args[args.length - 1] as Command;
      const globals = () => readGlobals(command, ctx.env);
      setResult(load().then(async (m) => void (await run(m, globals, ...(args.slice(0, -1) as never[])))));
    };
  const profilesModule = () => import('./commands/profiles.js');

  const program = new Command('revkeen')
    .description('Create, inspect and expire RevKeen hosted checkout sessions')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .option('-p, --profile <name>', 'profile to use (env REVKEEN_PROFILE)')
    .option('--base-url <url>', 'API base URL (env REVKEEN_BASE_URL)')
    .option('-o, --output <format>', 'output format: table (the default), json, yaml or csv')
    .option('--json', 'print JSON: the same as -o json')
    .option('--raw', 'print the API response body exactly as it came (one session)')
    .option('--no-color', 'no colour in output')
    .option('--no-input', 'never prompt; fail instead (also when CI is set)')
    .option('-v, --verbose', 'trace requests on stderr, key masked (env REVKEEN_DEBUG=1)')
    .option('--timeout <seconds>', 'give up on a call after this long, retries included', '30')
    .option('--retries <n>', 'retries on connection errors, 429 and 5xx', '2')
    .addHelpText('before', ROOT_EXAMPLES)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => ctx.stdout.write(text),
      writeErr: (text) => ctx.stderr.write(text),
      // Asked of the context, not of process.stdout: the help has no colour, and a pipe is 80 wide.
      getOutHelpWidth: () => (ctx.stdout.isTTY ? ctx.stdout.columns : 80),
      getErrHelpWidth: () => (ctx.stderr.isTTY ? ctx.stderr.columns : 80),
      getOutHasColors: () => false,
      getErrHasColors: () => false,
      // Usage errors are printed once, by main, with the hint that fits.
      outputError: () => {},
    });

  const sessions = program
    .command('sessions')
    .description('checkout sessions: create, get, expire, open')
    .addHelpText(
      'before',
      examples([
        'revkeen sessions create --product prod_123',
        'revkeen sessions get cs_123',
        'revkeen sessions expire cs_123 --yes',
        'revkeen sessions open cs_123',
      ]),
    );

  if (wanted('sessions')) {
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
      .action(lazy(() => import('./commands/sessions/create.js'), (m, globals, opts: CreateOptions) => m.runCreate(ctx, globals(), opts)));

    sessions
      .command('get')
      .description('show a checkout session, or wait for it to change; or many sessions at a glance')
      .argument('[ids...]', 'session IDs')
      .option('--from-file <path>', 'read IDs from a file, one per line (- for stdin); # comments and blank lines ignored')
      .option('--concurrency <n>', 'with several IDs: how many to look up at once (1-64)', '4')
      .option('--open', 'open the hosted page in the browser')
      .option('--url-only', 'print only the hosted URL')
      .option('--wait', 'poll until the status leaves open/pending (or reaches --until)')
      .option('--until <status>', 'with --wait: the status to wait for, e.g. complete or expired')
      .option('--interval <duration>', 'with --wait: time between polls', '2s')
      .option('--wait-timeout <duration>', 'with --wait: give up (exit 1) after this long', '10m')
      .addHelpText(
        'before',
        examples([
          'revkeen sessions get cs_123',
          'revkeen sessions get cs_123 --json | jq -r .status',
          'revkeen sessions get cs_123 --wait --until complete --wait-timeout 5m',
          'revkeen sessions get --from-file ticket-ids.txt',
          'revkeen sessions get cs_1 cs_2 cs_3 -o csv > sessions.csv',
        ]),
      )
      .action(lazy(() => import('./commands/sessions/get.js'), (m, globals, ids: string[], opts: GetOptions) => m.runGet(ctx, globals(), ids, opts)));

    sessions
      .command('expire')
      .description('expire open sessions so they can no longer be paid')
      .argument('[ids...]', 'session IDs')
      .option('--from-file <path>', 'read IDs from a file, one per line (- for stdin); # comments and blank lines ignored')
      .option('-y, --yes', 'do not ask for confirmation')
      .option('--dry-run', 'look every session up and say what would happen; expire nothing')
      .option('--concurrency <n>', 'how many to expire at once (1-64)', '4')
      .addHelpText(
        'before',
        examples([
          'revkeen sessions expire cs_123 --yes',
          'revkeen sessions expire --from-file stuck.txt --dry-run',
          'revkeen sessions expire --from-file stuck.txt',
          'grep -o "cs_[a-z0-9_]*" ticket.txt | revkeen sessions expire --from-file - --yes --json',
        ]),
      )
      .action(lazy(() => import('./commands/sessions/expire.js'), (m, globals, ids: string[], opts: ExpireOptions) => m.runExpire(ctx, globals(), ids, opts)));

    sessions
      .command('open')
      .description('open a session\'s hosted page in the browser')
      .argument('<id>', 'session ID')
      .addHelpText('before', examples(['revkeen sessions open cs_123', 'BROWSER=firefox revkeen sessions open cs_123']))
      .action(lazy(() => import('./commands/sessions/open.js'), (m, globals, id: string) => m.runOpen(ctx, globals(), id)));
  }

  program
    .command('login')
    .description('store an API key in a profile (asked for with masked input, or read from stdin)')
    .option('--api-key-stdin', 'read the key from stdin instead of asking')
    .option('--base-url <url>', 'store this API base URL in the profile too')
    .addHelpText(
      'before',
      examples([
        'revkeen login',
        'revkeen login --profile live',
        'printf %s "$REVKEEN_KEY" | revkeen login --profile ci --api-key-stdin',
        'revkeen login --profile local --base-url http://127.0.0.1:4010/v2',
      ]),
    )
    .action(lazy(() => import('./commands/login.js'), (m, globals, opts: LoginOptions) => m.runLogin(ctx, globals(), opts)));

  const profiles = program
    .command('profiles')
    .description('list, show, switch, change and remove profiles')
    .addHelpText('before', examples(['revkeen profiles list', 'revkeen profiles use live', 'revkeen profiles set default --currency EUR']));
  if (wanted('profiles')) {
    profiles
      .command('list')
      .description('list profiles: current marked, keys masked')
      .option('-q, --quiet', 'print only the names, one a line')
      .addHelpText('before', examples(['revkeen profiles list', 'revkeen profiles list --json', 'revkeen profiles list --quiet']))
      .action(lazy(profilesModule, (m, globals, opts: { quiet?: boolean }) => m.runProfilesList(ctx, globals(), opts)));
    profiles
      .command('show')
      .description('show one profile (the current one by default)')
      .argument('[name]', 'profile name')
      .addHelpText('before', examples(['revkeen profiles show', 'revkeen profiles show live --json']))
      .action(lazy(profilesModule, (m, globals, name: string | undefined) => m.runProfilesShow(ctx, globals(), name)));
    profiles
      .command('use')
      .description('make a profile the current one')
      .argument('<name>', 'profile name')
      .addHelpText('before', examples(['revkeen profiles use live']))
      .action(lazy(profilesModule, (m, _globals, name: string) => m.runProfilesUse(ctx, name)));
    profiles
      .command('remove')
      .description('remove a profile and its key')
      .argument('<name>', 'profile name')
      .option('-y, --yes', 'do not ask for confirmation')
      .addHelpText('before', examples(['revkeen profiles remove old --yes']))
      .action(lazy(profilesModule, (m, globals, name: string, opts: { yes?: boolean }) => m.runProfilesRemove(ctx, globals(), name, opts)));
    profiles
      .command('set')
      .description('set a profile\'s base URL and the defaults `sessions create` uses when a flag is absent')
      .argument('<name>', 'profile name')
      .option('--base-url <url>', 'the API base URL for this profile')
      .option('--currency <code>', 'default currency for custom amounts')
      .option('--success-url <url>', 'default success URL')
      .option('--cancel-url <url>', 'default cancel URL')
      .option('--method <method>', 'default allowed methods (repeat, or a comma list)', collect, [])
      .addHelpText(
        'before',
        examples([
          'revkeen profiles set default --currency EUR --success-url https://example.com/thanks',
          'revkeen profiles set local --base-url http://127.0.0.1:4010/v2',
        ]),
      )
      .action(lazy(profilesModule, (m, globals, name: string, opts: ProfileSetOptions) => m.runProfilesSet(ctx, globals(), name, opts)));
  }

  program
    .command('config')
    .description('where revkeen keeps its settings')
    .addHelpText('before', examples(['revkeen config path', 'cat "$(revkeen config path)"']))
    .command('path')
    .description('print the config file\'s path')
    .addHelpText('before', examples(['revkeen config path']))
    .action(lazy(profilesModule, (m) => m.runConfigPath(ctx)));

  program
    .command('mock')
    .description('serve a local, stateful stand-in for the checkout-session API')
    .option('--port <port>', 'port to listen on (0 picks a free one)', '4010')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--session-ttl <duration>', 'how long new sessions stay open, e.g. 30s, 10m, 24h', '24h')
    .option('-q, --quiet', 'do not log requests')
    .option('--forward-to <url>', 'deliver checkout.session.* webhook events here, signed (repeat for several)', collect, [])
    .option('--webhook-secret <secret>', 'the secret to sign deliveries with (env REVKEEN_WEBHOOK_SECRET; else one is made up and printed)')
    .addHelpText(
      'before',
      examples([
        'revkeen mock',
        'revkeen mock --port 0 --session-ttl 30s',
        'revkeen mock --forward-to http://127.0.0.1:3000/webhooks --webhook-secret whsec_test',
      ]),
    )
    .action(lazy(() => import('./commands/mock.js'), (m, _globals, opts: MockCommandOptions) => m.runMock(ctx, opts)));

  const webhooks = program
    .command('webhooks')
    .description('signed webhook events, for testing a handler of yours')
    .addHelpText('before', examples(['revkeen webhooks trigger checkout.session.completed --forward-to http://127.0.0.1:3000/webhooks']));
  if (wanted('webhooks')) {
    webhooks
      .command('trigger')
      .description('send one signed sample event to a handler, as RevKeen would')
      .argument('<event>', 'checkout.session.completed or checkout.session.expired')
      .option('--forward-to <url>', 'where to POST the event (repeat for several)', collect, [])
      .option('--webhook-secret <secret>', 'the secret to sign with (env REVKEEN_WEBHOOK_SECRET)')
      .addHelpText(
        'before',
        examples([
          'revkeen webhooks trigger checkout.session.completed --forward-to http://127.0.0.1:3000/webhooks --webhook-secret whsec_test',
          'REVKEEN_WEBHOOK_SECRET=whsec_test revkeen webhooks trigger checkout.session.expired --forward-to http://127.0.0.1:3000/webhooks',
        ]),
      )
      .action(lazy(() => import('./commands/webhooks.js'), (m, globals, event: string, opts: TriggerOptions) => m.runWebhooksTrigger(ctx, globals(), event, opts)));
  }

  program
    .command('completion')
    .description('print a shell completion script: bash, zsh or fish')
    .argument('<shell>', 'bash, zsh or fish')
    .addHelpText(
      'before',
      examples([
        'source <(revkeen completion bash)        # in ~/.bashrc',
        'source <(revkeen completion zsh)         # in ~/.zshrc',
        'revkeen completion fish > ~/.config/fish/completions/revkeen.fish',
      ]),
    )
    .action(lazy(() => import('./commands/completion.js'), (m, _globals, shell: string) => m.runCompletion(ctx, shell, describeCommand(program))));

  return program;
}

/** What a flag's value, or a command's argument, completes to in a shell. */
const FLAG_COMPLETIONS: Record<string, Completer> = {
  '--method': { values: [...PAYMENT_METHODS] },
  '--until': { values: [...SESSION_STATUSES] },
  '--from-file': 'files',
  '--profile': 'profiles',
  '--output': { values: [...OUTPUT_FORMATS] },
};
const ARGUMENT_COMPLETIONS: Record<string, Completer> = {
  'profiles show': 'profiles',
  'profiles use': 'profiles',
  'profiles remove': 'profiles',
  'profiles set': 'profiles',
  completion: { values: ['bash', 'zsh', 'fish'] },
  'webhooks trigger': { values: [...CHECKOUT_SESSION_EVENTS] },
};

/** The program's own tree of commands and flags, for completion scripts. */
function describeCommand(command: Command, path = ''): CommandSpec {
  return {
    name: command.name(),
    description: command.description(),
    flags: command.options
      .filter((o) => o.long)
      .map((o) => ({
        name: o.long as string,
        short: o.short,
        description: o.description,
        takesValue: o.required || o.optional,
        complete: FLAG_COMPLETIONS[o.long as string],
      })),
    argument: ARGUMENT_COMPLETIONS[path],
    subcommands: command.commands
      .filter((c) => c.name() !== 'help')
      .map((c) => describeCommand(c, path ? `${path} ${c.name()}` : c.name())),
  };
}

/** Runs one invocation and returns its exit code; the only caller of process.exit is the bin's run(). */
export async function main(argv: string[], ctx: Context): Promise<number> {
  const jsonErrors = wantsJson(argv);
  try {
    refuseKeyFlags(argv);
    argv = helpAsFlag(argv);
    let result: Promise<void> = Promise.resolve();
    const program = buildProgram(ctx, argv, (p) => (result = p));
    await program.parseAsync(argv, { from: 'user' });
    await result;
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) return commanderExit(error, ctx, jsonErrors);
    return reportFailure(error, ctx, jsonErrors, argv.includes('--verbose') || argv.includes('-v') || isTruthy(ctx.env.REVKEEN_DEBUG));
  } finally {
    await ctx.dispose();
  }
}

/** Prints a failure for people (or as JSON) and returns its exit code; a bug's stack only with --verbose. */
export function reportFailure(error: unknown, ctx: Pick<Context, 'stderr' | 'api'>, json: boolean, verbose: boolean): number {
  const report = toErrorReport(error, ctx.api);
  if (report.code === 'interrupted') return report.exitCode;
  if (verbose && report.code === 'internal_error' && error instanceof Error && error.stack) {
    ctx.stderr.write(`${error.stack}\n`);
  }
  ctx.stderr.write(json ? renderErrorJson(report) : renderErrorHuman(report));
  return report.exitCode;
}

function commanderExit(error: CommanderError, ctx: Context, json: boolean): number {
  if (error.exitCode === 0) return ExitCode.ok; // --help, --version
  if (error.code === 'commander.help') return ExitCode.usage; // no command given: the help it printed says enough
  const message = error.message.replace(/^error: /, '');
  const report = toErrorReport(new UsageError(message.charAt(0).toUpperCase() + message.slice(1), 'Run with --help for the options and examples'));
  ctx.stderr.write(json ? renderErrorJson(report) : renderErrorHuman(report));
  return ExitCode.usage;
}

/** Errors are JSON when the output is: `--json`, `-o json`, `--output=json`, `-ojson`. */
export function wantsJson(argv: string[]): boolean {
  return argv.some((arg, i) => arg === '--json' || arg === '--output=json' || arg === '-ojson' || ((arg === '-o' || arg === '--output') && argv[i + 1] === 'json'));
}

/** `revkeen help sessions create` is `revkeen sessions create --help`, however deep the command. */
function helpAsFlag(argv: string[]): string[] {
  const at = argv.findIndex((arg) => !arg.startsWith('-'));
  if (at === -1 || argv[at] !== 'help') return argv;
  return [...argv.slice(0, at), ...argv.slice(at + 1), '--help'];
}

/** A key on the command line ends up in shell history and process lists: refuse it by name. */
function refuseKeyFlags(argv: string[]): void {
  if (argv.some((arg) => /^--(api-key|key|apikey)(=|$)/.test(arg))) {
    throw new UsageError(
      'revkeen does not take an API key as a flag: it would be kept in shell history and shown in process lists',
      'Set REVKEEN_API_KEY in the environment, or store it with `revkeen login` (masked prompt, or --api-key-stdin)',
    );
  }
}

