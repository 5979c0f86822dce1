import { PAYMENT_METHODS } from '../../../client/session.js';
import type { Credentials } from '../../../config/resolve-credentials.js';
import { formatMinor } from '../../../currency.js';
import { parseId } from '../../input/ids.js';
import { amountExample, parseCurrency, toMinorUnits } from '../../input/money.js';
import { parseRedirectUrl } from '../../input/urls.js';
import type { Asker } from '../../prompt.js';
import type { CreateOptions } from './create.js';

/** A prompt's validate: true, or the same one-line message the flag would have given. */
const check = (parse: (value: string) => unknown) => (value: string) => {
  try {
    parse(value);
    return true;
  } catch (error) {
    return (error as Error).message;
  }
};

/**
 * Asks for everything the flags did not say: the purchase, methods and URLs, then a summary to
 * confirm. A profile's default is the pre-filled answer of its question, never a reason to skip
 * it. Resolves to undefined when the user says no.
 */
export async function askForCheckout(
  ask: Asker,
  flags: CreateOptions,
  defaults: Credentials['defaults'],
): Promise<CreateOptions | undefined> {
  const answers: CreateOptions = { ...flags };
  const kind = await ask.select<'invoice' | 'product' | 'amount'>({
    message: 'What is the checkout for?',
    choices: [
      { name: 'An invoice', value: 'invoice' },
      { name: 'A product', value: 'product' },
      { name: 'A custom amount', value: 'amount' },
    ],
  });
  if (kind === 'invoice') {
    answers.invoice = (await ask.input({ message: 'Invoice ID:', validate: check((v) => parseId(v, 'Invoice ID')) })).trim();
  } else if (kind === 'product') {
    answers.product = (await ask.input({ message: 'Product ID:', validate: check((v) => parseId(v, 'Product ID')) })).trim();
  } else {
    if (flags.currency === undefined) {
      answers.currency = (
        await ask.input({ message: 'Currency:', default: defaults.currency ?? 'USD', validate: check((v) => parseCurrency(v, 'Currency')) })
      ).trim();
    }
    const currency = parseCurrency(answers.currency ?? 'USD');
    answers.amount = (
      await ask.input({
        message: `Amount in ${currency} (e.g. ${amountExample(currency)}):`,
        validate: check((v) => toMinorUnits(v, currency, 'Amount')),
      })
    ).trim();
  }
  if (!flags.method?.length) {
    answers.method = await ask.checkbox<string>({
      message: 'Payment methods (none chosen: the account’s defaults):',
      choices: PAYMENT_METHODS.map((m) => ({ name: m, value: m, checked: defaults.methods?.includes(m) ?? false })),
    });
  }
  for (const [field, label] of [
    ['successUrl', 'Success URL'],
    ['cancelUrl', 'Cancel URL'],
  ] as const) {
    if (flags[field] !== undefined) continue;
    const value = (
      await ask.input({
        message: `${label} (optional):`,
        default: defaults[field],
        validate: (v) => (v.trim() === '' ? true : check((x) => parseRedirectUrl(x, label))(v)),
      })
    ).trim();
    answers[field] = value === '' ? undefined : value;
  }
  const go = await ask.confirm({ message: `Create this checkout session?\n${summarize(answers)}`, default: true });
  return go ? answers : undefined;
}

function summarize(o: CreateOptions): string {
  const currency = o.currency ? parseCurrency(o.currency) : 'USD';
  const rows: [string, string | undefined][] = [
    ['For', o.invoice ? `invoice ${o.invoice}` : o.product ? `product ${o.product}` : o.amount ? formatMinor(toMinorUnits(o.amount, currency), currency) : undefined],
    ['Methods', o.method?.length ? o.method.join(', ') : 'the account’s defaults'],
    ['Success URL', o.successUrl],
    ['Cancel URL', o.cancelUrl],
  ];
  return rows
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `  ${`${k}:`.padEnd(13)}${v}`)
    .join('\n');
}
