import { describe, expect, it } from 'vitest';
import { buildCreateParams, withProfileDefaults } from '../../src/cli/commands/sessions/create.js';
import { UsageError } from '../../src/cli/errors.js';
import { parseIdempotencyKey } from '../../src/cli/input/ids.js';

describe('sessions create flags to the API body', () => {
  it('maps every parameter to its API field', () => {
    expect(
      buildCreateParams({
        invoice: 'inv_123',
        successUrl: 'https://example.com/success',
        cancelUrl: 'https://example.com/cancel',
        method: ['card,in_store', 'card'],
        companionDevice: '046b6c7f-0b8a-43b9-b35d-6489e6daee91',
      }),
    ).toEqual({
      invoiceId: 'inv_123',
      successUrl: 'https://example.com/success',
      cancelUrl: 'https://example.com/cancel',
      allowedMethods: ['card', 'in_store'],
      companionDeviceId: '046b6c7f-0b8a-43b9-b35d-6489e6daee91',
    });
    expect(buildCreateParams({ product: 'prod_1' })).toEqual({ productId: 'prod_1' });
    expect(buildCreateParams({ amount: '1250', currency: 'jpy' })).toEqual({ amountMinor: 1250, currency: 'JPY' });
    expect(buildCreateParams({ amountMinor: '1250' })).toEqual({ amountMinor: 1250, currency: 'USD' });
  });

  it.each([
    [{}, /pass one of --invoice/],
    [{ invoice: 'inv_1', product: 'prod_1' }, /only one of/],
    [{ invoice: 'inv_1', amount: '1' }, /only one of/],
    [{ amount: '1', amountMinor: '100' }, /not both/],
    [{ invoice: 'inv_1', currency: 'EUR' }, /--currency goes with --amount/],
    [{ invoice: '../admin' }, /not an ID/],
    [{ invoice: 'inv 1' }, /not an ID/],
    [{ product: 'a/b' }, /not an ID/],
    [{ invoice: 'inv_1', successUrl: 'javascript:alert(1)' }, /https: or http:/],
    [{ invoice: 'inv_1', cancelUrl: 'file:///etc/passwd' }, /https: or http:/],
    [{ invoice: 'inv_1', successUrl: '/relative' }, /absolute URL/],
    [{ invoice: 'inv_1', successUrl: 'https://user:pw@example.com' }, /user name or password/],
    [{ invoice: 'inv_1', method: ['cash'] }, /not a payment method/],
    [{ invoice: 'inv_1', method: ['card'], companionDevice: 'dev_1' }, /--method in_store/],
  ])('refuses %j', (opts, message) => {
    expect(() => buildCreateParams(opts)).toThrow(UsageError);
    expect(() => buildCreateParams(opts)).toThrow(message);
  });
});

describe('idempotency keys', () => {
  it.each([['k'], ['!~'], ['x'.repeat(255)], ['046b6c7f-0b8a-43b9-b35d-6489e6daee91']])('%s is taken as it is', (key) => {
    expect(parseIdempotencyKey(key)).toBe(key);
  });
  it.each([[''], ['x'.repeat(256)], ['a b'], ['é'], ['tab\tkey'], ['end\n']])('%j is refused', (key) => {
    expect(() => parseIdempotencyKey(key)).toThrow(new UsageError('--idempotency-key must be 1-255 visible ASCII characters, e.g. a UUID'));
  });
});

describe('each flag is named in its own refusal', () => {
  it.each([
    [{ invoice: 'a/b' }, '--invoice "a/b" is not an ID'],
    [{ product: 'a/b' }, '--product "a/b" is not an ID'],
    [{ invoice: 'inv_1', companionDevice: 'a b' }, '--companion-device "a b" is not an ID'],
    [{ invoice: 'inv_1', successUrl: 'nope' }, '--success-url "nope" is not an absolute URL'],
    [{ invoice: 'inv_1', cancelUrl: 'nope' }, '--cancel-url "nope" is not an absolute URL'],
  ])('%j', (opts, start) => {
    expect(() => buildCreateParams(opts)).toThrow(start);
  });

  it('no purchase at all says how to be asked, or where the examples are', () => {
    try {
      buildCreateParams({});
    } catch (error) {
      expect((error as UsageError).hint).toBe('On a terminal, `revkeen sessions create` with none of them asks; `revkeen sessions create --help` shows examples');
    }
    expect.assertions(1);
  });
});

describe('a profile’s defaults', () => {
  const defaults = { currency: 'GBP', successUrl: 'https://s.example/ok', cancelUrl: 'https://s.example/no', methods: ['card'] };
  it('fill in what no flag said, and the currency only for a custom amount in either unit', () => {
    expect(withProfileDefaults({ amountMinor: '500' }, defaults)).toMatchObject({ currency: 'GBP' });
    expect(withProfileDefaults({ amount: '5' }, defaults)).toMatchObject({ currency: 'GBP' });
    expect(withProfileDefaults({ invoice: 'inv_1' }, defaults)).toEqual({ invoice: 'inv_1', currency: undefined, successUrl: 'https://s.example/ok', cancelUrl: 'https://s.example/no', method: ['card'] });
    expect(withProfileDefaults({ invoice: 'inv_1', method: ['in_store'] }, defaults).method).toEqual(['in_store']);
    expect(withProfileDefaults({ invoice: 'inv_1', method: [] }, defaults).method).toEqual(['card']);
  });
});
