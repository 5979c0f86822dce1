// What a developer would write instead of `revkeen sessions expire --from-file -`: the official SDK
// expiring the IDs on stdin with a pool of CONCURRENCY workers.
import { RevKeen } from '@revkeen/sdk';
import { text } from 'node:stream/consumers';

const client = new RevKeen({ apiKey: process.env.REVKEEN_API_KEY, baseUrl: process.env.REVKEEN_BASE_URL });
const ids = (await text(process.stdin)).split('\n').filter(Boolean);
const concurrency = Number(process.argv[2] ?? 8);
let next = 0;
let failed = 0;
const worker = async () => {
  while (next < ids.length) {
    const id = ids[next++];
    await client.checkoutSessions.expire(id).catch(() => failed++);
  }
};
await Promise.all(Array.from({ length: concurrency }, worker));
process.stdout.write(`${ids.length - failed} expired, ${failed} failed\n`);
