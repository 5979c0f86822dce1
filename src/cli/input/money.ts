import { isCurrencyCode, minorUnitDigits } from '../../currency.js';
import { UsageError } from '../errors.js';

export function parseCurrency(value: string): string {
  const code = value.trim().toUpperCase();
  if (!isCurrencyCode(code)) {
    throw new UsageError(`--currency ${JSON.stringify(value)} is not an ISO 4217 currency code: pass one like USD, EUR or JPY`);
  }
  return code;
}

/** "12.50" USD -> 1250, exactly: refuses what the currency's minor unit cannot hold. */
export function toMinorUnits(amount: string, currency: string): number {
  const text = amount.trim();
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) {
    throw new UsageError(`--amount ${JSON.stringify(amount)} is not a plain decimal number: write it like 12.50`);
  }
  const digits = minorUnitDigits(currency);
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > digits) {
    const example = digits === 0 ? '1250' : `12.${'5'.padEnd(digits, '0')}`;
    throw new UsageError(
      `--amount ${text} has more decimal places than ${currency} allows (${digits}): write it like ${example}, or use --amount-minor`,
    );
  }
  return checkMinor(BigInt(match[1] + fraction.padEnd(digits, '0')), '--amount', text);
}

export function parseAmountMinor(value: string): number {
  const text = value.trim();
  if (!/^\d+$/.test(text)) {
    throw new UsageError(`--amount-minor ${JSON.stringify(value)} must be a whole number of minor units, e.g. 1250 for 12.50 USD`);
  }
  return checkMinor(BigInt(text), '--amount-minor', text);
}

function checkMinor(minor: bigint, flag: string, text: string): number {
  if (minor <= 0n) throw new UsageError(`${flag} ${text} must be more than zero`);
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) throw new UsageError(`${flag} ${text} is too large`);
  return Number(minor);
}
