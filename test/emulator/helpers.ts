// Helpers for the emulator's own tests: raw REST calls over real HTTP (global fetch), and HMAC
// signing written independently of the emulator's, from the description of the service's scheme.
import { createHash, createHmac } from 'node:crypto';

export const apiVersion = '2025-03-15';

/** Response bodies are read loosely in tests; assertions check their shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface CallOptions {
  method?: string;
  token?: string;
  body?: unknown;
  /** Raw body text, sent as is (for malformed-JSON tests). */
  rawBody?: string;
  headers?: Record<string, string>;
  /** Set to null to leave api-version out. */
  apiVersion?: string | null;
  query?: Record<string, string | number>;
}

export interface CallResult<T = Json> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export function urlFor(base: string, path: string, options: CallOptions = {}): string {
  const url = new URL(`${base}${path}`);
  for (const [name, value] of Object.entries(options.query ?? {})) {
    url.searchParams.set(name, String(value));
  }
  const version = options.apiVersion === undefined ? apiVersion : options.apiVersion;
  if (version !== null) url.searchParams.set('api-version', version);
  return url.href;
}

/** One request; `path` may be absolute (a nextLink), then it is used as given. */
export async function call<T = Json>(
  base: string,
  path: string,
  options: CallOptions = {},
): Promise<CallResult<T>> {
  const url = /^https?:\/\//.test(path) ? path : urlFor(base, path, options);
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(url, {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
  });
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  return { status: response.status, headers: response.headers, body: parsed as T, text };
}

/**
 * The identity API's HMAC-SHA256 headers, computed with node:crypto. The time goes in `x-ms-date`,
 * or in `date` when `dateHeader` says so (the scheme allows either).
 */
export function hmacHeaders(
  accessKey: string,
  method: string,
  url: string,
  body: string,
  date = new Date(),
  dateHeader: 'x-ms-date' | 'date' = 'x-ms-date',
): Record<string, string> {
  const { pathname, search, host } = new URL(url);
  const utc = date.toUTCString();
  const hash = createHash('sha256').update(body).digest('base64');
  const signature = createHmac('sha256', Buffer.from(accessKey, 'base64'))
    .update(`${method}\n${pathname}${search}\n${utc};${host};${hash}`)
    .digest('base64');
  return {
    [dateHeader]: utc,
    'x-ms-content-sha256': hash,
    authorization: `HMAC-SHA256 SignedHeaders=${dateHeader};host;x-ms-content-sha256&Signature=${signature}`,
  };
}

export function decodeJwt(token: string): { header: Json; payload: Json } {
  const [header, payload] = token.split('.');
  const decode = (part: string | undefined) =>
    JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8'));
  return { header: decode(header), payload: decode(payload) };
}

export const threadPath = (threadId: string, rest = '') =>
  `/chat/threads/${encodeURIComponent(threadId)}${rest}`;

export const acs = (id: string) => ({ communicationUser: { id } });
