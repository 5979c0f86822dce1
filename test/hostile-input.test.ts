import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../src/cli/errors.js';
import { parseId } from '../src/cli/input/ids.js';
import { parseAmountMinor, parseCurrency, toMinorUnits } from '../src/cli/input/money.js';
import { parseRedirectUrl } from '../src/cli/input/urls.js';
import { isCurrencyCode, minorUnitDigits } from '../src/currency.js';
import { RevKeen, RevKeenError } from '../src/index.js';
import { createdBody, json, startFaultServer, type FaultServer } from './helpers/servers.js';

/** Runs `fn`; a UsageError is a refusal, anything else thrown is a bug. */
function refusedOr<T>(fn: () => T): { refused: true } | { refused: false; value: T } {
  try {
    return { refused: false, value: fn() };
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return { refused: true };
  }
}

const anyText = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }));

describe('IDs', () => {
  let server: FaultServer;
  beforeAll(async () => {
    server = await startFaultServer((_req, res) => json(res, 200, createdBody()));
  });
  afterAll(() => server.close());

  it('are refused, or kept exactly and safe for a path', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const r = refusedOr(() => parseId(text, 'Session ID'));
        if (!r.refused) {
          expect(r.value).toBe(text.trim());
          expect(r.value).toMatch(/^[A-Za-z0-9_-]+$/);
        }
      }),
      { numRuns: 2000 },
    );
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

  it('of any text are refused, or converted to exactly the minor units written', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.stringMatching(/^\d{1,6}(\.\d{1,5})?$/)), currency, (text, code) => {
        const r = refusedOr(() => toMinorUnits(text, code));
        if (r.refused) return;
        const [whole, fraction = ''] = text.trim().split('.');
        const digits = minorUnitDigits(code);
        // The oracle: the written number times 10^digits, with nothing rounded away.
        const scaled = BigInt(whole + fraction) * 10n ** BigInt(digits) ;
        const divisor = 10n ** BigInt(fraction.length);
        expect(scaled % divisor).toBe(0n);
        expect(BigInt(r.value)).toBe(scaled / divisor);
        expect(r.value).toBeGreaterThan(0);
      }),
      { numRuns: 3000 },
    );
  });

  it('in minor units are refused unless a positive safe integer, written plainly', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.bigInt({ min: -10n, max: 2n ** 60n }).map(String)), (text) => {
        const r = refusedOr(() => parseAmountMinor(text));
        if (!r.refused) {
          expect(String(r.value)).toBe(text.trim().replace(/^0+(?=\d)/, ''));
          expect(Number.isSafeInteger(r.value) && r.value > 0).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('currencies', () => {
  it('are refused unless an ISO 4217 code', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.stringMatching(/^[A-Za-z]{3}$/)), (text) => {
        const r = refusedOr(() => parseCurrency(text));
        if (!r.refused) expect(isCurrencyCode(r.value) && r.value === text.trim().toUpperCase()).toBe(true);
      }),
      { numRuns: 2000 },
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

  it('of any text are refused, or are http(s) URLs that parse to themselves', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.webUrl({ validSchemes: ['https', 'http', 'ftp', 'javascript', 'file'] })), (text) => {
        const r = refusedOr(() => parseRedirectUrl(text, '--success-url'));
        if (r.refused) return;
        const url = new URL(r.value);
        expect(['https:', 'http:']).toContain(url.protocol);
        expect(url.href).toBe(r.value);
        expect(new URL(text.trim()).href).toBe(r.value);
      }),
      { numRuns: 2000 },
    );
  });
});
