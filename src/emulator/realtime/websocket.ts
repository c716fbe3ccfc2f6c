// The real-time channel's WebSocket on a Node HTTP server: upgrades to /socket.io/1/websocket/{sid}
// become channel connections, through the `ws` package (an optional peer, loaded on the first
// upgrade). Other upgrades (Vite's HMR socket) are left to their own listeners.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import { optionalPeer } from '../optional-peer.ts';
import type { RealtimeChannel } from './channel.ts';

const ws = optionalPeer('ws', 'to serve the real-time channel', () => import('ws'));

const socketPath = /^\/socket\.io\/1\/websocket\/([^/?]+)/;

export interface RealtimeUpgrades {
  /** Takes an 'upgrade' to the channel's socket path and returns true; false for any other. */
  handle(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Ends every socket at once, so the HTTP server can close without waiting for them. */
  close(): void;
}

function refuse(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export function realtimeUpgrades(channel: RealtimeChannel): RealtimeUpgrades {
  let server: WebSocketServer | undefined;
  const sockets = new Set<WebSocket>();

  function serve(webSocket: WebSocket, sid: string): void {
    sockets.add(webSocket);
    webSocket.on('error', () => webSocket.terminate());
    const connection = channel.open(sid, {
      send: (text) => webSocket.send(text),
      close: () => webSocket.close(),
    });
    if (connection === undefined) {
      webSocket.close(1008, 'unknown session');
      return;
    }
    webSocket.on('message', (data) => channel.receive(connection, String(data)));
    webSocket.on('close', () => {
      sockets.delete(webSocket);
      channel.closed(connection);
    });
  }

  return {
    handle(req, socket, head) {
      const match = socketPath.exec(req.url ?? '');
      if (match === null) return false;
      const sid = decodeURIComponent(match[1]!);
      // The sid is the socket's only credential: a browser WebSocket carries no token.
      if (!channel.isPending(sid)) {
        refuse(socket, '401 Unauthorized');
        return true;
      }
      ws().then(
        ({ WebSocketServer }) => {
          server ??= new WebSocketServer({ noServer: true });
          server.handleUpgrade(req, socket, head, (webSocket) => serve(webSocket, sid));
        },
        (error: unknown) => {
          console.error(
            '[react-acs-chat emulator]',
            error instanceof Error ? error.message : error,
          );
          refuse(socket, '501 Not Implemented');
        },
      );
      return true;
    },
    close() {
      for (const webSocket of sockets) webSocket.terminate();
      sockets.clear();
    },
  };
}
