import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebhookSignatureError, verifyWebhook, type WebhookEvent } from '../../src/index.js';

export interface Received {
  event?: WebhookEvent;
  /** Why the signature was refused, when it was. */
  refused?: string;
  at: number;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Resolves once `n` verified events have arrived. */
  waitFor(n: number, timeoutMs?: number): Promise<WebhookEvent[]>;
  close(): Promise<void>;
}

/**
 * A webhook handler as a developer would write one: raw body, verifyWebhook, 2xx when it checks.
 * `answer` may override the reply (to fail the first attempts).
 */
export async function startReceiver(secret: string, answer?: (attempt: number, req: IncomingMessage, res: ServerResponse) => boolean): Promise<Receiver> {
  const received: Received[] = [];
  let attempts = 0;
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (answer?.(++attempts, req, res)) return;
    try {
      const event = verifyWebhook(Buffer.concat(chunks), req.headers['x-revkeen-signature'], secret);
      received.push({ event, at: Date.now() });
      res.writeHead(200).end('ok');
    } catch (error) {
      received.push({ refused: error instanceof WebhookSignatureError ? error.reason : String(error), at: Date.now() });
      res.writeHead(400).end('bad signature');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`,
    received,
    async waitFor(n, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const events = received.flatMap((r) => (r.event ? [r.event] : []));
        if (events.length >= n) return events;
        if (Date.now() > deadline) throw new Error(`Only ${events.length} of ${n} events arrived: ${JSON.stringify(received)}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
