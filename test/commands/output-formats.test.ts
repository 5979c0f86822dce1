import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ConflictError, NotFoundError } from '../../src/client/errors.js';
import { RESULT_COLUMNS, SESSION_COLUMNS, createResultStream, csvCell, renderDocument } from '../../src/cli/output/formats.js';
import { RESULT_FIELDS, SESSION_FIELDS } from '../../src/cli/output/public-schema.js';
import { runInProcess, scriptedClient } from '../helpers/context.js';

const env = { REVKEEN_API_KEY: 'rk_sandbox_formats_0123456789ab', REVKEEN_BASE_URL: 'http://127.0.0.1:9/v2' };

/** The create endpoint's camelCase, and the retrieve endpoint's snake_case, of the same session. */
const created = {
  id: 'cs_1',
  url: 'https://pay.example/p/rvk_cs_1',
  publicToken: 'rvk_cs_1',
  status: 'open',
  amountMinor: 1250,
  currency: 'USD',
  allowedMethods: ['card', 'pay_by_bank'],
  expiresAt: '2030-01-01T00:00:00.000Z',
  successUrl: 'https://shop.example/thanks?a=1,b="2"',
  invoiceId: 'inv_1',
};
const retrieved = {
  id: 'cs_1',
  object: 'checkout_session',
  url: 'https://pay.example/p/rvk_cs_1',
  status: 'open',
  amount_total: 1250,
  currency: 'USD',
  allowed_methods: ['card', 'pay_by_bank'],
  expires_at: '2030-01-01T00:00:00.000Z',
  success_url: 'https://shop.example/thanks?a=1,b="2"',
  invoice_id: 'inv_1',
  customer_id: null,
};

const client = () =>
  scriptedClient({
    create: () => created,
    get: (id) => {
      if (id === 'cs_gone') throw new NotFoundError(`No checkout session ${id}`, { status: 404, requestId: 'req_404' });
      if (id === 'cs_paid') return { ...retrieved, id, status: 'complete' };
      if (id === 'cs_done') return { ...retrieved, id, status: 'expired' };
      return { ...retrieved, id };
    },
    expire: (id) => {
      if (id === 'cs_gone') throw new NotFoundError(`No checkout session ${id}`, { status: 404, requestId: 'req_404' });
      if (id === 'cs_paid') throw new ConflictError('Checkout session cs_paid cannot be expired', { status: 409 });
      return { id, status: 'expired', expiredAt: '2026-11-23T12:00:00.000Z' };
    },
  });

describe('one output schema', () => {
  it('is pinned: these fields, in this order (a public promise: add, never rename or remove)', () => {
    expect([...SESSION_FIELDS]).toEqual([
      'id', 'status', 'url', 'amountMinor', 'currency', 'allowedMethods', 'selectedMethod', 'expiresAt', 'expiredAt',
      'createdAt', 'successUrl', 'cancelUrl', 'invoiceId', 'productId', 'customerId', 'publicToken', 'mode',
    ]);
    expect([...RESULT_FIELDS]).toEqual(['id', 'index', 'ok', 'outcome', 'session', 'message', 'requestId']);
  });

  it('create and get print the same session though the API spelled it two ways', async () => {
    const fromCreate = JSON.parse((await runInProcess(['sessions', 'create', '--invoice', 'inv_1', '--json'], { env, client: client() })).stdout);
    const fromGet = JSON.parse((await runInProcess(['sessions', 'get', 'cs_1', '--json'], { env, client: client() })).stdout);
    expect(Object.keys(fromCreate)).toEqual([...SESSION_FIELDS, 'requestId']);
    expect(fromGet).toEqual({ ...fromCreate, publicToken: null, customerId: null });
    expect(fromCreate).toMatchObject({ amountMinor: 1250, allowedMethods: ['card', 'pay_by_bank'], cancelUrl: null, requestId: 'req_cs_1' });
  });
});

describe('-o yaml and -o csv say the same as -o json', () => {
  for (const args of [
    ['sessions', 'create', '--invoice', 'inv_1'],
    ['sessions', 'get', 'cs_1'],
    ['sessions', 'expire', 'cs_1', '--yes'],
  ]) {
    it(`${args.slice(0, 2).join(' ')}: one session`, async () => {
      const json = JSON.parse((await runInProcess([...args, '-o', 'json'], { env, client: client() })).stdout);
      const yaml = parseYaml((await runInProcess([...args, '-o', 'yaml'], { env, client: client() })).stdout);
      expect(yaml).toEqual(json);
      const csv = (await runInProcess([...args, '-o', 'csv'], { env, client: client() })).stdout;
      expect(csv.endsWith('\r\n')).toBe(true);
      const [row] = parseCsv(csv, { columns: true }) as Record<string, string>[];
      for (const field of [...SESSION_FIELDS, 'requestId'] as const) {
        const value = json[field];
        expect(row[field], field).toBe(value === null ? '' : Array.isArray(value) ? value.join(' ') : String(value));
      }
    });
  }

  for (const [name, args, outcomes] of [
    ['get of many', ['sessions', 'get', 'cs_1', 'cs_gone', 'cs_paid'], ['found', 'not_found', 'found']],
    ['expire of many', ['sessions', 'expire', 'cs_1', 'cs_paid', 'cs_gone', '--yes'], ['expired', 'not_expirable', 'not_found']],
    ['a dry run', ['sessions', 'expire', 'cs_1', 'cs_paid', 'cs_gone', 'cs_done', '--dry-run'], ['expired', 'not_expirable', 'not_found', 'already_expired']],
  ] as const) {
    it(`${name}: results`, async () => {
      const json = await runInProcess([...args, '--json'], { env, client: client() });
      expect(json.code).toBe(1);
      // Streamed as each ID ends; `index` puts them back in the input's order.
      const results = (JSON.parse(json.stdout) as Record<string, unknown>[]).sort((a, b) => (a.index as number) - (b.index as number));
      expect(results.map((r) => r.outcome)).toEqual(outcomes);
      for (const r of results) expect(Object.keys(r).every((k) => (RESULT_FIELDS as readonly string[]).includes(k))).toBe(true);
      const yaml = await runInProcess([...args, '-o', 'yaml'], { env, client: client() });
      expect((parseYaml(yaml.stdout) as { index: number }[]).sort((a, b) => a.index - b.index)).toEqual(results);
      const csv = await runInProcess([...args, '-o', 'csv'], { env, client: client() });
      const rows = (parseCsv(csv.stdout, { columns: true }) as Record<string, string>[]).sort((a, b) => Number(a.index) - Number(b.index));
      expect(rows.map((r) => [r.index, r.id, r.ok, r.outcome])).toEqual(results.map((r) => [String(r.index), r.id, String(r.ok), r.outcome]));
      const first = results[0].session as Record<string, unknown>;
      expect(rows[0]['session.status']).toBe(first.status);
      expect(rows[0]['session.successUrl'] ?? '').toBe(first.successUrl ?? '');
      // Data on stdout in its format; the failure count on stderr, as a message.
      expect(csv.stderr).toMatch(/^Error: \d of \d sessions/);
    });
  }

});

describe('a dry run', () => {
  it('sends no expire request, asks nothing, and reads like the real report', async () => {
    const scripted = client();
    const r = await runInProcess(['sessions', 'expire', 'cs_1', 'cs_2', 'cs_paid', 'cs_done', 'cs_gone', '--dry-run'], { env, client: scripted });
    expect(scripted.calls.filter((c) => c.method === 'expire')).toEqual([]);
    expect(scripted.calls).toHaveLength(5);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        '✗ 3 of 5 sessions would be expired or are already expired (dry run: nothing was changed)',
        'Would expire (2):',
        '  cs_1',
        '  cs_2',
        'Already expired (1):',
        '  cs_done',
        'Not expirable (1):',
        '  cs_paid (complete)',
        'Not found (1):',
        '  cs_gone',
        '',
      ].join('\n'),
    );
  });
});

describe('many sessions at a glance', () => {
  it('a table in the input order, then counts by status; a single missing ID stays exit 4', async () => {
    const r = await runInProcess(['sessions', 'get', '--from-file', '-'], { env, client: client(), stdin: 'cs_paid\ncs_1\ncs_gone\ncs_1\n' });
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^ID\s+STATUS\s+AMOUNT\s+EXPIRES \(UTC\)\s+URL$/);
    expect(lines[1]).toMatch(/^cs_paid\s+complete\s+12\.50 USD\s+2030-01-01 00:00:00\s+https:\/\/pay\.example\/p\/rvk_cs_1$/);
    expect(lines[2]).toMatch(/^cs_1\s+open\s+/);
    expect(lines[3]).toMatch(/^cs_gone\s+not found\s+No checkout session cs_gone$/);
    expect(r.stdout).toContain('✗ 2 of 3 sessions found\n1 duplicate line was skipped: each ID is used once\ncomplete: 1, open: 1, not found: 1\n');
    const one = await runInProcess(['sessions', 'get', 'cs_gone'], { env, client: client() });
    expect(one.code).toBe(4);
  });

  it('shortens URLs to fit the terminal', async () => {
    const long = scriptedClient({ get: (id) => ({ ...retrieved, id, url: `https://pay.example/p/${'x'.repeat(200)}` }) });
    const r = await runInProcess(['sessions', 'get', 'cs_1', 'cs_2'], { env, client: long });
    for (const line of r.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
    expect(r.stdout).toContain('…');
  });
});

describe('CSV cells', () => {
  it('quote as RFC 4180 says, and never start a formula', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(['card', 'in_store'])).toBe('card in_store');
    expect(csvCell(1250)).toBe('1250');
    expect(csvCell(false)).toBe('false');
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
  });
});

describe('result documents, whole however many results there are', () => {
  const one = { id: 'cs_1', index: 1, ok: true, outcome: 'expired' } as never;
  const two = { id: 'cs_2', index: 2, ok: false, outcome: 'not_found', message: 'No such session' } as never;
  const written = async (format: 'json' | 'yaml' | 'csv', results: unknown[]) => {
    let text = '';
    const stream = await createResultStream(format, (t) => void (text += t));
    for (const r of results) stream.add(r as never);
    stream.end();
    return text;
  };

  it('JSON: [] when empty; one record a line, comma-separated, otherwise', async () => {
    expect(await written('json', [])).toBe('[]\n');
    expect(await written('json', [one, two])).toBe(`[\n  ${JSON.stringify(one)},\n  ${JSON.stringify(two)}\n]\n`);
  });

  it('YAML: [] when empty; a list item a result otherwise', async () => {
    expect(await written('yaml', [])).toBe('[]\n');
    expect(await written('yaml', [one])).toBe('- id: cs_1\n  index: 1\n  ok: true\n  outcome: expired\n');
  });

  it('CSV: the header row alone when empty', async () => {
    expect(await written('csv', [])).toBe(`${RESULT_COLUMNS.join(',')}\r\n`);
    expect(RESULT_COLUMNS.slice(0, 7)).toEqual(['index', 'id', 'ok', 'outcome', 'message', 'requestId', 'session.status']);
  });

  it('a session document in CSV: header and rows; empty cells for what is missing', async () => {
    const text = await renderDocument('csv', [{ id: 'cs_1', status: 'open' } as never]);
    const [header, row] = text.split('\r\n');
    expect(header).toBe(SESSION_COLUMNS.join(','));
    expect(row.split(',')).toHaveLength(SESSION_COLUMNS.length);
    expect(row.startsWith('cs_1,')).toBe(true);
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(0)).toBe('0');
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(['card', 'in_store'])).toBe('card in_store');
  });
});
