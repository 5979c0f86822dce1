import { formatMinor, minorUnitDigits } from '../currency.js';
import type { StoredSession } from './session-store.js';

/** What a person sees on the page, beyond the session's own status: they just cancelled, or a refusal. */
export type PageState = 'open' | 'paid' | 'expired' | 'cancelled';

export const METHOD_NAMES: Record<string, string> = {
  card: 'Card',
  in_store: 'In store',
  direct_debit: 'Direct Debit',
  pay_by_bank: 'Pay by bank',
};

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** "$12.50", "¥1,250", "KWD 12.345": the currency's own symbol and minor unit, exactly (no floating point). */
export function formatAmount(amountMinor: number, currency: string): string {
  const decimal = formatMinor(amountMinor, currency).split(' ')[0];
  try {
    const digits = minorUnitDigits(currency);
    const format = new Intl.NumberFormat('en', { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
    // A numeric string keeps every digit; a number could round a large amount.
    return format.format(decimal as unknown as number);
  } catch {
    return `${decimal} ${currency}`;
  }
}

/** "24 Nov 2026, 14:05 UTC (in 23 hours)" */
function expiry(at: number, now: number): string {
  const when = new Date(at).toLocaleString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
  });
  const minutes = Math.round((at - now) / 60_000);
  const relative =
    Math.abs(minutes) < 1 ? 'just now' : Math.abs(minutes) < 120 ? `${Math.abs(minutes)} min` : `${Math.round(Math.abs(minutes) / 60)} hours`;
  return `${when} UTC (${minutes >= 1 ? `in ${relative}` : minutes <= -1 ? `${relative} ago` : relative})`;
}

/** The state the page shows: the session's own, unless the customer has just cancelled an open one. */
export function pageState(session: StoredSession, cancelled: boolean): PageState {
  if (session.status === 'complete') return 'paid';
  if (session.status === 'expired') return 'expired';
  return cancelled ? 'cancelled' : 'open';
}

const STYLE = `
  :root { color-scheme: light; --ink: #1a1f36; --muted: #5b6477; --line: #e3e8ef; --brand: #4f46e5; --ok: #0f7b4a; --warn: #a15c07; }
  * { box-sizing: border-box; }
  body { margin: 0; min-height: 100vh; display: grid; place-items: start center; background: #f6f8fb;
         font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); }
  main { width: min(440px, 100%); margin: 48px 16px; background: #fff; border: 1px solid var(--line); border-radius: 12px;
         padding: 28px 24px; box-shadow: 0 8px 24px rgba(26, 31, 54, 0.06); }
  @media (max-width: 480px) { main { margin: 0; min-height: 100vh; border: 0; border-radius: 0; box-shadow: none; } }
  .merchant { margin: 0 0 4px; color: var(--muted); font-size: 14px; }
  h1 { margin: 0; font-size: 32px; letter-spacing: -0.02em; }
  .what { margin: 4px 0 20px; color: var(--muted); }
  .badge { display: inline-block; padding: 2px 10px; border-radius: 999px; font-size: 13px; font-weight: 600; }
  .badge.open { background: #eef2ff; color: var(--brand); }
  .badge.paid { background: #e7f6ee; color: var(--ok); }
  .badge.expired, .badge.cancelled { background: #fdf3e4; color: var(--warn); }
  fieldset { border: 0; margin: 0 0 20px; padding: 0; }
  legend { font-weight: 600; margin-bottom: 8px; }
  .method { display: flex; align-items: center; gap: 10px; padding: 12px 14px; border: 1px solid var(--line); border-radius: 8px;
            margin-bottom: 8px; cursor: pointer; min-height: 48px; }
  .method:has(input:checked) { border-color: var(--brand); box-shadow: 0 0 0 1px var(--brand); }
  button, .button { display: block; width: 100%; min-height: 48px; border-radius: 8px; font: inherit; font-weight: 600; cursor: pointer;
                    text-align: center; text-decoration: none; padding: 12px; }
  .primary { background: var(--brand); color: #fff; border: 0; }
  .secondary { background: #fff; color: var(--ink); border: 1px solid var(--line); margin-top: 10px; }
  .notice { padding: 12px 14px; border-radius: 8px; background: #fdecea; color: #8a1c12; margin: 0 0 16px; }
  .message { font-size: 18px; margin: 8px 0 16px; }
  .meta { margin: 20px 0 0; padding-top: 16px; border-top: 1px solid var(--line); color: var(--muted); font-size: 13px; }
  .meta dt { float: left; clear: left; width: 72px; }
  .meta dd { margin: 0 0 4px 72px; overflow-wrap: anywhere; }
  .mock { margin: 16px 0 0; color: var(--muted); font-size: 12px; text-align: center; }
`;

/** The hosted checkout page a session's `url` points to, in each of its states. */
export function renderHostedPage(session: StoredSession, options: { now: number; cancelled?: boolean; notice?: string }): string {
  const state = pageState(session, options.cancelled === true);
  const amount = formatAmount(session.amountMinor, session.currency);
  const purchase = session.invoiceId
    ? `Invoice ${escape(session.invoiceId)}`
    : session.productId
      ? `Product ${escape(session.productId)}`
      : 'Payment';
  const badge = { open: 'Awaiting payment', paid: 'Paid', expired: 'Expired', cancelled: 'Cancelled' }[state];
  const base = `/p/${escape(session.publicToken)}`;
  const methods = session.allowedMethods
    .map(
      (m, i) =>
        `<label class="method"><input type="radio" name="method" value="${escape(m)}"${i === 0 ? ' checked' : ''}> ${escape(METHOD_NAMES[m] ?? m)}</label>`,
    )
    .join('\n          ');
  const body = {
    open: `<form method="post" action="${base}/pay">
        <fieldset>
          <legend>Pay with</legend>
          ${methods}
        </fieldset>
        <button type="submit" class="primary" id="pay">Pay ${escape(amount)}</button>
      </form>
      <form method="post" action="${base}/cancel">
        <button type="submit" class="secondary" id="cancel">Cancel</button>
      </form>`,
    paid: `<p class="message" id="status">Payment received${session.selectedMethod ? ` by ${escape(METHOD_NAMES[session.selectedMethod] ?? session.selectedMethod)}` : ''}. Thank you.</p>`,
    expired: `<p class="message" id="status">This checkout has expired and can no longer be paid. Ask the merchant for a new link.</p>`,
    cancelled: `<p class="message" id="status">You cancelled this checkout. Nothing was charged.</p>
      <a class="button secondary" id="back" href="${base}">Return to payment</a>`,
  }[state];
  const expiryRow =
    state === 'open' || state === 'cancelled'
      ? `<dt>Expires</dt><dd id="expires">${escape(expiry(session.expiresAt, options.now))}</dd>`
      : state === 'expired'
        ? `<dt>Expired</dt><dd id="expires">${escape(expiry(session.expiredAt ?? session.expiresAt, options.now))}</dd>`
        : '';
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${escape(amount)} · ${purchase} · RevKeen checkout (mock)</title>
    <style>${STYLE}</style>
  </head>
  <body>
    <main data-state="${state}">
      <p class="merchant">RevKeen checkout</p>
      <h1 id="amount">${escape(amount)}</h1>
      <p class="what">${purchase} · <span class="badge ${state}" id="badge">${badge}</span></p>
      ${options.notice ? `<p class="notice" id="notice" role="alert">${escape(options.notice)}</p>` : ''}
      ${body}
      <dl class="meta">
        ${expiryRow}
        <dt>Session</dt><dd>${escape(session.id)}</dd>
      </dl>
      <p class="mock">Served by revkeen mock: no real payment is taken.</p>
    </main>
  </body>
</html>
`;
}
