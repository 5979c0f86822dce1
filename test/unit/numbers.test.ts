import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/errors.js';
import { parseConcurrency, parseDuration, parsePort, parseRetries, parseTimeoutSeconds } from '../../src/cli/input/numbers.js';

/** The parser's value, or `refused` for a UsageError; anything else thrown fails the test. */
function answer<T>(fn: () => T): T | 'refused' {
  try {
    return fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return 'refused';
  }
}

const anyText = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.stringMatching(/^-?\d{0,6}(\.\d{0,3})?(ms|s|m|h|x)?$/));
const plainNumber = /^\d+(\.\d+)?$/;

describe('--timeout', () => {
  it.each([
    ['30', 30],
    ['2.5', 2.5],
    [' 7 ', 7],
    ['86400', 86_400],
  ])('takes %j as %d seconds', (text, seconds) => expect(answer(() => parseTimeoutSeconds(text))).toBe(seconds));

  it.each(['0', '0.0', '86400.5', '86401', '-1', '1e3', 'Infinity', 'NaN', '', ' ', '5s', '0x10'])('refuses %j', (text) => {
    expect(answer(() => parseTimeoutSeconds(text))).toBe('refused');
  });

  it('of any text is the written number of seconds when in (0, 86400], else refused', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const n = Number(text.trim());
        const expected = plainNumber.test(text.trim()) && n > 0 && n <= 86_400 ? n : 'refused';
        expect(answer(() => parseTimeoutSeconds(text))).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('durations', () => {
  it.each([
    ['500ms', 500],
    ['2s', 2000],
    ['2', 2000],
    ['1.5s', 1500],
    ['10m', 600_000],
    ['24h', 86_400_000],
    [' 3s ', 3000],
    ['0.4ms', 0],
  ])('reads %j as %d ms', (text, ms) => {
    // 0.4ms rounds to 0 ms, which the caller's floor refuses; the parser only converts.
    expect(answer(() => parseDuration(text, '--interval'))).toBe(ms);
  });

  it.each(['0', '0s', '-1s', '1d', 's', '1 s', '1e3', '', '.5s'])('refuses %j', (text) => {
    expect(answer(() => parseDuration(text, '--interval'))).toBe('refused');
  });

  it('of any text is the number times its unit, rounded to the millisecond, or refused', () => {
    const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
    fc.assert(
      fc.property(anyText, (text) => {
        const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
        const ms = match ? Number(match[1]) * units[match[2] ?? 's'] : 0;
        expect(answer(() => parseDuration(text, '--interval'))).toBe(ms > 0 ? Math.round(ms) : 'refused');
      }),
      { numRuns: 2000 },
    );
  });

  it('names the flag in its refusal', () => {
    expect(() => parseDuration('soon', '--wait-timeout')).toThrow(/--wait-timeout "soon" is not a duration/);
  });
});

describe('whole numbers in a range', () => {
  const cases = [
    { name: '--port', parse: parsePort, min: 0, max: 65_535 },
    { name: '--retries', parse: parseRetries, min: 0, max: 10 },
    { name: '--concurrency', parse: (t: string) => parseConcurrency(t), min: 1, max: 64 },
  ];

  it.each(cases)('$name takes every whole number from $min to $max, and nothing beside', ({ parse, min, max }) => {
    for (const n of [min, max, Math.floor((min + max) / 2)]) expect(answer(() => parse(String(n)))).toBe(n);
    for (const text of [String(min - 1), String(max + 1), '1.0', ' 1', '1 ', '+1', '0x1', '', 'one']) {
      expect(answer(() => parse(text))).toBe('refused');
    }
    fc.assert(
      fc.property(fc.oneof(anyText, fc.integer({ min: -5, max: max + 5 }).map(String)), (text) => {
        const expected = /^\d+$/.test(text) && Number(text) >= min && Number(text) <= max ? Number(text) : 'refused';
        expect(answer(() => parse(text))).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it('--concurrency defaults to 4 when not given', () => {
    expect(parseConcurrency(undefined)).toBe(4);
  });
});
