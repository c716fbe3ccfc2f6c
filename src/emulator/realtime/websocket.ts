// The real-time channel's WebSocket on a Node HTTP server: upgrades to /socket.io/1/websocket/{sid}
// become channel connections, through the `ws` package (an optional peer, loaded on the first
// upgrade). The one upgrade listener of every host (the Node server, the CLI, the Vite plugin).
// An upgrade is hostile input that needs no token: whatever its path, headers or timing it ends in
// a refusal or a socket, and nothing it does can throw out of the listener.
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import { optionalPeer } from '../optional-peer.ts';
import type { RealtimeChannel } from './channel.ts';
import { maxFrameBytes, maxSendBufferBytes } from './limits.ts';

const ws = optionalPeer('ws', 'to serve the real-time channel', () => import('ws'));

/** Upgrades below this path are the channel's on every host (the client looks for it at the root). */
const channelPrefix = '/socket.io/1/';
const socketPath = /^\/socket\.io\/1\/websocket\/([^/]*)$/;
/** What a handshake's sid looks like; nothing is decoded, so no escape can reach the channel. */
const sidPattern = /^[A-Za-z0-9]{1,64}$/;

export interface RealtimeUpgradeOptions {
  /**
   * Paths (without the query) whose upgrades this host leaves to no one else: they are refused
   * (404) when they are not the channel's socket. Default: none, so other upgrades are left to
   * the server's other listeners (Vite's HMR socket).
   */
  owns?: (path: string) => boolean;
}

export interface RealtimeUpgrades {
  /**
   * Answers an upgrade that is the channel's or the host's (a socket or a refusal) and returns
   * true; returns false, touching nothing, for one that belongs to another listener.
   */
  handle(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Ends every socket at once, so the HTTP server can close without waiting for them. */
  close(): void;
}

/** Answers an upgrade with an HTTP error in the service's body shape, then ends the connection. */
function refuse(socket: Duplex, status: number, code: string, message: string): void {
  if (socket.destroyed || !socket.writable) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify({ error: { code, message } });
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
    'Connection: close',
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
  ];
  socket.once('finish', () => socket.destroy());
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
}

const isWebSocketUpgrade = (req: IncomingMessage) =>
  req.method === 'GET' && req.headers.upgrade?.trim().toLowerCase() === 'websocket';

export function realtimeUpgrades(
  channel: RealtimeChannel,
  options: RealtimeUpgradeOptions = {},
): RealtimeUpgrades {
  const owns = options.owns ?? (() => false);
  let server: WebSocketServer | undefined;
  let closed = false;
  const sockets = new Set<WebSocket>();

  function serve(webSocket: WebSocket, sid: string, url: string | undefined): void {
    sockets.add(webSocket);
    webSocket.on('error', () => webSocket.terminate());
    const connection = channel.open(
      sid,
      {
        send(text) {
          webSocket.send(text);
          // A peer that stopped reading is cut off rather than queued for without end.
          if (webSocket.bufferedAmount > maxSendBufferBytes) webSocket.terminate();
        },
        close: () => webSocket.close(),
        terminate: () => webSocket.terminate(),
      },
      url,
    );
    if (connection === undefined) {
      sockets.delete(webSocket);
      webSocket.close(1008, 'session refused: make a new handshake');
      return;
    }
    webSocket.on('message', (data) => {
      // Thrown here, an error would escape through the socket's 'data' event and end the process.
      try {
        channel.receive(connection, String(data));
      } catch (error) {
        console.error('[react-acs-chat emulator] failed to read a frame', error);
        webSocket.terminate();
      }
    });
    webSocket.on('close', () => {
      sockets.delete(webSocket);
      channel.closed(connection);
    });
  }

  function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, path: string): void {
    if (closed) {
      refuse(socket, 503, 'ServiceUnavailable', 'The emulator is shutting down.');
      return;
    }
    const match = socketPath.exec(path);
    if (match === null) {
      refuse(socket, 404, 'NotFound', `No WebSocket at ${path.slice(0, 200)}.`);
      return;
    }
    if (!isWebSocketUpgrade(req)) {
      refuse(socket, 400, 'BadRequest', 'Only a GET with Upgrade: websocket opens this socket.');
      return;
    }
    const sid = match[1]!;
    if (!sidPattern.test(sid)) {
      refuse(socket, 400, 'BadRequest', 'The session id is malformed: use the handshake’s sid.');
      return;
    }
    // The sid is the socket's only credential: a browser WebSocket carries no token.
    const admission = channel.admission(sid);
    if (admission === 'unknown-session') {
      refuse(socket, 401, 'Unauthorized', 'Unknown or expired session: make a new handshake.');
      return;
    }
    if (admission === 'too-many-sockets') {
      const message = 'This user has as many real-time sockets open as the emulator allows.';
      refuse(socket, 429, 'TooManyRequests', `${message} Close one before opening another.`);
      return;
    }
    void open(req, socket, head, sid);
  }

  async function open(req: IncomingMessage, socket: Duplex, head: Buffer, sid: string) {
    let WebSocketServerClass: typeof WebSocketServer;
    try {
      ({ WebSocketServer: WebSocketServerClass } = await ws());
    } catch (error) {
      console.error('[react-acs-chat emulator]', error instanceof Error ? error.message : error);
      refuse(socket, 501, 'NotImplemented', 'Install the ws package to serve WebSockets.');
      return;
    }
    try {
      if (closed) {
        refuse(socket, 503, 'ServiceUnavailable', 'The emulator is shutting down.');
        return;
      }
      server ??= new WebSocketServerClass({
        noServer: true,
        clientTracking: false,
        maxPayload: maxFrameBytes,
        perMessageDeflate: false,
      });
      // ws answers a malformed handshake (key, version) with 400 itself.
      server.handleUpgrade(req, socket, head, (webSocket) => serve(webSocket, sid, req.url));
    } catch (error) {
      console.error('[react-acs-chat emulator] failed to open a WebSocket', error);
      socket.destroy();
    }
  }

  return {
    handle(req, socket, head) {
      const path = (req.url ?? '').split('?', 1)[0]!;
      if (!path.startsWith(channelPrefix) && !owns(path)) return false;
      // Node takes its own error listener off a socket before 'upgrade': without this one a
      // client's reset would be an uncaught 'error' that ends the process.
      socket.on('error', () => socket.destroy());
      try {
        upgrade(req, socket, head, path);
      } catch (error) {
        console.error('[react-acs-chat emulator] failed to answer an upgrade', error);
        socket.destroy();
      }
      return true;
    },
    close() {
      closed = true;
      for (const webSocket of sockets) webSocket.terminate();
      sockets.clear();
    },
  };
}
