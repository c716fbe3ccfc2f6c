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

/** A WebSocket client made by hand: frames of any size or shape, and a reader that may stop. */
export interface RawWebSocket {
  readonly socket: Socket;
  /** Text of every whole frame the server sent, in order. */
  readonly texts: string[];
  /** Resolves with the server's close code (undefined if the connection ended without one). */
  readonly closed: Promise<number | undefined>;
  /** Stops reading: the server's frames pile up in the network buffers. */
  stopReading(): void;
}

/**
 * A client frame: masked (with a zero key, so the payload goes as written), text by default.
 * `declaredLength` announces more (or less) than is sent: half a frame, or a huge one.
 */
export function clientFrame(
  payload: string | Buffer,
  { declaredLength, opcode = 0x1 }: { declaredLength?: number; opcode?: number } = {},
): Buffer {
  const data = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const length = declaredLength ?? data.length;
  let header: Buffer;
  if (length < 126) {
    header = Buffer.from([0x80 | opcode, 0x80 | length]);
  } else if (length < 65_536) {
    header = Buffer.alloc(4);
    header.writeUInt16BE(length, 2);
    header[1] = 0x80 | 126;
  } else {
    header = Buffer.alloc(10);
    header.writeBigUInt64BE(BigInt(length), 2);
    header[1] = 0x80 | 127;
  }
  header[0] = 0x80 | opcode;
  return Buffer.concat([header, Buffer.alloc(4), data]);
}

/** Reads the server's (unmasked) frames from `buffer`; returns what is left of a partial one. */
function readFrames(buffer: Buffer, onFrame: (opcode: number, payload: Buffer) => void): Buffer {
  let offset = 0;
  for (;;) {
    if (buffer.length - offset < 2) break;
    const opcode = buffer[offset]! & 0x0f;
    let length = buffer[offset + 1]! & 0x7f;
    let start = offset + 2;
    if (length === 126) {
      if (buffer.length - offset < 4) break;
      length = buffer.readUInt16BE(offset + 2);
      start = offset + 4;
    } else if (length === 127) {
      if (buffer.length - offset < 10) break;
      length = Number(buffer.readBigUInt64BE(offset + 2));
      start = offset + 10;
    }
    if (buffer.length < start + length) break;
    onFrame(opcode, buffer.subarray(start, start + length));
    offset = start + length;
  }
  return buffer.subarray(offset);
}

/** Opens the channel's socket for `sid` by hand; rejects with the status line if refused. */
export async function rawWebSocket(origin: string, sid: string): Promise<RawWebSocket> {
  const socket = await rawConnect(origin);
  socket.on('error', () => {});
  const texts: string[] = [];
  let closeCode: number | undefined;
  const closed = new Promise<number | undefined>((resolve) =>
    socket.once('close', () => resolve(closeCode)),
  );
  let pending: Buffer = Buffer.alloc(0);
  const onFrames = (chunk: Buffer) => {
    pending = readFrames(Buffer.concat([pending, chunk]), (opcode, payload) => {
      if (opcode === 0x1) texts.push(payload.toString('utf8'));
      if (opcode === 0x8 && payload.length >= 2) closeCode = payload.readUInt16BE(0);
    });
  };
  await new Promise<void>((resolve, reject) => {
    let head: Buffer = Buffer.alloc(0);
    const onHead = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end === -1) return;
      socket.off('data', onHead);
      const status = head.subarray(0, head.indexOf('\r\n')).toString('latin1');
      if (!status.startsWith('HTTP/1.1 101 ')) {
        reject(new Error(`WebSocket refused: ${status}`));
        return;
      }
      socket.on('data', onFrames);
      onFrames(head.subarray(end + 4));
      resolve();
    };
    socket.on('data', onHead);
    socket.once('close', () => reject(new Error('The server closed before answering')));
    socket.write(upgradeRequest(`/socket.io/1/websocket/${sid}`));
  });
  return {
    socket,
    texts,
    closed,
    stopReading() {
      socket.off('data', onFrames);
      socket.pause();
    },
  };
}
