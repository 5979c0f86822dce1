import { describe, expect, it } from 'vitest';
import { normalizeSession } from '../../src/client/session.js';
import { maskKey } from '../../src/client/api-key.js';
import { normalizeBaseUrl, defaultBaseUrl } from '../../src/client/base-url.js';
import { parseErrorBody } from '../../src/client/errors.js';

describe('reading sessions in either spelling', () => {
  it('reads the create response (camelCase)', () => {
    const s = normalizeSession({ id: 'cs_1', url: 'https://x', publicToken: 't', expiresAt: 'E', allowedMethods: ['card'], amountMinor: 5, currency: 'USD' });
    expect(s).toMatchObject({ id: 'cs_1', publicToken: 't', expiresAt: 'E', allowedMethods: ['card'], amountMinor: 5 });
  });

  it('reads the retrieve response (snake_case)', () => {
    const s = normalizeSession({ id: 'cs_1', expires_at: 'E', allowed_methods: ['in_store'], amount_total: 700, success_url: 'S', invoice_id: 'inv_1' });
    expect(s).toMatchObject({ expiresAt: 'E', allowedMethods: ['in_store'], amountMinor: 700, successUrl: 'S', invoiceId: 'inv_1' });
  });

  it('reads the guide’s example, which mixes both', () => {
    const s = normalizeSession({
      id: 'cs_123',
      url: 'https://pay.revkeen.com/p/rvk_cs_example',
      status: 'open',
      publicToken: 'rvk_cs_example',
      currency: 'USD',
      allowed_methods: ['card'],
      expires_at: '2026-04-21T15:30:00Z',
    });
    expect(s).toEqual({
      id: 'cs_123',
      url: 'https://pay.revkeen.com/p/rvk_cs_example',
      status: 'open',
      publicToken: 'rvk_cs_example',
      currency: 'USD',
      allowedMethods: ['card'],
      expiresAt: '2026-04-21T15:30:00Z',
    });
  });
});

describe('error bodies', () => {
  it('reads all three documented shapes', () => {
    expect(parseErrorBody({ error: 'plain' })).toEqual({ message: 'plain', code: undefined });
    expect(parseErrorBody({ error: { type: 't', code: 'idempotency_conflict', message: 'm', param: 'p' } })).toMatchObject({
      code: 'idempotency_conflict',
      message: 'm',
      param: 'p',
    });
    expect(parseErrorBody({ message: 'top' })).toEqual({ message: 'top', code: undefined });
    expect(parseErrorBody('<html>')).toEqual({});
  });
});

describe('keys and base URLs', () => {
  it('masks keys to prefix and last four', () => {
    expect(maskKey('rk_live_abcdefghijklmnopwxyz')).toBe('rk_live_…wxyz');
    expect(maskKey('rk_sandbox_0123456789abcdef')).toBe('rk_sandbox_…cdef');
    // Too short to show a tail: hidden whole, the prefix too.
    expect(maskKey('rk_live_short')).toBe('[key hidden]');
    expect(maskKey('rk_sandbox_abcdefghijk')).toBe('[key hidden]');
    expect(maskKey('rk_sandbox_abcdefghijkl')).toBe('rk_sandbox_…ijkl');
    expect(maskKey('rk_test_0123456789ab')).toBe('rk_test_…89ab');
    expect(maskKey('secret')).toBe('[key hidden]');
    expect(maskKey('sk_other_0123456789abcdef')).toBe('…cdef');
  });

  it('treats a base URL with or without /v2 alike', () => {
    for (const u of ['https://h.example', 'https://h.example/', 'https://h.example/v2', 'https://h.example/v2/']) {
      expect(normalizeBaseUrl(u)).toBe('https://h.example/v2');
    }
  });

  it('sends sandbox keys to staging and others to production', () => {
    expect(defaultBaseUrl('rk_sandbox_x')).toBe('https://staging-api.revkeen.com/v2');
    expect(defaultBaseUrl('rk_live_x')).toBe('https://api.revkeen.com/v2');
  });
});
