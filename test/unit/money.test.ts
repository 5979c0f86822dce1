import { describe, expect, it } from 'vitest';
import { formatMinor, minorUnitDigits } from '../../src/currency.js';
import { parseAmountMinor, parseCurrency, toMinorUnits } from '../../src/cli/input/money.js';
import { UsageError } from '../../src/cli/errors.js';

describe('amounts in major units', () => {
  it('converts with the currency’s own minor-unit count', () => {
    expect(toMinorUnits('12.50', 'USD')).toBe(1250);
    expect(toMinorUnits('12.5', 'USD')).toBe(1250);
    expect(toMinorUnits('12', 'USD')).toBe(1200);
    expect(toMinorUnits('1250', 'JPY')).toBe(1250);
    expect(toMinorUnits('1.234', 'KWD')).toBe(1234);
    expect(toMinorUnits('0.01', 'EUR')).toBe(1);
  });

  it('is exact where floating point is not', () => {
    // 1.005 * 100 is 100.49999999999999 in floating point.
    expect(toMinorUnits('1.005', 'KWD')).toBe(1005);
    expect(toMinorUnits('19.99', 'USD')).toBe(1999);
    expect(toMinorUnits('4503599627370.49', 'USD')).toBe(450359962737049);
  });

  it('accepts trailing zeros beyond the minor unit, which change nothing', () => {
    expect(toMinorUnits('12.500', 'USD')).toBe(1250);
    expect(toMinorUnits('100.0', 'JPY')).toBe(100);
  });

  it.each([
    ['12.345', 'USD', /more decimal places than USD allows \(2\)/],
    ['12.5', 'JPY', /JPY allows \(0\)/],
    ['1.2345', 'KWD', /KWD allows \(3\)/],
    ['0', 'USD', /more than zero/],
    ['0.00', 'USD', /more than zero/],
    ['-5', 'USD', /plain decimal/],
    ['1e3', 'USD', /plain decimal/],
    ['1,000.00', 'USD', /plain decimal/],
    ['12.', 'USD', /plain decimal/],
    ['.5', 'USD', /plain decimal/],
    ['NaN', 'USD', /plain decimal/],
    ['0x10', 'USD', /plain decimal/],
    ['99999999999999999', 'USD', /too large/],
  ])('refuses %s %s', (amount, currency, message) => {
    expect(() => toMinorUnits(amount, currency)).toThrow(UsageError);
    expect(() => toMinorUnits(amount, currency)).toThrow(message);
  });

  it('takes --amount-minor as a positive whole number only', () => {
    expect(parseAmountMinor('1250')).toBe(1250);
    for (const bad of ['0', '-1', '12.5', '1e3', '', 'abc', '9007199254740993']) {
      expect(() => parseAmountMinor(bad)).toThrow(UsageError);
    }
  });
});

describe('currencies', () => {
  it('accepts ISO 4217 codes in any case and refuses the rest', () => {
    expect(parseCurrency('usd')).toBe('USD');
    expect(parseCurrency('JPY')).toBe('JPY');
    for (const bad of ['US', 'USDD', 'ABC', 'XAU', '123', '']) expect(() => parseCurrency(bad)).toThrow(/ISO 4217/);
  });

  it('knows the minor units of JPY, USD and KWD and formats exactly', () => {
    expect([minorUnitDigits('JPY'), minorUnitDigits('USD'), minorUnitDigits('KWD')]).toEqual([0, 2, 3]);
    expect(formatMinor(1250, 'USD')).toBe('12.50 USD');
    expect(formatMinor(5, 'USD')).toBe('0.05 USD');
    expect(formatMinor(1250, 'JPY')).toBe('1250 JPY');
    expect(formatMinor(1234, 'KWD')).toBe('1.234 KWD');
  });
});
