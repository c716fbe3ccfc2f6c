// createChatEmulatorServer: the emulator on a real port, over HTTP or HTTPS, for tests, the CLI and
// anything that cannot call the Fetch handler directly.
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { selfSignedCertificate } from './certificate.ts';
import { createChatEmulator, type ChatEmulator } from './emulator.ts';
import { nodeListener } from './node-adapter.ts';
import { realtimeUpgrades } from './realtime/websocket.ts';

export interface ChatEmulatorServerOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** true: a self-signed certificate made on start (see `ca`); or your own key and cert. */
  https?: boolean | { key: string; cert: string };
  /** The emulator to serve; default a new one with default options. */
  emulator?: ChatEmulator;
}

export interface ChatEmulatorServer {
  /** E.g. http://127.0.0.1:54321 (no trailing slash). */
  url: string;
  emulator: ChatEmulator;
  /** The certificate's PEM when serving HTTPS: trust it to call the server. */
  ca?: string;
  /** `endpoint=<url>/;accesskey=<key>`, as the Azure portal shows for a resource. */
  connectionString: string;
  close(): Promise<void>;
}

export async function createChatEmulatorServer(
  options: ChatEmulatorServerOptions = {},
): Promise<ChatEmulatorServer> {
  const emulator = options.emulator ?? createChatEmulator();
  const listener = nodeListener(emulator.handle);
  const tls = options.https === true ? await selfSignedCertificate() : options.https || undefined;
  const server: Server =
    tls === undefined ? createHttpServer(listener) : createHttpsServer(tls, listener);
  // Every upgrade on this server is the emulator's: one it does not serve is refused (404).
  const upgrades = realtimeUpgrades(emulator.realtime, { owns: () => true });
  server.on('upgrade', (req, socket, head) => upgrades.handle(req, socket, head));
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  const url = `${tls === undefined ? 'http' : 'https'}://${hostInUrl}:${port}`;
  const result: ChatEmulatorServer = {
    url,
    emulator,
    connectionString: `endpoint=${url}/;accesskey=${emulator.accessKey}`,
    close: () =>
      new Promise((resolve, reject) => {
        upgrades.close();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
  if (tls !== undefined) result.ca = tls.cert;
  return result;
}
