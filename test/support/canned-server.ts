// A real HTTP server on 127.0.0.1 that answers with the responses a test scripts, for what the
// emulator must never do itself: malformed bodies, legacy error shapes, hostile nextLinks.
import { createServer, type IncomingMessage } from 'node:http';
import { listenOnLoopback } from './loopback-server.ts';

export interface CannedResponse {
  status: number;
  body?: string | object;
  headers?: Record<string, string>;
  /** Send the headers and the first half of the body, then never end it (a stalled response). */
  stall?: boolean;
}

export interface CannedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
}

export interface CannedServer {
  url: string;
  requests: CannedRequest[];
  /** Responses are served in order; the last one repeats. */
  respond(...responses: CannedResponse[]): void;
  close(): Promise<void>;
}

export async function startCannedServer(host = '127.0.0.1'): Promise<CannedServer> {
  let queue: CannedResponse[] = [{ status: 200, body: {} }];
  const requests: CannedRequest[] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    req.resume();
    const next = queue.length > 1 ? queue.shift()! : queue[0]!;
    const body =
      typeof next.body === 'string' || next.body === undefined
        ? next.body
        : JSON.stringify(next.body);
    res.writeHead(next.status, { 'content-type': 'application/json', ...next.headers });
    if (next.stall) res.write((body ?? ' ').slice(0, Math.ceil((body ?? ' ').length / 2)));
    else res.end(body);
  });
  return {
    ...(await listenOnLoopback(server, host)),
    requests,
    respond: (...responses) => {
      queue = responses;
    },
  };
}
