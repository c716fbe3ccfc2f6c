// A server for Chromium tests whose responses never end: CORS headers and the first bytes of a
// JSON body, then nothing, until the server closes. Paths with `redirect` in them answer 307 to
// another origin instead. Runs in the Node process (global-setup.ts).
import { createServer, type Server } from 'node:http';
import { listenOnLoopback } from '../support/loopback-server.ts';

export interface StallServer {
  url: string;
  close(): Promise<void>;
}

export async function startStallServer(): Promise<StallServer> {
  const server: Server = createServer((req, res) => {
    req.resume();
    const cors = {
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'GET, POST, PATCH, DELETE',
      'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*',
    };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors).end();
      return;
    }
    if (req.url?.includes('redirect')) {
      res.writeHead(307, { ...cors, location: 'http://127.0.0.2:9/stolen' }).end();
      return;
    }
    res.writeHead(200, { ...cors, 'content-type': 'application/json' });
    res.write('{"id": "19:t@thread.v2", "topic": ');
  });
  return listenOnLoopback(server);
}
