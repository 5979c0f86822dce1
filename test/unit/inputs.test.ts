import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { UsageError } from '../../src/cli/errors.js';
import { parseMethods } from '../../src/cli/input/methods.js';
import { amountExample, parseAmountMinor, parseCurrency, toMinorUnits } from '../../src/cli/input/money.js';
import { parseConcurrency, parseRetries, parseTimeoutSeconds } from '../../src/cli/input/numbers.js';
import { parseRedirectUrl } from '../../src/cli/input/urls.js';
import { parseWebhookTarget, webhookSecret } from '../../src/cli/input/webhooks.js';
import { colorLevel, createStyle } from '../../src/cli/output/terminal.js';

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  return 'accepted';
};

describe('money, in the flags’ words', () => {
  it('names --currency and --amount unless told otherwise, and offers --amount-minor only to --amount', () => {
    expect(refusal(() => parseCurrency('XXQ'))).toBe('--currency "XXQ" is not an ISO 4217 currency code: use one like USD, EUR or JPY');
    expect(refusal(() => toMinorUnits('1.234', 'USD'))).toBe('--amount 1.234 has more decimal places than USD allows (2): write it like 12.50, or use --amount-minor');
    expect(refusal(() => toMinorUnits('1.234', 'USD', 'Amount'))).toBe('Amount 1.234 has more decimal places than USD allows (2): write it like 12.50');
    expect(amountExample('CLF')).toBe('12.3456');
  });

  it('minor units: whole numbers up to the largest safe integer, refused by name past it', () => {
    expect(parseAmountMinor(' 9007199254740991 ')).toBe(Number.MAX_SAFE_INTEGER);
    expect(refusal(() => parseAmountMinor('9007199254740992'))).toBe('--amount-minor 9007199254740992 is too large');
    expect(refusal(() => parseAmountMinor('12.5'))).toBe('--amount-minor "12.5" must be a whole number of minor units, e.g. 1250 for 12.50 USD');
    expect(refusal(() => parseAmountMinor('0'))).toBe('--amount-minor 0 must be more than zero');
  });
});

describe('URLs a user gives', () => {
  it('a redirect URL is trimmed, and may be 2048 characters but no more', () => {
    expect(parseRedirectUrl('  https://shop.example/done  ', '--success-url')).toBe('https://shop.example/done');
    const of = (n: number) => `https://shop.example/${'a'.repeat(n - 'https://shop.example/'.length)}`;
    expect(parseRedirectUrl(of(2048), '--success-url')).toBe(of(2048));
    expect(refusal(() => parseRedirectUrl(of(2049), '--cancel-url'))).toBe('--cancel-url is longer than 2048 characters');
  });

  it('a webhook target is trimmed; https is fine; other schemes are named', () => {
    expect(parseWebhookTarget(' https://hooks.example/in ')).toBe('https://hooks.example/in');
    expect(refusal(() => parseWebhookTarget('ws://127.0.0.1/x'))).toBe('--forward-to must be an http: or https: URL, not ws:');
  });

  it('a chosen webhook secret is masked from then on; a made-up one is not, and says so', () => {
    const secrets: string[] = [];
    const ctx = { env: {}, addSecret: (s: string) => void secrets.push(s) };
    expect(webhookSecret(ctx, 'whsec_chosen_0123456789')).toEqual({ value: 'whsec_chosen_0123456789', from: '--webhook-secret', made: false });
    expect(secrets).toEqual(['whsec_chosen_0123456789']);
    const made = webhookSecret(ctx, undefined);
    expect([made.from, made.made, made.value]).toEqual(['this run', true, expect.stringMatching(/^whsec_[A-Za-z0-9_-]{32}$/)]);
    expect(secrets).toHaveLength(1);
  });
});

describe('numbers and methods, in the flags’ words', () => {
  it.each([
    [() => parseTimeoutSeconds('soon'), '--timeout "soon" must be a number of seconds, e.g. 30'],
    [() => parseRetries('11'), '--retries "11" must be a whole number from 0 to 10'],
    [() => parseConcurrency('0'), '--concurrency must be a whole number from 1 to 64'],
    [() => parseMethods(['cash']), '--method "cash" is not a payment method: use card, in_store, direct_debit, pay_by_bank'],
  ])('%s', (fn, message) => expect(refusal(fn)).toBe(message));

  it('methods: spaces and empty items between commas are ignored', () => {
    expect(parseMethods([' card , ,in_store ', ''])).toEqual(['card', 'in_store']);
  });
});

describe('colour', () => {
  const tty = { write: () => {}, isTTY: true, columns: 80 };
  it.each([
    [{ FORCE_COLOR: '0' }, 0],
    [{ FORCE_COLOR: 'false' }, 0],
    [{ FORCE_COLOR: '1' }, 1],
    [{ FORCE_COLOR: '' }, 1],
    [{ FORCE_COLOR: '2' }, 2],
    [{ FORCE_COLOR: '3' }, 3],
  ])('%j is level %d', (env, level) => {
    expect(colorLevel(tty, env, true)).toBe(level);
    expect(createStyle(tty, env, true).level).toBe(level);
  });
  it('the level decided is the style’s', () => expect(createStyle(tty, { COLORTERM: 'truecolor' }, true).level).toBe(new Chalk({ level: 3 }).level));
});

it('a config error says it is one', () => expect(new ConfigError('file', 'x').name).toBe('ConfigError'));
