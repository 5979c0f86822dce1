import { describe, expect, it } from 'vitest';
import { askForCheckout } from '../../src/cli/commands/sessions/guided-create.js';
import type { Asker } from '../../src/cli/prompt.js';

interface Asked {
  kind: string;
  message: string;
  default?: unknown;
  checked?: string[];
  choices?: { name: string; value: string }[];
  validate?: (value: string) => true | string;
}

/** Answers each question from a list, in order, and writes down how it was asked. */
function scriptedAsker(answers: unknown[]): { ask: Asker; asked: Asked[] } {
  const asked: Asked[] = [];
  const next = async (entry: Asked) => {
    asked.push(entry);
    if (answers.length === 0) throw new Error(`No answer scripted for "${entry.message}"`);
    return answers.shift();
  };
  const ask = {
    select: (c: { message: string; choices: { name: string; value: string }[] }) => next({ kind: 'select', message: c.message, choices: c.choices }),
    input: (c: { message: string; default?: string; validate?: (v: string) => true | string }) =>
      next({ kind: 'input', message: c.message, default: c.default, validate: c.validate }),
    checkbox: (c: { message: string; choices: { value: string; checked?: boolean }[] }) =>
      next({ kind: 'checkbox', message: c.message, checked: c.choices.filter((x) => x.checked).map((x) => x.value) }),
    confirm: (c: { message: string; default?: boolean }) => next({ kind: 'confirm', message: c.message, default: c.default }),
    password: () => Promise.reject(new Error('not asked here')),
  } as unknown as Asker;
  return { ask, asked };
}

describe('guided create', () => {
  it('offers every profile default as the pre-filled answer, and still asks each question', async () => {
    const { ask, asked } = scriptedAsker(['amount', 'EUR', '12.50', ['card'], 'https://shop.example/thanks', '', true]);
    const defaults = { currency: 'EUR', methods: ['card'], successUrl: 'https://shop.example/thanks' };
    const answers = await askForCheckout(ask, {}, defaults);
    expect(asked.map((a) => a.message.split('\n')[0])).toEqual([
      'What is the checkout for?',
      'Currency:',
      'Amount in EUR (e.g. 12.50):',
      'Payment methods (none chosen: the account’s defaults):',
      'Success URL (optional):',
      'Cancel URL (optional):',
      'Create this checkout session?',
    ]);
    expect(asked[1].default).toBe('EUR');
    expect(asked[3].checked).toEqual(['card']);
    expect(asked[4].default).toBe('https://shop.example/thanks');
    expect(asked[5].default).toBeUndefined();
    expect(answers).toEqual({ currency: 'EUR', amount: '12.50', method: ['card'], successUrl: 'https://shop.example/thanks', cancelUrl: undefined });
  });

  it('does not ask again what a flag said', async () => {
    const { ask, asked } = scriptedAsker(['invoice', 'inv_7', true]);
    const flags = { method: ['pay_by_bank'], successUrl: 'https://a.example/ok', cancelUrl: 'https://a.example/no' };
    const answers = await askForCheckout(ask, flags, { methods: ['card'] });
    expect(asked.map((a) => a.kind)).toEqual(['select', 'input', 'confirm']);
    expect(answers).toMatchObject({ invoice: 'inv_7', method: ['pay_by_bank'] });
  });

  for (const [currency, example, wrong, message] of [
    ['JPY', '1250', '12.50', 'Amount 12.50 has more decimal places than JPY allows (0): write it like 1250'],
    ['KWD', '12.345', '1.2345', 'Amount 1.2345 has more decimal places than KWD allows (3): write it like 12.345'],
    ['USD', '12.50', 'twelve', 'Amount "twelve" is not a plain decimal number: write it like 12.50'],
  ]) {
    it(`words the amount question and its errors for ${currency}`, async () => {
      const { ask, asked } = scriptedAsker(['amount', currency, example, [], '', '', false]);
      expect(await askForCheckout(ask, {}, {})).toBeUndefined();
      const amount = asked[2];
      expect(amount.message).toBe(`Amount in ${currency} (e.g. ${example}):`);
      expect(amount.validate?.(example)).toBe(true);
      expect(amount.validate?.(wrong)).toBe(message);
      expect(amount.validate?.(wrong)).not.toContain('--');
    });
  }

  it('words a bad currency in the question’s terms', async () => {
    const { ask, asked } = scriptedAsker(['amount', 'USD', '1', [], '', '', false]);
    await askForCheckout(ask, {}, {});
    expect(asked[1].validate?.('XXQ')).toBe('Currency "XXQ" is not an ISO 4217 currency code: use one like USD, EUR or JPY');
  });

  it('summarises a product checkout with its URLs, and one with no methods as the account’s defaults', async () => {
    const { ask, asked } = scriptedAsker(['product', ' prod_9 ', [], 'https://a.example/ok', 'https://a.example/no', true]);
    const answers = await askForCheckout(ask, {}, {});
    expect(answers).toEqual({ product: 'prod_9', method: [], successUrl: 'https://a.example/ok', cancelUrl: 'https://a.example/no' });
    expect(asked[5].message).toBe(
      'Create this checkout session?\n  For:         product prod_9\n  Methods:     the account’s defaults\n  Success URL: https://a.example/ok\n  Cancel URL:  https://a.example/no',
    );
    expect(asked[5].default).toBe(true);
    expect(asked[1].validate?.('prod_9')).toBe(true);
    expect(asked[1].validate?.('a/b')).toBe('Product ID "a/b" is not an ID: use letters, digits, "_" and "-" only (e.g. cs_123 or a UUID)');
  });

  it('an invoice: its ID checked as such; the summary names it and the methods chosen', async () => {
    const { ask, asked } = scriptedAsker(['invoice', 'inv_3', ['card', 'in_store'], '', '', true]);
    const answers = await askForCheckout(ask, {}, {});
    expect(answers).toEqual({ invoice: 'inv_3', method: ['card', 'in_store'], successUrl: undefined, cancelUrl: undefined });
    expect(asked[1].validate?.('inv 3')).toBe('Invoice ID "inv 3" is not an ID: use letters, digits, "_" and "-" only (e.g. cs_123 or a UUID)');
    expect(asked[5].message).toBe('Create this checkout session?\n  For:         invoice inv_3\n  Methods:     card, in_store');
  });

  it('a currency flag is not asked again, and the amount is asked in it', async () => {
    const { ask, asked } = scriptedAsker(['amount', '1250', [], '', '', true]);
    const answers = await askForCheckout(ask, { currency: 'jpy' }, { currency: 'EUR' });
    expect(asked.map((a) => a.message.split('\n')[0])).toEqual([
      'What is the checkout for?',
      'Amount in JPY (e.g. 1250):',
      'Payment methods (none chosen: the account’s defaults):',
      'Success URL (optional):',
      'Cancel URL (optional):',
      'Create this checkout session?',
    ]);
    expect(answers).toMatchObject({ currency: 'jpy', amount: '1250' });
    expect(asked[5].message).toContain('\n  For:         1250 JPY\n');
  });

  it('a URL answer may be empty; anything else must be a URL the flag would take', async () => {
    const { ask, asked } = scriptedAsker(['invoice', 'inv_1', [], '', '', false]);
    await askForCheckout(ask, {}, { successUrl: 'https://a.example/ok' });
    const success = asked[3];
    expect(success.default).toBe('https://a.example/ok');
    expect(success.validate?.('   ')).toBe(true);
    expect(success.validate?.('https://b.example/')).toBe(true);
    expect(success.validate?.('javascript:alert(1)')).toMatch(/^Success URL .*https: or http:/);
    expect(asked[4].validate?.('ftp://x.example/')).toMatch(/^Cancel URL /);
  });

  it('offers the three kinds of purchase by name', async () => {
    const { ask, asked } = scriptedAsker(['invoice', 'inv_1', [], '', '', false]);
    await askForCheckout(ask, {}, {});
    expect(asked[0].choices).toEqual([
      { name: 'An invoice', value: 'invoice' },
      { name: 'A product', value: 'product' },
      { name: 'A custom amount', value: 'amount' },
    ]);
  });

  it('takes answers without the spaces around them; USD is the currency offered without a profile’s; nothing is ticked', async () => {
    const { ask, asked } = scriptedAsker(['amount', ' eur ', ' 3.5 ', [], ' https://a.example/ok ', '  ', true]);
    const answers = await askForCheckout(ask, {}, {});
    expect(asked[1].default).toBe('USD');
    expect(asked[3].checked).toEqual([]);
    expect(answers).toEqual({ currency: 'eur', amount: '3.5', method: [], successUrl: 'https://a.example/ok', cancelUrl: undefined });
    const invoice = scriptedAsker(['invoice', ' inv_2 ', [], '', '', true]);
    expect((await askForCheckout(invoice.ask, {}, {}))?.invoice).toBe('inv_2');
  });
});
