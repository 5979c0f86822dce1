import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../src/cli/errors.js';
import { parseId } from '../src/cli/input/ids.js';
import { parseAmountMinor, parseCurrency, toMinorUnits } from '../src/cli/input/money.js';
import { parseRedirectUrl } from '../src/cli/input/urls.js';
import { isCurrencyCode, minorUnitDigits } from '../src/currency.js';
import { RevKeen, RevKeenError } from '../src/index.js';
import { createdBody, json, startFaultServer, type FaultServer } from './helpers/servers.js';

type Outcome<T> = { accepted: true; value: T } | { accepted: false };

/** Runs `fn`: its value, or a refusal (a UsageError); anything else thrown is a bug. */
function outcome<T>(fn: () => T): Outcome<T> {
  try {
    return { accepted: true, value: fn() };
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return { accepted: false };
  }
}
const accept = <T>(value: T): Outcome<T> => ({ accepted: true, value });
const refuse: Outcome<never> = { accepted: false };

const isAsciiDigits = (t: string) => t.length > 0 && [...t].every((c) => c >= '0' && c <= '9');
const isIdChar = (c: string) => /^[A-Za-z0-9]$/.test(c) || c === '_' || c === '-';

/** The oracles: what each parser must answer, written from the rule, not from the parser. */
function expectedId(text: string): Outcome<string> {
  const id = text.trim();
  const ok = id.length >= 1 && id.length <= 255 && /^[A-Za-z0-9]$/.test(id[0]) && [...id].every(isIdChar);
  return ok ? accept(id) : refuse;
}

function expectedMinor(text: string, code: string): Outcome<number> {
  const parts = text.trim().split('.');
  if (parts.length > 2 || !parts.every(isAsciiDigits)) return refuse;
  const [whole, fraction = ''] = parts;
  const digits = minorUnitDigits(code);
  const significant = fraction.replace(/0+$/, '');
  if (significant.length > digits) return refuse;
  const minor = BigInt(whole) * 10n ** BigInt(digits) + BigInt(significant.padEnd(digits, '0') || '0');
  return minor > 0n && minor <= BigInt(Number.MAX_SAFE_INTEGER) ? accept(Number(minor)) : refuse;
}

function expectedAmountMinor(text: string): Outcome<number> {
  const t = text.trim();
  if (!isAsciiDigits(t)) return refuse;
  const n = BigInt(t);
  return n > 0n && n <= BigInt(Number.MAX_SAFE_INTEGER) ? accept(Number(n)) : refuse;
}

const anyText = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }));

describe('IDs', () => {
  let server: FaultServer;
  beforeAll(async () => {
    server = await startFaultServer((_req, res) => json(res, 200, createdBody()));
  });
  afterAll(() => server.close());

  const validId = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$/);
  it('of any text are accepted exactly when the rule allows them, trimmed, and refused otherwise', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, validId, validId.map((id) => ` ${id}\n`), fc.string({ minLength: 256, maxLength: 300 })), (text) => {
        expect(outcome(() => parseId(text, 'Session ID'))).toEqual(expectedId(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('that follow the rule are always accepted as written', () => {
    fc.assert(fc.property(validId, (id) => void expect(outcome(() => parseId(id, 'Session ID'))).toEqual(accept(id))));
  });

  it('of any kind reach the server as exactly one path segment that decodes to the ID', async () => {
    const client = new RevKeen({ apiKey: 'rk_sandbox_hostile_000000', baseUrl: server.baseUrl, maxRetries: 0 });
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', minLength: 1 }), async (id) => {
        const before = server.requests.length;
        try {
          await client.checkoutSessions.get(id);
        } catch (error) {
          expect(error).toBeInstanceOf(RevKeenError);
          expect(server.requests.length).toBe(before);
          return;
        }
        const path = server.requests[before].url;
        const segment = path.slice('/v2/checkout-sessions/'.length);
        expect(path.startsWith('/v2/checkout-sessions/')).toBe(true);
        expect(segment).not.toContain('/');
        expect(decodeURIComponent(segment)).toBe(id);
      }),
      { numRuns: 200 },
    );
  });
});

describe('amounts', () => {
  const currency = fc.constantFrom('USD', 'JPY', 'KWD', 'EUR', 'CLF', 'BHD', 'ISK');

  const decimal = fc.stringMatching(/^\d{1,17}(\.\d{0,6})?$/);
  it('of any text are converted to exactly the minor units written, or refused when the rule says so', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, decimal, decimal.map((d) => `  ${d}\t`)), currency, (text, code) => {
        expect(outcome(() => toMinorUnits(text, code))).toEqual(expectedMinor(text, code));
      }),
      { numRuns: 4000 },
    );
  });

  it('written within the minor unit are always accepted', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 ** 12 }), currency, (minor, code) => {
        const digits = minorUnitDigits(code);
        const text = digits ? `${Math.floor(minor / 10 ** digits)}.${String(minor % 10 ** digits).padStart(digits, '0')}` : String(minor);
        expect(outcome(() => toMinorUnits(text, code))).toEqual(accept(minor));
      }),
    );
  });

  it('in minor units are accepted as exactly that positive safe integer, and refused otherwise', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.bigInt({ min: -10n, max: 2n ** 60n }).map(String), fc.nat().map((n) => ` 000${n} `)), (text) => {
        expect(outcome(() => parseAmountMinor(text))).toEqual(expectedAmountMinor(text));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('currencies', () => {
  it.each([
    ['USD', 'USD'],
    [' eur ', 'EUR'],
    ['jpy', 'JPY'],
    ['Kwd', 'KWD'],
    ['CLF', 'CLF'],
  ])('accepts %j as %s', (text, code) => {
    expect(outcome(() => parseCurrency(text))).toEqual(accept(code));
  });

  it.each(['XAU', 'XDR', 'ABC', 'US', 'USDD', 'U SD', '', 'ＵＳＤ', 'usd\u0000'])('refuses %j', (text) => {
    expect(outcome(() => parseCurrency(text))).toEqual(refuse);
  });

  it('of any text are accepted only as three ASCII letters naming a currency, upper-cased', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.stringMatching(/^[A-Za-z]{3}$/)), (text) => {
        const code = text.trim().toUpperCase();
        const expected = /^[A-Z]{3}$/.test(code) && isCurrencyCode(code) ? accept(code) : refuse;
        expect(outcome(() => parseCurrency(text))).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('success and cancel URLs', () => {
  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(document.cookie)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'file:///etc/passwd',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'ftp://example.com/x',
    '//evil.example/path',
    '/relative/path',
    'https://user:secret@example.com/',
    '',
  ])('refuses %j', (url) => {
    expect(() => parseRedirectUrl(url, '--success-url')).toThrow(UsageError);
  });

  it('that are http(s) web addresses without credentials are always accepted, normalised', () => {
    fc.assert(
      fc.property(fc.webUrl({ validSchemes: ['https', 'http'], withQueryParameters: true, withFragments: true }), (text) => {
        fc.pre(text.length <= 2048);
        expect(outcome(() => parseRedirectUrl(text, '--success-url'))).toEqual(accept(new URL(text).href));
      }),
      { numRuns: 1000 },
    );
  });

  it('of any other text or scheme are refused', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.webUrl({ validSchemes: ['ftp', 'javascript', 'file', 'data'] }), fc.webUrl({ authoritySettings: { withUserInfo: true } })), (text) => {
        let url: URL | undefined;
        try {
          url = new URL(text.trim());
        } catch {
          url = undefined;
        }
        const web = url && ['https:', 'http:'].includes(url.protocol) && !url.username && !url.password && url.href.length <= 2048;
        expect(outcome(() => parseRedirectUrl(text, '--success-url'))).toEqual(web ? accept(url!.href) : refuse);
      }),
      { numRuns: 2000 },
    );
  });
});
