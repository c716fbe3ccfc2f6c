// Raw TCP to an emulator for the upgrade tests: requests no HTTP client would send (malformed
// escapes, h2c, a reset halfway) and the status line the server answers with, if any.
import { connect, type Socket } from 'node:net';

export interface RawExchangeOptions {
  /** Reset the connection (RST) right after writing, without reading the answer. */
  reset?: boolean;
}

/** The answer's status code, or undefined when the server closed without one. */
export const statusOf = (answer: string): number | undefined => {
  const match = /^HTTP\/1\.1 (\d{3}) /.exec(answer);
  return match === null ? undefined : Number(match[1]);
};

/** Opens a TCP connection to the origin's host and port. */
export function rawConnect(origin: string): Promise<Socket> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Writes `text` and resolves with everything the server sent before the connection ended. */
export async function rawExchange(
  origin: string,
  text: string | Buffer,
  options: RawExchangeOptions = {},
): Promise<string> {
  const socket = await rawConnect(origin);
  return new Promise((resolve) => {
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.on('error', () => {});
    socket.on('close', () => resolve(answer));
    socket.write(text);
    if (options.reset) socket.resetAndDestroy();
  });
}

/** An upgrade request head, with `headers` replacing or adding to a valid WebSocket upgrade's. */
export function upgradeRequest(
  target: string,
  headers: Record<string, string | undefined> = {},
  method = 'GET',
): string {
  const all: Record<string, string | undefined> = {
    Host: '127.0.0.1',
    Connection: 'Upgrade',
    Upgrade: 'websocket',
    'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
    'Sec-WebSocket-Version': '13',
    ...headers,
  };
  const lines = Object.entries(all)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `${name}: ${value}`);
  return `${method} ${target} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`;
}

/** An h2c upgrade (HTTP/2 over cleartext), as curl --http2 sends it. */
export const h2cRequest = (target: string) =>
  upgradeRequest(target, {
    Connection: 'Upgrade, HTTP2-Settings',
    Upgrade: 'h2c',
    'HTTP2-Settings': 'AAMAAABkAAQCAAAAAAIAAAAA',
    'Sec-WebSocket-Key': undefined,
    'Sec-WebSocket-Version': undefined,
  });
