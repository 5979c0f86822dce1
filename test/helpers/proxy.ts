import { createServer, request } from 'node:http';
import { connect, type AddressInfo } from 'node:net';

export interface LoopbackProxy {
  url: string;
  /** Absolute URLs the proxy was asked to fetch. */
  seen: string[];
  close(): Promise<void>;
}

/**
 * A forward proxy on loopback: relays absolute-form requests and CONNECT tunnels, recording each
 * target. `hosts` maps names to addresses, so a test can use a name no resolver is ever asked for.
 */
export async function startProxy(hosts: Record<string, string> = {}): Promise<LoopbackProxy> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(req.url ?? '');
    const target = new URL(req.url ?? '');
    const upstream = request(
      { host: hosts[target.hostname] ?? target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers },
      (reply) => {
        res.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connect', (req, client, head) => {
    seen.push(`CONNECT ${req.url}`);
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), hosts[host] ?? host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
