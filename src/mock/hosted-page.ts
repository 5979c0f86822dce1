import { formatMinor } from '../currency.js';
import type { StoredSession } from './session-store.js';

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** The hosted checkout page a session's `url` points to: pay or cancel, nothing more. */
export function renderHostedPage(session: StoredSession, notice?: string): string {
  const open = session.status === 'open' || session.status === 'pending';
  const methods = session.allowedMethods
    .map((m, i) => `<label><input type="radio" name="method" value="${escape(m)}"${i === 0 ? ' checked' : ''}> ${escape(m)}</label>`)
    .join('\n        ');
  const purchase = session.invoiceId
    ? `Invoice ${escape(session.invoiceId)}`
    : session.productId
      ? `Product ${escape(session.productId)}`
      : 'Payment';
  const body = open
    ? `<form method="post" action="/p/${escape(session.publicToken)}/pay">
        ${methods}
        <button type="submit" id="pay">Pay ${escape(formatMinor(session.amountMinor, session.currency))}</button>
      </form>
      <form method="post" action="/p/${escape(session.publicToken)}/cancel">
        <button type="submit" id="cancel">Cancel</button>
      </form>`
    : `<p id="status">This checkout is ${escape(session.status)}.</p>`;
  return `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>RevKeen mock checkout</title></head>
  <body>
    <main>
      <h1>${purchase}</h1>
      <p>${escape(formatMinor(session.amountMinor, session.currency))} · session ${escape(session.id)}</p>
      ${notice ? `<p id="notice">${escape(notice)}</p>` : ''}
      ${body}
      <p><small>Served by revkeen mock: no real payment is taken.</small></p>
    </main>
  </body>
</html>
`;
}
