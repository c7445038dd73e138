/**
 * The apply tier's egress guard: the HTTP(S)_PROXY every CLI gets while deploying into the emulator, so that no
 * request leaves the machine. It refuses every request at once (403, recording the host it wanted, so a service
 * missing from the emulator endpoints fails fast and is named), except CONNECTs to `<label>.127.0.0.1:<emulator
 * port>`: the AWS SDK prefixes some hosts even with a custom endpoint (S3 Control puts the account ID in front:
 * `111111111111.127.0.0.1`), and those are tunnelled to the emulator. Plain `127.0.0.1` never comes here (NO_PROXY).
 *
 *     node dist/scripts/emulator/egress-guard.js <emulator port>    # prints `GUARD <port>`, then one line per refusal
 */
import * as http from 'http';
import * as net from 'net';

export interface EgressGuard {
  readonly port: number;
  /** `host:port` of every refused request, in order. */
  readonly refused: string[];
  close(): Promise<void>;
}

/** Hosts tunnelled to the emulator: one or more DNS labels in front of 127.0.0.1. */
const EMULATOR_ALIAS = /^(?:[a-z0-9-]+\.)+127\.0\.0\.1$/i;

export function startEgressGuard(emulatorPort: number, onRefuse?: (hostPort: string) => void): Promise<EgressGuard> {
  const refused: string[] = [];
  const sockets = new Set<net.Socket>();
  const refuse = (hostPort: string) => {
    refused.push(hostPort);
    onRefuse?.(hostPort);
  };
  const server = http.createServer((req, res) => {
    // A plain-HTTP proxy request: the absolute URL is the request target.
    let host = req.headers.host ?? '?';
    try {
      host = new URL(req.url ?? '').host || host;
    } catch {
      // keep the Host header
    }
    refuse(host);
    res.writeHead(403, { 'content-type': 'text/plain' }).end(`apply tier: no request may leave the machine (${host})\n`);
  });
  // A client that gives up (or resets) after a refusal must not take the guard down.
  server.on('clientError', (_e, socket: net.Socket) => socket.destroy());
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    client.on('error', () => client.destroy());
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    const target = req.url ?? '';
    const i = target.lastIndexOf(':');
    const host = target.slice(0, i);
    const port = Number(target.slice(i + 1));
    if (EMULATOR_ALIAS.test(host) && port === emulatorPort) {
      const upstream = net.connect(emulatorPort, '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (head.length) upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      sockets.add(upstream);
      upstream.on('close', () => sockets.delete(upstream));
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
      return;
    }
    refuse(target);
    client.end(`HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain\r\n\r\napply tier: no request may leave the machine (${target})\n`);
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      resolve({
        port,
        refused,
        close: () =>
          new Promise<void>((r) => {
            for (const socket of sockets) socket.destroy();
            server.closeAllConnections?.();
            server.close(() => r());
          }),
      });
    });
  });
}

if (require.main === module) {
  const port = Number(process.argv[2]);
  void startEgressGuard(port, (h) => process.stdout.write(`REFUSED ${h}\n`)).then((g) => process.stdout.write(`GUARD ${g.port}\n`));
}
