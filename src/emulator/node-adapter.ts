// The one bridge between Node's http (req, res) and the Fetch-API handler, shared by the
// standalone server and the Vite plugin. A dropped-connection fault becomes a destroyed socket.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { DroppedConnectionError } from './errors.ts';
import { maxBodyBytes } from './request-body.ts';
import type { EmulatorConnection } from './route-guard.ts';

export interface NodeAdapterOptions {
  /** The path the handler is mounted under, passed on as x-forwarded-prefix (e.g. '/acs'). */
  prefix?: string;
}

/** Reads the body, keeping at most one byte past the limit so the handler can answer 413. */
async function readRequestBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    if (size > maxBodyBytes) continue; // drain the rest so the response can still be written
    chunks.push(chunk);
    size += chunk.length;
  }
  const body = Buffer.concat(chunks);
  return body.length > maxBodyBytes + 1 ? body.subarray(0, maxBodyBytes + 1) : body;
}

export async function toFetchRequest(
  req: IncomingMessage,
  options: NodeAdapterOptions = {},
): Promise<Request> {
  const encrypted = (req.socket as TLSSocket).encrypted === true;
  const host = req.headers.host ?? `${req.socket.localAddress}:${req.socket.localPort}`;
  const path = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/';
  const url = `${encrypted ? 'https' : 'http'}://${host}${path}`;
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name.startsWith(':')) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  if (options.prefix) headers.set('x-forwarded-prefix', options.prefix);
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return new Request(url, {
    method,
    headers,
    body: hasBody ? new Uint8Array(await readRequestBody(req)) : null,
  });
}

export async function writeFetchResponse(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  for (const [name, value] of response.headers) res.setHeader(name, value);
  if (response.body === null) {
    res.end();
    return;
  }
  // Headers go out at once, so a held-back body (slow-body fault) is visible to the client.
  res.flushHeaders();
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    res.write(value);
  }
  res.end();
}

/** A Node request listener (or connect middleware) that serves `handle`. */
export function nodeListener(
  handle: (request: Request, connection?: EmulatorConnection) => Promise<Response>,
  options: NodeAdapterOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    (async () => {
      let response: Response;
      try {
        // The address the admin routes' loopback rule looks at.
        const connection = { remoteAddress: req.socket.remoteAddress };
        response = await handle(await toFetchRequest(req, options), connection);
      } catch (error) {
        if (error instanceof DroppedConnectionError) {
          req.socket.destroy();
          return;
        }
        throw error;
      }
      await writeFetchResponse(res, response);
    })().catch((error: unknown) => {
      console.error('[react-acs-chat emulator] failed to serve a request', error);
      if (!res.headersSent) {
        res.statusCode = 500;
        res.end();
      } else {
        res.destroy();
      }
    });
  };
}
