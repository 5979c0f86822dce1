// A webhook handler: it trusts a delivery only after checking its signature.
//   REVKEEN_WEBHOOK_SECRET=whsec_test PORT=3000 node examples/webhook-handler.mjs
import { createServer } from 'node:http';
import { verifyWebhook, WebhookSignatureError } from 'revkeen';

const secret = process.env.REVKEEN_WEBHOOK_SECRET;

const server = createServer(async (req, res) => {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  try {
    // The raw body, exactly as it arrived: verify before parsing.
    const event = verifyWebhook(Buffer.concat(chunks), req.headers['x-revkeen-signature'], secret);
    const session = event.data.object;
    console.log(`${event.type} ${session.id} ${session.status}`);
    res.writeHead(200).end();
  } catch (error) {
    if (!(error instanceof WebhookSignatureError)) throw error;
    console.error(`refused a delivery: ${error.reason}`);
    res.writeHead(400).end();
  }
});

server.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}/webhooks`);
});
