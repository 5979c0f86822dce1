import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { BatchSummary, GROUP_LIMIT, type BatchWords } from '../../src/cli/commands/sessions/batch-summary.js';
import type { SessionResult } from '../../src/cli/commands/sessions/session-results.js';

const plain = new Chalk({ level: 0 });
const words: BatchWords = { headline: (ok, total) => `${ok} of ${total} done`, failure: () => 'failed', labels: {} };
const result = (index: number, extra: Partial<SessionResult>): SessionResult => ({ id: `cs_${index}`, index, ok: true, outcome: 'expired', ...extra });

describe('counting', () => {
  it('what was not sent is not done; what failed is counted as failed', () => {
    const s = new BatchSummary(false);
    s.add(result(1, {}));
    s.add(result(2, { ok: false, outcome: 'not_sent' }));
    s.add(result(3, { ok: false, outcome: 'error', message: 'x' }));
    expect([s.done, s.failed]).toEqual([2, 2]);
  });

  it('keeps nothing for a report when asked not to', () => {
    const s = new BatchSummary(false);
    s.add(result(1, {}));
    expect(s.report(plain, words, 1, 0, undefined)).toBe('✓ 1 of 1 done\n');
  });
});

describe('the report', () => {
  it(`lists ${GROUP_LIMIT} IDs of a group, then says how many more`, () => {
    const exactly = new BatchSummary(true);
    for (let i = 1; i <= GROUP_LIMIT; i++) exactly.add(result(i, {}));
    expect(exactly.report(plain, words, GROUP_LIMIT, 0, undefined)).not.toContain('more');
    const over = new BatchSummary(true);
    for (let i = 1; i <= GROUP_LIMIT + 1; i++) over.add(result(i, {}));
    expect(over.report(plain, words, GROUP_LIMIT + 1, 0, undefined)).toContain(`  cs_${GROUP_LIMIT}\n  … and 1 more (-o json lists every one)\n`);
  });

  it('says why a session was not expirable, and what an error said, with its request ID', () => {
    const s = new BatchSummary(true);
    s.add(result(2, { ok: false, outcome: 'not_expirable', session: { id: 'cs_2', status: 'complete' } }));
    s.add(result(1, { ok: false, outcome: 'not_expirable' }));
    s.add(result(3, { ok: false, outcome: 'error', message: 'HTTP 500', requestId: 'req_3' }));
    s.add(result(4, { ok: false, outcome: 'unknown', message: 'no answer' }));
    expect(s.report(plain, words, 4, 1, 'interrupted (Ctrl-C)')).toBe(
      '✗ 0 of 4 done\nStopped early: interrupted (Ctrl-C)\n1 duplicate line was skipped: each ID is used once\n' +
        'Not expirable (2):\n  cs_1\n  cs_2 (complete)\nErrors (1):\n  cs_3: HTTP 500 (request req_3)\n' +
        'Unknown (sent, no answer: running again is safe and will tell) (1):\n  cs_4: no answer\n',
    );
  });
});

describe('the table', () => {
  it('shows status (or the outcome), amount, expiry without the Z or milliseconds, and the URL or what went wrong', () => {
    const s = new BatchSummary(true);
    s.add(result(1, { outcome: 'found', session: { id: 'cs_1', status: 'open', amountMinor: 1250, currency: 'EUR', expiresAt: '2026-12-01T10:00:00.000Z', url: 'https://p.example/1' } }));
    s.add(result(2, { outcome: 'found', session: { id: 'cs_2', expiresAt: '2026-12-01T10:00:00Z' } }));
    s.add(result(3, { ok: false, outcome: 'not_found', message: 'No such checkout session' }));
    const text = s.table(plain, words, 3, 0, undefined, 120);
    expect(text).toBe(
      'ID    STATUS     AMOUNT     EXPIRES (UTC)        URL\n' +
        'cs_1  open       12.50 EUR  2026-12-01 10:00:00  https://p.example/1\n' +
        'cs_2  unknown               2026-12-01 10:00:00\n' +
        'cs_3  not found                                  No such checkout session\n\n' +
        '✗ 2 of 3 done\nopen: 1, unknown: 1, not found: 1\n',
    );
  });

  it('cuts a URL to the room left, with an ellipsis; one that fits exactly is whole', () => {
    const url = (n: number) => `https://p.example/${'x'.repeat(n - 18)}`;
    const table = (u: string, width: number) => {
      const s = new BatchSummary(true);
      s.add(result(1, { outcome: 'found', session: { id: 'cs_1', status: 'open', url: u } }));
      return s.table(plain, words, 1, 0, undefined, width).split('\n')[1];
    };
    // ID(4) STATUS(6) AMOUNT(6) EXPIRES(13), each and its gap: 37 columns before the URL.
    expect(table(url(30), 67)).toBe(`${'cs_1  open'.padEnd(37)}${url(30)}`);
    expect(table(url(31), 67)).toBe(`${'cs_1  open'.padEnd(37)}${url(31).slice(0, 29)}…`);
  });
});
