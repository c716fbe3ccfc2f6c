// The emulator's request log, for tests in Chromium: the emulator object lives in the Node process
// (global-setup.ts), so a small loopback server answers `GET /?url=<part>` with the records whose
// URL contains that part, oldest first: method, URL and whether it was refused (401).
import { createServer, type Server } from 'node:http';
import { listenOnLoopback } from './loopback-server.ts';
import type { ChatEmulator } from '../../src/emulator/index.ts';

export interface LoggedRequest {
  method: string;
  url: string;
  refused: boolean;
}

export async function startRequestLogServer(
  emulator: ChatEmulator,
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const part = new URL(req.url ?? '/', 'http://log').searchParams.get('url') ?? '';
    const records: LoggedRequest[] = emulator.requests
      .filter((r) => r.url.includes(part))
      .map((r) => ({ method: r.method, url: r.url, refused: r.refused === true }));
    res
      .writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' })
      .end(JSON.stringify(records));
  });
  return listenOnLoopback(server);
}
