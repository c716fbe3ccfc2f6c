// The emulator's request and frame logs, for tests in Chromium: the emulator object lives in the
// Node process (global-setup.ts), so a small loopback server answers
// - `GET /?url=<part>[&userId=<id>]`: the request records whose URL contains that part (and whose
//   token names that user), oldest first: method, URL, whether it was refused (401), header
//   names, body (as far as the log keeps it) and the user whose token the request carried;
// - `GET /frames?userId=<id>`: that user's real-time frame records (emulator.realtime.frames).
import { createServer, type Server } from 'node:http';
import { listenOnLoopback } from './loopback-server.ts';
import type { ChatEmulator, RealtimeFrameRecord } from '../../src/emulator/index.ts';

export interface LoggedRequest {
  method: string;
  url: string;
  refused: boolean;
  /** Lowercased, in the log's (sorted) order; empty when refused. */
  headerNames: string[];
  body: string;
  /** The user named by the token in `authorization` (Bearer) or `x-skypetoken`, if any. */
  userId?: string;
}

export type LoggedFrame = RealtimeFrameRecord;

/** The user a token names, read from its claims (the emulator checked its signature). */
function userOf(headers: Record<string, string>): string | undefined {
  const token = headers['x-skypetoken'] ?? headers.authorization?.replace(/^Bearer /, '');
  const payload = token?.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const { skypeid } = JSON.parse(Buffer.from(payload, 'base64url').toString()) as {
      skypeid?: unknown;
    };
    return typeof skypeid === 'string' ? `8:${skypeid}` : undefined;
  } catch {
    return undefined;
  }
}

export async function startRequestLogServer(
  emulator: ChatEmulator,
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://log');
    let answer: LoggedRequest[] | LoggedFrame[];
    if (url.pathname === '/frames') {
      const userId = url.searchParams.get('userId');
      answer = emulator.realtime.frames.filter((r) => r.userId === userId);
    } else {
      const part = url.searchParams.get('url') ?? '';
      const user = url.searchParams.get('userId');
      answer = emulator.requests
        .filter((r) => r.url.includes(part))
        .map((r) => {
          const record: LoggedRequest = {
            method: r.method,
            url: r.url,
            refused: r.refused === true,
            headerNames: Object.keys(r.headers),
            body: r.body,
          };
          const userId = userOf(r.headers);
          if (userId !== undefined) record.userId = userId;
          return record;
        })
        .filter((r) => user === null || r.userId === user);
    }
    res
      .writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' })
      .end(JSON.stringify(answer));
  });
  return listenOnLoopback(server);
}
