import type { ChalkInstance } from 'chalk';
import type { CheckoutSession } from '../../client/session.js';
import { formatMinor } from '../../currency.js';
import { printable } from './printable.js';

const STATUS_COLOURS: Record<string, 'green' | 'yellow' | 'gray' | 'cyan'> = {
  open: 'cyan',
  pending: 'yellow',
  complete: 'green',
  completed: 'green',
  expired: 'gray',
};

/** The readable view: id, status, amount, methods, expiry (absolute and relative), URL. */
export function renderSession(raw: CheckoutSession, style: ChalkInstance, now: number): string {
  const session = printableSession(raw);
  const status = session.status ?? 'open';
  const rows: [string, string][] = [
    ['ID', session.id],
    ['Status', style[STATUS_COLOURS[status] ?? 'white'](status)],
  ];
  if (session.amountMinor !== undefined && session.currency) {
    rows.push(['Amount', formatMinor(session.amountMinor, session.currency)]);
  } else if (session.currency) {
    rows.push(['Currency', session.currency]);
  }
  if (session.invoiceId) rows.push(['Invoice', session.invoiceId]);
  if (session.productId) rows.push(['Product', session.productId]);
  if (session.allowedMethods?.length) rows.push(['Methods', session.allowedMethods.join(', ')]);
  if (session.selectedMethod) rows.push(['Paid with', session.selectedMethod]);
  const expiry = status === 'expired' ? (session.expiredAt ?? session.expiresAt) : session.expiresAt;
  if (expiry) rows.push([status === 'expired' ? 'Expired' : 'Expires', when(expiry, now)]);
  if (session.url) rows.push(['URL', style.underline.blue(session.url)]);
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${`${label}:`.padEnd(width + 2)}${value}`).join('\n') + '\n';
}

/** Every field the view shows comes from the server: each made printable before any colour is added. */
function printableSession(session: CheckoutSession): CheckoutSession {
  const clean = (v: string | null | undefined) => (typeof v === 'string' ? printable(v) : v);
  return {
    ...session,
    id: printable(session.id),
    url: clean(session.url) ?? undefined,
    status: clean(session.status) ?? undefined,
    currency: clean(session.currency) ?? undefined,
    invoiceId: clean(session.invoiceId),
    productId: clean(session.productId),
    selectedMethod: clean(session.selectedMethod),
    expiresAt: clean(session.expiresAt) ?? undefined,
    expiredAt: clean(session.expiredAt) ?? undefined,
    allowedMethods: session.allowedMethods?.map(printable),
  };
}

/** "2026-04-21 15:30 UTC (in 23 h)". */
export function when(iso: string, now: number): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const stamp = new Date(at).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  return `${stamp} (${relative(at - now)})`;
}

export function relative(ms: number): string {
  if (Math.abs(ms) < 1000) return 'just now';
  return ms >= 0 ? `in ${span(ms)}` : `${span(ms)} ago`;
}

/** A length of time the way people say it: "40 s", "12 min", "23 h", "3 d". */
export function span(ms: number): string {
  const abs = Math.abs(ms);
  const [value, unit] =
    abs < 60_000
      ? [Math.round(abs / 1000), 's']
      : abs < 3_600_000
        ? [Math.round(abs / 60_000), 'min']
        : abs < 172_800_000
          ? [Math.round(abs / 3_600_000), 'h']
          : [Math.round(abs / 86_400_000), 'd'];
  return `${value} ${unit}`;
}
