import { describe, expect, it } from 'vitest';
import { InvalidOptionsError, RevKeen, RevKeenError } from '../src/index.js';
import { isLoopbackHost, withoutCredentials } from '../src/client/base-url.js';
import { printable } from '../src/cli/output/printable.js';
import { redactSecrets } from '../src/cli/context.js';

const KEY = 'rk_sandbox_library_0123456789ab';

describe('the library applies the CLI’s rules to its own options', () => {
  it('accepts https anywhere and http only to this machine, with or without /v2', () => {
    expect(new RevKeen({ apiKey: KEY, baseUrl: 'https://api.example.com' }).baseUrl).toBe('https://api.example.com/v2');
    expect(new RevKeen({ apiKey: KEY, baseUrl: 'http://127.0.0.1:4010/v2/' }).baseUrl).toBe('http://127.0.0.1:4010/v2');
    expect(new RevKeen({ apiKey: KEY, baseUrl: 'http://localhost:4010' }).baseUrl).toBe('http://localhost:4010/v2');
    expect(new RevKeen({ apiKey: 'rk_live_x_0123456789ab' }).baseUrl).toBe('https://api.revkeen.com/v2');
    expect(new RevKeen({ apiKey: KEY }).baseUrl).toBe('https://staging-api.revkeen.com/v2');
  });

  const refused: [string, Record<string, unknown>, RegExp][] = [
    ['plain http to another host', { baseUrl: 'http://remote-host/v2' }, /plain http: to a host that is not this machine/],
    ['credentials in the URL', { baseUrl: 'https://user:pw@api.example.com' }, /must not carry a user name or password/],
    ['not a URL', { baseUrl: 'not a url' }, /is not a URL/],
    ['not http at all', { baseUrl: 'ftp://api.example.com' }, /ftp: is not https:/],
    ['a baseUrl that is not a string', { baseUrl: 42 }, /baseUrl must be a string/],
    ['maxRetries NaN', { maxRetries: NaN }, /maxRetries must be a whole number from 0 to 10, not NaN/],
    ['maxRetries negative', { maxRetries: -1 }, /maxRetries must be a whole number/],
    ['maxRetries fractional', { maxRetries: 1.5 }, /maxRetries must be a whole number/],
    ['maxRetries too many', { maxRetries: 11 }, /maxRetries must be a whole number/],
    ['timeoutMs zero', { timeoutMs: 0 }, /timeoutMs must be a whole number from 1/],
    ['timeoutMs Infinity', { timeoutMs: Infinity }, /timeoutMs must be a whole number/],
    ['maxConnections zero', { maxConnections: 0 }, /maxConnections must be a whole number from 1/],
    ['an empty apiKey', { apiKey: ' ' }, /RevKeen needs an apiKey/],
  ];
  for (const [what, options, message] of refused) {
    it(`refuses ${what} with its own typed error`, () => {
      let error: unknown;
      try {
        new RevKeen({ apiKey: KEY, ...options } as ConstructorParameters<typeof RevKeen>[0]);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InvalidOptionsError);
      expect(error).toBeInstanceOf(RevKeenError);
      expect((error as Error).message).toMatch(message);
    });
  }

  it('never echoes the password of a URL it refuses', () => {
    expect(() => new RevKeen({ apiKey: KEY, baseUrl: 'https://a:topsecret@[bad' })).toThrow(/is not a URL/);
    expect(() => new RevKeen({ apiKey: KEY, baseUrl: 'https://a:topsecret@[bad' })).not.toThrow(/topsecret/);
    expect(withoutCredentials('https://a:b@host/x@y')).toBe('https://host/x@y');
  });
});

describe('this machine, and only this machine', () => {
  it('literal loopback addresses and localhost', () => {
    for (const host of ['127.0.0.1', '127.255.255.254', 'localhost', 'LOCALHOST', '[::1]', '::1']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['127.0.0.1.evil.com', 'app.localhost', 'localhost.example', '128.0.0.1', '127.0.0', '127.0.0.256', '::2', '0.0.0.0', 'evil127.0.0.1']) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });
});

describe('printable server text', () => {
  it('replaces every control character, keeps ordinary text and non-Latin letters', () => {
    expect(printable('\x1b[2Jclear')).toBe('\uFFFD[2Jclear');
    expect(printable('a\nb\tc\rd')).toBe('a b c d');
    expect(printable('\x07\x00\x7f\x9b')).toBe('\uFFFD\uFFFD\uFFFD\uFFFD');
    expect(printable('abc\u202Eevil')).toBe('abc\uFFFDevil');
    expect(printable('Zahlung für café 日本 €12.50')).toBe('Zahlung für café 日本 €12.50');
  });
});

describe('redacting secrets', () => {
  it('as they are, JSON-escaped, and never a string too short to be a key', () => {
    const key = 'rk_live_a"b\\c_0123456789wxyz';
    const text = `raw ${key} json ${JSON.stringify({ k: key })}`;
    const out = redactSecrets(text, [key]);
    expect(out).toBe('raw rk_live_…wxyz json {"k":"rk_live_…wxyz"}');
    expect(redactSecrets('keys look like rk_live_…', ['rk_live'])).toBe('keys look like rk_live_…');
  });
});
