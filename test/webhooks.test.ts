import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidOptionsError, WebhookSignatureError, signWebhook, verifyWebhook, type WebhookFailure } from '../src/index.js';

const SECRET = 'whsec_test_secret_0123456789';
const NOW = Date.parse('2026-11-23T12:00:00Z');
const T = NOW / 1000;
const body = JSON.stringify({ id: 'evt_1', type: 'checkout.session.completed', created: T, livemode: false, data: { object: { id: 'cs_1', status: 'complete' } } });
/** The signature as the official document defines it, computed here independently of the code under test. */
const v1 = (t: number | string, raw: string | Buffer, secret = SECRET) => createHmac('sha256', secret).update(`${t}.${raw}`).digest('hex');

const reasonOf = (fn: () => unknown): WebhookFailure | 'accepted' | 'other' => {
  try {
    fn();
    return 'accepted';
  } catch (error) {
    return error instanceof WebhookSignatureError ? error.reason : 'other';
  }
};

describe('verifyWebhook', () => {
  it('accepts a delivery signed as the document says, string or Buffer, and returns the typed event', () => {
    const header = `t=${T},v1=${v1(T, body)}`;
    expect(signWebhook(body, SECRET, T)).toBe(header);
    const event = verifyWebhook<{ id: string; status: string }>(body, header, SECRET, { now: NOW });
    expect(event.data.object).toEqual({ id: 'cs_1', status: 'complete' });
    expect(verifyWebhook(Buffer.from(body), header, SECRET, { now: NOW }).id).toBe('evt_1');
    expect(verifyWebhook(body, [header], SECRET, { now: NOW }).type).toBe('checkout.session.completed');
  });

  it('refuses a tampered body, a wrong secret, and a signature for another time', () => {
    const header = `t=${T},v1=${v1(T, body)}`;
    expect(reasonOf(() => verifyWebhook(body.replace('complete"', 'expired"'), header, SECRET, { now: NOW }))).toBe('no_matching_signature');
    expect(reasonOf(() => verifyWebhook(`${body} `, header, SECRET, { now: NOW }))).toBe('no_matching_signature');
    expect(reasonOf(() => verifyWebhook(body, header, `${SECRET}x`, { now: NOW }))).toBe('no_matching_signature');
    expect(reasonOf(() => verifyWebhook(body, `t=${T + 1},v1=${v1(T, body)}`, SECRET, { now: NOW }))).toBe('no_matching_signature');
  });

  it('refuses stale and future timestamps beyond the tolerance, and keeps to the tolerance given', () => {
    for (const [offset, tolerance, reason] of [
      [-301, 300, 'timestamp_outside_tolerance'],
      [301, 300, 'timestamp_outside_tolerance'],
      [-300, 300, 'accepted'],
      [299, 300, 'accepted'],
      [-31, 30, 'timestamp_outside_tolerance'],
      [-3600, 7200, 'accepted'],
    ] as const) {
      const t = T + offset;
      expect(reasonOf(() => verifyWebhook(body, `t=${t},v1=${v1(t, body)}`, SECRET, { now: NOW, toleranceSeconds: tolerance })), `${offset}/${tolerance}`).toBe(reason);
    }
  });

  it('accepts any one matching v1 among several (a rotated secret), in any place', () => {
    const good = v1(T, body);
    const old = v1(T, body, 'whsec_old');
    expect(verifyWebhook(body, `t=${T},v1=${old},v1=${good}`, SECRET, { now: NOW }).id).toBe('evt_1');
    expect(verifyWebhook(body, `v1=${good}, t=${T} ,v0=abc,v1=${old}`, SECRET, { now: NOW }).id).toBe('evt_1');
    expect(verifyWebhook(body, `t=${T},v1=${old},v1=${good}`, 'whsec_old', { now: NOW }).id).toBe('evt_1');
  });

  it('is length-safe: short, long and odd v1 values are never compared, never crash', () => {
    const good = v1(T, body);
    for (const bad of [good.slice(0, 63), `${good}0`, good.slice(0, 2), 'zz'.repeat(32), '']) {
      expect(reasonOf(() => verifyWebhook(body, `t=${T},v1=${bad}`, SECRET, { now: NOW })), bad).toBe('malformed_header');
      expect(reasonOf(() => verifyWebhook(body, `t=${T},v1=${bad},v1=${good}`, SECRET, { now: NOW }))).toBe('accepted');
    }
  });

  it('names a malformed header of every shape as such', () => {
    const good = v1(T, body);
    for (const header of [undefined, '', '   ', 'garbage', `v1=${good}`, `t=${T}`, `t=,v1=${good}`, `t=abc,v1=${good}`, `t=${T},t=${T},v1=${good}`, `t=-5,v1=${good}`, `t=${T},=x,v1=${good}`, `t=${T};v1=${good}`]) {
      expect(reasonOf(() => verifyWebhook(body, header, SECRET, { now: NOW })), String(header)).toBe('malformed_header');
    }
  });

  it('refuses a correctly signed body that is not an event', () => {
    for (const raw of ['not json', '[]', '{"id":"evt_1"}', 'null']) {
      expect(reasonOf(() => verifyWebhook(raw, `t=${T},v1=${v1(T, raw)}`, SECRET, { now: NOW })), raw).toBe('malformed_payload');
    }
  });

  it('refuses to check without a secret or with a nonsense tolerance', () => {
    expect(() => verifyWebhook(body, `t=${T},v1=${v1(T, body)}`, '')).toThrow(InvalidOptionsError);
    expect(() => verifyWebhook(body, `t=${T},v1=${v1(T, body)}`, SECRET, { toleranceSeconds: NaN })).toThrow(InvalidOptionsError);
  });

  it('against an oracle: a header built from known parts verifies exactly when a part is the right signature', () => {
    const part = fc.oneof(
      fc.constant('good'),
      fc.constant('wrong-secret'),
      fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 }).map((h) => `hex:${h}`),
      fc.constant('v0'),
    );
    fc.assert(
      fc.property(fc.array(part, { maxLength: 4 }), fc.integer({ min: -1000, max: 1000 }), fc.boolean(), (parts, offset, timestampFirst) => {
        const t = T + offset;
        const values = parts.map((p) =>
          p === 'good' ? `v1=${v1(t, body)}` : p === 'wrong-secret' ? `v1=${v1(t, body, 'whsec_other')}` : p === 'v0' ? `v0=${v1(t, body)}` : `v1=${p.slice(4)}`,
        );
        const header = (timestampFirst ? [`t=${t}`, ...values] : [...values, `t=${t}`]).join(',');
        const hasV1 = parts.some((p) => p !== 'v0');
        const expected = !hasV1
          ? 'malformed_header'
          : !parts.includes('good')
            ? 'no_matching_signature'
            : Math.abs(offset) > 300
              ? 'timestamp_outside_tolerance'
              : 'accepted';
        expect(reasonOf(() => verifyWebhook(body, header, SECRET, { now: NOW }))).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('never accepts, and never throws anything but its own error, for arbitrary headers and bodies', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.string({ maxLength: 200 }), (header, raw) => {
        const result = reasonOf(() => verifyWebhook(raw, header, SECRET, { now: NOW }));
        expect(result).not.toBe('accepted');
        expect(result).not.toBe('other');
      }),
      { numRuns: 500 },
    );
  });
});

describe('verifyWebhook says exactly what is wrong', () => {
  const good = v1(T, body);
  const refusal = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      const e = error as WebhookSignatureError;
      return [e.constructor.name, e.reason ?? null, e.code ?? null, e.message];
    }
    return 'accepted';
  };
  it.each([
    [undefined, 'malformed_header', 'No X-Revkeen-Signature header'],
    [' \t ', 'malformed_header', 'No X-Revkeen-Signature header'],
    [`t=${T},garbage`, 'malformed_header', 'X-Revkeen-Signature has a part that is not key=value'],
    [`t=${T},t=${T},v1=${good}`, 'malformed_header', 'X-Revkeen-Signature needs exactly one t=<unix seconds>'],
    [`t=${T}x,v1=${good}`, 'malformed_header', 'X-Revkeen-Signature needs exactly one t=<unix seconds>'],
    [`t=x${T},v1=${good}`, 'malformed_header', 'X-Revkeen-Signature needs exactly one t=<unix seconds>'],
    [`v1=${good}`, 'malformed_header', 'X-Revkeen-Signature has no t=<unix seconds>'],
    [`t=${T},v1=g${good.slice(1)}`, 'malformed_header', 'X-Revkeen-Signature has no v1 signature'],
    [`t=${T},v1=${good.slice(0, -1)}g`, 'malformed_header', 'X-Revkeen-Signature has no v1 signature'],
    [`t=${T},v1=${v1(T, body, 'whsec_other')}`, 'no_matching_signature', 'No signature matches this body and secret'],
  ])('%s: %s', (header, reason, message) => {
    expect(refusal(() => verifyWebhook(body, header, SECRET, { now: NOW }))).toEqual(['WebhookSignatureError', reason, reason, message]);
  });

  it('a time outside the tolerance says how far, and what is allowed; the edge itself is allowed', () => {
    const old = T - 400;
    expect(refusal(() => verifyWebhook(body, `t=${old},v1=${v1(old, body)}`, SECRET, { now: NOW }))).toEqual([
      'WebhookSignatureError',
      'timestamp_outside_tolerance',
      'timestamp_outside_tolerance',
      "The signature's time is 400 s from now, more than the 300 s allowed",
    ]);
    const edge = T - 300;
    expect(refusal(() => verifyWebhook(body, `t=${edge},v1=${v1(edge, body)}`, SECRET, { now: NOW }))).toBe('accepted');
    expect(refusal(() => verifyWebhook(body, `t=${T},v1=${good}`, SECRET, { now: NOW, toleranceSeconds: 0 }))).toBe('accepted');
  });

  it.each([
    ['not json', 'The signed body is not JSON'],
    ['"a string"', 'The signed body is not a webhook event'],
    ['{"id":"evt_1","data":{}}', 'The signed body is not a webhook event'],
    ['{"type":"x","data":{}}', 'The signed body is not a webhook event'],
    ['{"id":"evt_1","type":"x"}', 'The signed body is not a webhook event'],
    ['{"id":"evt_1","type":"x","data":null}', 'The signed body is not a webhook event'],
    ['{"id":"evt_1","type":"x","data":"s"}', 'The signed body is not a webhook event'],
  ])('a signed body %s: %s', (raw, message) => {
    expect(refusal(() => verifyWebhook(raw, `t=${T},v1=${v1(T, raw)}`, SECRET, { now: NOW }))).toEqual(['WebhookSignatureError', 'malformed_payload', 'malformed_payload', message]);
  });

  it('a signature header given as several values is read as one', () => {
    expect(verifyWebhook(body, [`t=${T}`, `v1=${good}`], SECRET, { now: NOW }).id).toBe('evt_1');
  });

  it('options it cannot work with are the caller’s mistake, said as such', () => {
    expect(refusal(() => verifyWebhook(body, `t=${T},v1=${good}`, ''))).toEqual(['InvalidOptionsError', null, null, 'verifyWebhook needs the endpoint’s secret']);
    expect(refusal(() => verifyWebhook(body, `t=${T},v1=${good}`, undefined as unknown as string))).toEqual(['InvalidOptionsError', null, null, 'verifyWebhook needs the endpoint’s secret']);
    expect(refusal(() => verifyWebhook(body, `t=${T},v1=${good}`, SECRET, { toleranceSeconds: -1 }))).toEqual([
      'InvalidOptionsError',
      null,
      null,
      'toleranceSeconds must be a number of seconds, not -1',
    ]);
  });
});

