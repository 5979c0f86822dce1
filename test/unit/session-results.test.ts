import { describe, expect, it } from 'vitest';
import { ConflictError, ConnectionError, NotFoundError } from '../../src/client/errors.js';
import { expireOne, failed, previewExpiry } from '../../src/cli/commands/sessions/session-results.js';
import { scriptedClient } from '../helpers/context.js';

const never = new AbortController().signal;

describe('what a failure means for one ID', () => {
  it.each([
    ['ECONNREFUSED', 'error'],
    ['ENOTFOUND', 'error'],
    ['EAI_AGAIN', 'error'],
    ['ENETUNREACH', 'error'],
    ['EHOSTUNREACH', 'error'],
    ['ECONNRESET', 'unknown'],
    [undefined, 'unknown'],
  ])('a connection failure %s: %s (could the server have acted on it?)', async (code, outcome) => {
    const client = scriptedClient({ expire: () => Promise.reject(new ConnectionError('no', { code })) });
    expect((await expireOne(client, 'cs_1', 1, never)).outcome).toBe(outcome);
  });

  it('an idempotency conflict is an error, with no look-up', async () => {
    const client = scriptedClient({ expire: () => Promise.reject(new ConflictError('reused key', { status: 409, code: 'idempotency_conflict', requestId: 'req_9' })) });
    const r = await expireOne(client, 'cs_1', 3, never);
    expect([r.ok, r.outcome, r.message, r.requestId, r.index]).toEqual([false, 'error', 'reused key', 'req_9', 3]);
    expect(client.calls.map((c) => c.method)).toEqual(['expire']);
  });

  it('a 409 on a session that is paid: not expirable, with the session looked up (the look-up is passed the signal)', async () => {
    const signals: (AbortSignal | undefined)[] = [];
    const client = scriptedClient({
      expire: () => Promise.reject(new ConflictError('cannot', { status: 409 })),
      get: (id, signal) => (signals.push(signal), { id, status: 'complete' }),
    });
    const r = await expireOne(client, 'cs_1', 1, never);
    expect([r.ok, r.outcome, r.message, r.session?.status]).toEqual([false, 'not_expirable', 'cannot', 'complete']);
    expect(signals).toEqual([never]);
  });

  it('a 409 whose look-up fails too is still not expirable, in the 409’s words', async () => {
    const client = scriptedClient({
      expire: () => Promise.reject(new ConflictError('cannot', { status: 409 })),
      get: () => Promise.reject(new NotFoundError('gone', { status: 404 })),
    });
    const r = await expireOne(client, 'cs_1', 1, never);
    expect([r.ok, r.outcome, r.message, r.session]).toEqual([false, 'not_expirable', 'cannot', undefined]);
  });

  it('a failure that is not an Error is said as a string', () => {
    expect(failed('cs_1', 1, 'error', 'plain')).toMatchObject({ message: 'plain', requestId: undefined });
  });
});

describe('a dry run says what would happen', () => {
  it.each([
    ['open', true, 'expired', 'Would be expired (dry run: nothing was sent)'],
    ['pending', true, 'expired', 'Would be expired (dry run: nothing was sent)'],
    ['expired', true, 'already_expired', undefined],
    ['complete', false, 'not_expirable', 'Checkout session cs_1 is complete; only open or pending sessions can be expired'],
    [undefined, false, 'not_expirable', 'Checkout session cs_1 is in an unknown status; only open or pending sessions can be expired'],
  ])('a session that is %s: ok %s, %s', async (status, ok, outcome, message) => {
    const client = scriptedClient({ get: (id) => ({ id, status }) });
    const r = await previewExpiry(client, 'cs_1', 1, never);
    expect([r.ok, r.outcome, r.message]).toEqual([ok, outcome, message]);
    expect(client.calls.map((c) => c.method)).toEqual(['get']);
  });
});
