import { isCurrencyCode, minorUnitDigits } from '../../currency.js';
import { UsageError } from '../errors.js';

/** `label` names what was asked: the flag (`--currency`), or a question's own word (`Currency`). */
export function parseCurrency(value: string, label = '--currency'): string {
  const code = value.trim().toUpperCase();
  if (!isCurrencyCode(code)) {
    throw new UsageError(`${label} ${JSON.stringify(value)} is not an ISO 4217 currency code: use one like USD, EUR or JPY`);
  }
  return code;
}

const EXAMPLES: Record<number, string> = { 0: '1250', 2: '12.50', 3: '12.345', 4: '12.3456' };

/** How an amount is written in this currency: JPY 1250, USD 12.50, KWD 12.345. */
export function amountExample(currency: string): string {
  return EXAMPLES[minorUnitDigits(currency)];
}

/** "12.50" USD -> 1250, exactly: refuses what the currency's minor unit cannot hold. */
export function toMinorUnits(amount: string, currency: string, label = '--amount'): number {
  const text = amount.trim();
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  const example = amountExample(currency);
  if (!match) {
    throw new UsageError(`${label} ${JSON.stringify(amount)} is not a plain decimal number: write it like ${example}`);
  }
  const digits = minorUnitDigits(currency);
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > digits) {
    const otherFlag = label === '--amount' ? ', or use --amount-minor' : '';
    throw new UsageError(`${label} ${text} has more decimal places than ${currency} allows (${digits}): write it like ${example}${otherFlag}`);
  }
  return checkMinor(BigInt(match[1] + fraction.padEnd(digits, '0')), label, text);
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
