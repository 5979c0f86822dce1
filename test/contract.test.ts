import { existsSync, readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCreateParams } from '../src/cli/commands/sessions/create.js';
import { RevKeen } from '../src/index.js';
import { PAYMENT_METHODS } from '../src/client/session.js';
import type { MockServer } from '../src/mock/server.js';
import { startMock } from './helpers/servers.js';
// @ts-expect-error: a plain script without types
import { trimContract } from '../scripts/trim-contract.js';

const contractUrl = new URL('../contract/checkout-sessions.json', import.meta.url);
const contract = JSON.parse(readFileSync(contractUrl, 'utf8'));
const ajv = new Ajv2020({ strict: false, allErrors: true });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
ajv.addSchema(contract, 'contract');

/** Validates against a named schema of RevKeen's document; returns ajv's complaints. */
function problems(schema: string, value: unknown): string[] {
  const validate = ajv.getSchema(`contract#/components/schemas/${schema}`);
  if (!validate) throw new Error(`no schema ${schema}`);
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

const KEY = 'rk_sandbox_contract_0123456789';
const uuid = () => crypto.randomUUID();
let mock: MockServer;
beforeAll(async () => {
  mock = await startMock();
});
afterAll(() => mock.close());

describe('the trimmed contract', () => {
  const official = new URL('../../shared/revkeen-openapi.yaml', import.meta.url);
  it.runIf(existsSync(official))('matches the official OpenAPI document it was cut from', () => {
    const fresh = trimContract(parse(readFileSync(official, 'utf8')));
    expect(fresh).toEqual(contract);
  });

  it('holds the three checkout-session operations', () => {
    expect(Object.keys(contract.paths).sort()).toEqual(['/checkout-sessions', '/checkout-sessions/{id}', '/checkout-sessions/{id}/expire']);
    expect(contract.paths['/checkout-sessions'].post.operationId).toBe('checkout_sessions_create');
  });
});

describe('what the CLI sends validates against CreateCheckoutSessionInput', () => {
  const decimal = fc.tuple(fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 0, max: 99 })).map(([a, b]) => `${a}.${String(b).padStart(2, '0')}`);
  const source = fc.oneof(
    fc.constant({}).map(() => ({ invoice: uuid() })),
    fc.constant({}).map(() => ({ product: uuid() })),
    decimal.filter((d) => Number(d) > 0).map((amount) => ({ amount, currency: 'EUR' })),
    fc.integer({ min: 1, max: 2 ** 40 }).map((n) => ({ amountMinor: String(n) })),
  );
  const options = fc.record(
    {
      successUrl: fc.webUrl({ validSchemes: ['https'] }),
      cancelUrl: fc.webUrl({ validSchemes: ['https', 'http'] }),
      method: fc.subarray([...PAYMENT_METHODS], { minLength: 1 }).map((m) => [m.join(',')]),
    },
    { requiredKeys: [] },
  );

  it('for any valid combination of flags', () => {
    fc.assert(
      fc.property(source, options, (src, opts) => {
        const params = buildCreateParams({ ...src, ...opts });
        expect(problems('CreateCheckoutSessionInput', params)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('with a companion device, as the document’s own example sends it', () => {
    const params = buildCreateParams({ invoice: uuid(), method: ['in_store'], companionDevice: '046b6c7f-0b8a-43b9-b35d-6489e6daee91' });
    expect(problems('CreateCheckoutSessionInput', params)).toEqual([]);
  });
});

describe('the mock answers as the document says', () => {
  const client = () => new RevKeen({ apiKey: KEY, baseUrl: mock.baseUrl });
  const raw = async (method: string, path: string, key: string | null = KEY, body?: unknown) => {
    const r = await fetch(`${mock.baseUrl}${path}`, {
      method,
      headers: { ...(key ? { 'x-api-key': key } : {}), 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: r.status, body: (await r.json()) as { data: { id: string } } };
  };

  it('201 create, 200 retrieve and 200 expire bodies validate', async () => {
    const created = await client().checkoutSessions.create({ invoiceId: uuid(), successUrl: 'https://example.com/s', allowedMethods: ['card'] });
    expect(problems('CheckoutSessionCreateResponse', created.body)).toEqual([]);
    const got = await client().checkoutSessions.get(created.data.id);
    expect(problems('CheckoutSessionRetrieveResponse', got.body)).toEqual([]);
    const custom = await client().checkoutSessions.create({ amountMinor: 500, currency: 'JPY' });
    expect(problems('CheckoutSessionRetrieveResponse', (await client().checkoutSessions.get(custom.data.id)).body)).toEqual([]);
    const expired = await client().checkoutSessions.expire(created.data.id);
    expect(problems('CheckoutSessionExpireResponse', expired.body)).toEqual([]);
    expect(problems('CheckoutSessionRetrieveResponse', (await client().checkoutSessions.get(created.data.id)).body)).toEqual([]);
  });

  it('error bodies validate: 400, 401, 404, 409', async () => {
    const bad = await raw('POST', '/checkout-sessions', KEY, { amountMinor: -1 });
    expect(bad.status).toBe(400);
    expect(problems('CheckoutSessionErrorResponse', bad.body)).toEqual([]);
    const anonymous = await raw('GET', `/checkout-sessions/${uuid()}`, null);
    expect(anonymous.status).toBe(401);
    expect(problems('products_list_401_response', anonymous.body)).toEqual([]);
    const missing = await raw('GET', `/checkout-sessions/${uuid()}`);
    expect(missing.status).toBe(404);
    expect(problems('products_list_401_response', missing.body)).toEqual([]);
    const created = await raw('POST', '/checkout-sessions', KEY, { productId: uuid() });
    await raw('POST', `/checkout-sessions/${created.body.data.id}/expire`);
    const conflict = await raw('POST', `/checkout-sessions/${created.body.data.id}/expire`);
    expect(conflict.status).toBe(409);
    expect(problems('products_list_401_response', conflict.body)).toEqual([]);
  });

  it('the contract catches a body that breaks it', () => {
    expect(problems('CheckoutSessionExpireResponse', { data: { id: uuid(), status: 'open' }, requestId: 'r' })).not.toEqual([]);
    expect(problems('CreateCheckoutSessionInput', { amountMinor: 12.5 })).not.toEqual([]);
  });
});
