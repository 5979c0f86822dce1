// What a developer would write instead of `revkeen sessions get ID`: the official SDK, one call.
import { RevKeen } from '@revkeen/sdk';

const client = new RevKeen({ apiKey: process.env.REVKEEN_API_KEY, baseUrl: process.env.REVKEEN_BASE_URL });
process.stdout.write(`${JSON.stringify(await client.checkoutSessions.get(process.argv[2]))}\n`);
