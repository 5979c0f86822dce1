import type { CheckoutSessionCreateParams } from '../../../client/session.js';
import { credentialsFor } from '../../api.js';
import type { Credentials } from '../../../config/resolve-credentials.js';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import type { Globals } from '../../globals.js';
import { parseId, parseIdempotencyKey } from '../../input/ids.js';
import { parseMethods } from '../../input/methods.js';
import { parseAmountMinor, parseCurrency, toMinorUnits } from '../../input/money.js';
import { parseRedirectUrl } from '../../input/urls.js';
import { openSession } from '../../output/open-url.js';
import { outputMode, printSession } from '../../output/print-session.js';
import { withSpinner } from '../../output/spinner.js';
import { canPrompt, loadPrompts } from '../../prompt.js';
import { askForCheckout } from './guided-create.js';

export interface CreateOptions {
  invoice?: string;
  product?: string;
  amount?: string;
  amountMinor?: string;
  currency?: string;
  successUrl?: string;
  cancelUrl?: string;
  method?: string[];
  companionDevice?: string;
  idempotencyKey?: string;
  open?: boolean;
  urlOnly?: boolean;
}

const SOURCE_FLAGS = '--invoice ID, --product ID, --amount 12.50 or --amount-minor 1250';

/** Turns flags into the API's create body, refusing anything that is not what the user can have meant. */
export function buildCreateParams(opts: CreateOptions): CheckoutSessionCreateParams {
  const custom = opts.amount !== undefined || opts.amountMinor !== undefined;
  const sources = [opts.invoice !== undefined, opts.product !== undefined, custom].filter(Boolean).length;
  if (sources === 0) {
    throw new UsageError(
      `Say what the checkout is for: pass one of ${SOURCE_FLAGS}`,
      'On a terminal, `revkeen sessions create` with none of them asks; `revkeen sessions create --help` shows examples',
    );
  }
  if (sources > 1) throw new UsageError(`Pass only one of ${SOURCE_FLAGS}`);
  if (opts.amount !== undefined && opts.amountMinor !== undefined) {
    throw new UsageError('Pass either --amount (major units) or --amount-minor (minor units), not both');
  }
  if (opts.currency !== undefined && !custom) {
    throw new UsageError('--currency goes with --amount or --amount-minor; an invoice or product has its own currency');
  }

  const params: CheckoutSessionCreateParams = {};
  if (opts.invoice !== undefined) params.invoiceId = parseId(opts.invoice, '--invoice');
  if (opts.product !== undefined) params.productId = parseId(opts.product, '--product');
  if (custom) {
    // The API's own default currency is USD; sending it makes the conversion and the charge agree.
    const currency = opts.currency === undefined ? 'USD' : parseCurrency(opts.currency);
    params.amountMinor =
      opts.amount !== undefined ? toMinorUnits(opts.amount, currency) : parseAmountMinor(opts.amountMinor as string);
    params.currency = currency;
  }
  if (opts.successUrl !== undefined) params.successUrl = parseRedirectUrl(opts.successUrl, '--success-url');
  if (opts.cancelUrl !== undefined) params.cancelUrl = parseRedirectUrl(opts.cancelUrl, '--cancel-url');
  const methods = parseMethods(opts.method ?? []);
  if (methods.length > 0) params.allowedMethods = methods;
  if (opts.companionDevice !== undefined) {
    if (methods.length > 0 && !methods.includes('in_store')) {
      throw new UsageError('--companion-device only works with in-store payment: add --method in_store');
    }
    params.companionDeviceId = parseId(opts.companionDevice, '--companion-device');
    // A companion device takes in-store payment; left to the account's defaults it might never be offered.
    if (methods.length === 0) params.allowedMethods = ['in_store'];
  }
  return params;
}

export async function runCreate(ctx: Context, globals: Globals, opts: CreateOptions): Promise<void> {
  const mode = outputMode(globals, opts.urlOnly);
  const credentials = await credentialsFor(ctx, globals);
  const guided = !hasPurchase(opts) && canPrompt(ctx, globals);
  const ask = guided ? await loadPrompts(ctx) : undefined;
  let options: CreateOptions;
  if (ask) {
    // The questions see only the flags: a profile's defaults are offered as answers, not taken as given.
    const answers = await askForCheckout(ask, opts, credentials.defaults);
    if (!answers) return void ctx.stderr.write('Nothing created.\n');
    options = answers;
  } else {
    options = withProfileDefaults(opts, credentials.defaults);
  }
  const params = buildCreateParams(options);
  if (options.companionDevice !== undefined && !options.method?.length) {
    ctx.stderr.write('Allowing in_store only: --companion-device implies it when no --method is given.\n');
  }
  const idempotencyKey = opts.idempotencyKey === undefined ? undefined : parseIdempotencyKey(opts.idempotencyKey);
  const client = await ctx.connect(globals, { credentials });
  const response = await withSpinner(ctx, globals, mode !== 'table', 'Creating checkout session', () =>
    client.checkoutSessions.create(params, { idempotencyKey, signal: ctx.signal }),
  );
  await printSession(ctx, globals, response, mode);
  if (opts.open || (ask && mode === 'table' && (await ask.confirm({ message: 'Open it in the browser?', default: false })))) {
    await openSession(ctx, response.data);
  }
}

function hasPurchase(opts: CreateOptions): boolean {
  return [opts.invoice, opts.product, opts.amount, opts.amountMinor].some((v) => v !== undefined);
}

/** A flag given on the command line wins; a profile's default fills in only what is absent. */
export function withProfileDefaults(opts: CreateOptions, defaults: Credentials['defaults']): CreateOptions {
  const custom = opts.amount !== undefined || opts.amountMinor !== undefined;
  return {
    ...opts,
    // A profile's currency only means something for a custom amount.
    currency: opts.currency ?? (custom ? defaults.currency : undefined),
    successUrl: opts.successUrl ?? defaults.successUrl,
    cancelUrl: opts.cancelUrl ?? defaults.cancelUrl,
    method: opts.method?.length ? opts.method : defaults.methods,
  };
}
