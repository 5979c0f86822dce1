import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { Chalk } from 'chalk';
import { relative, renderSession, span, when } from '../../src/cli/output/session-view.js';
import { scriptedClient, testContext } from '../helpers/context.js';

const NOW = Date.parse('2026-04-20T16:30:00.000Z');
const env = { REVKEEN_API_KEY: 'rk_sandbox_session_view_1f2e3d4c', REVKEEN_BASE_URL: 'http://127.0.0.1:9/v2', NO_COLOR: '1' };

async function show(session: Record<string, unknown>, ...flags: string[]) {
  const { ctx, stdout, stderr } = testContext({ env, client: scriptedClient({ get: () => session }) });
  ctx.now = () => NOW;
  const code = await main(['sessions', 'get', String(session.id ?? 'cs_1'), ...flags], ctx);
  return { code, stdout: stdout(), stderr: stderr() };
}

describe('one session, as a person reads it', () => {
  it('shows every field it has, labels aligned, expiry absolute and relative', async () => {
    const r = await show({
      id: 'cs_1',
      status: 'open',
      amountMinor: 1250,
      currency: 'USD',
      invoiceId: 'inv_9',
      allowedMethods: ['card', 'in_store'],
      expiresAt: '2026-04-21T15:30:00.000Z',
      url: 'https://pay.revkeen.com/p/rvk_cs_1',
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'ID:      cs_1',
        'Status:  open',
        'Amount:  12.50 USD',
        'Invoice: inv_9',
        'Methods: card, in_store',
        'Expires: 2026-04-21 15:30 UTC (in 23 h)',
        'URL:     https://pay.revkeen.com/p/rvk_cs_1',
        '',
      ].join('\n'),
    );
  });

  it('an expired session says when it expired; a product and the method it was paid with show too', async () => {
    const expired = await show({ id: 'cs_2', status: 'expired', currency: 'JPY', expiresAt: '2026-04-22T00:00:00.000Z', expiredAt: '2026-04-20T16:20:00.000Z' });
    expect(expired.stdout).toBe('ID:       cs_2\nStatus:   expired\nCurrency: JPY\nExpired:  2026-04-20 16:20 UTC (10 min ago)\n');
    const paid = await show({ id: 'cs_3', status: 'complete', amountMinor: 12345, currency: 'KWD', productId: 'prod_1', selectedMethod: 'card' });
    expect(paid.stdout).toBe('ID:        cs_3\nStatus:    complete\nAmount:    12.345 KWD\nProduct:   prod_1\nPaid with: card\n');
  });

  it('an expired session without expiredAt shows its expiresAt; a session without a status is open', async () => {
    const r = await show({ id: 'cs_4', status: 'expired', expiresAt: '2026-04-20T16:29:59.500Z' });
    expect(r.stdout).toBe('ID:      cs_4\nStatus:  expired\nExpired: 2026-04-20 16:29 UTC (just now)\n');
    expect((await show({ id: 'cs_5' })).stdout).toBe('ID:     cs_5\nStatus: open\n');
  });

  it('makes every server string printable', async () => {
    const r = await show({ id: 'cs_6', status: 'open\u001b[2J', currency: 'USD', invoiceId: 'inv\u0007', url: 'https://pay.example/\u001b]52;c;eA==\u0007', expiresAt: 'soon\u001b' });
    expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(r.stdout).toContain('Status:   open\uFFFD[2J');
    expect(r.stdout).toContain('Expires:  soon\uFFFD');
  });

  it('--url-only prints the URL alone; --raw the body as it came', async () => {
    const session = { id: 'cs_7', status: 'open', url: 'https://pay.revkeen.com/p/7', amount_total: 5 };
    expect((await show(session, '--url-only')).stdout).toBe('https://pay.revkeen.com/p/7\n');
    expect(JSON.parse((await show(session, '--raw')).stdout)).toEqual({ data: session, requestId: 'req_cs_7' });
  });

  it.each([
    [['--url-only', '--json'], '--url-only prints the URL alone: leave out -o, --json and --raw'],
    [['--url-only', '--raw'], '--url-only prints the URL alone: leave out -o, --json and --raw'],
    [['--raw', '-o', 'yaml'], "--raw prints the API's JSON body as it came: leave out -o yaml"],
  ])('%j is a usage error, exit 2', async (flags, message) => {
    const r = await show({ id: 'cs_8', url: 'https://pay.revkeen.com/p/8' }, ...flags);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('--url-only for a session without a URL is exit 1', async () => {
    const r = await show({ id: 'cs_9', status: 'open' }, '--url-only');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('The API returned session cs_9 without a url');
  });
});

describe('spans of time', () => {
  it.each([
    [0, 'just now'],
    [999, 'just now'],
    [-999, 'just now'],
    [1000, 'in 1 s'],
    [-1000, '1 s ago'],
    [59_499, 'in 59 s'],
    [60_000, 'in 1 min'],
    [3_599_999, 'in 60 min'],
    [3_600_000, 'in 1 h'],
    [172_799_999, 'in 48 h'],
    [172_800_000, 'in 2 d'],
    [-3 * 86_400_000, '3 d ago'],
  ])('%d ms is %j', (ms, words) => expect(relative(ms)).toBe(words));

  it('span is the same for both signs', () => expect(span(-90_000)).toBe(span(90_000)));
  it('a time that does not parse is shown as it came', () => expect(when('tomorrow', NOW)).toBe('tomorrow'));
});

describe('status colours and which expiry is shown', () => {
  const style = new Chalk({ level: 1 });
  it.each([
    ['open', '\x1b[36mopen\x1b[39m'],
    ['pending', '\x1b[33mpending\x1b[39m'],
    ['complete', '\x1b[32mcomplete\x1b[39m'],
    ['completed', '\x1b[32mcompleted\x1b[39m'],
    ['expired', '\x1b[90mexpired\x1b[39m'],
    ['refunded', '\x1b[37mrefunded\x1b[39m'],
  ])('%s is drawn as %j', (status, drawn) => {
    expect(renderSession({ id: 'cs_1', status }, style, NOW)).toContain(`Status: ${drawn}\n`);
  });

  it('an open session shows when it expires, even if the server also sent an expiredAt', () => {
    const text = renderSession({ id: 'cs_1', status: 'open', expiresAt: '2026-04-21T16:30:00Z', expiredAt: '2026-04-20T10:00:00Z' }, style, NOW);
    expect(text).toContain('Expires: 2026-04-21 16:30 UTC (in 24 h)\n');
  });
});
