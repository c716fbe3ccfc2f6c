// HMAC-SHA256 request signing, as the identity API checks it: the client signs
// "METHOD\npath?query\n<signed header values joined by ;>" with the resource's access key, and sends
// the body's SHA-256 in `x-ms-content-sha256` and the time in `x-ms-date`.
import { unauthorized } from './errors.ts';

/** How far the signed date may be from the emulator's clock. */
const maxClockSkewMs = 15 * 60 * 1000;

const toBase64 = (bytes: ArrayBuffer) => {
  let binary = '';
  for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte);
  return btoa(binary);
};

const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

export async function sha256Base64(text: string): Promise<string> {
  return toBase64(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

export async function hmacSha256Base64(keyBase64: string, text: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    fromBase64(keyBase64),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return toBase64(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(text)));
}

/** The headers a client sends for a signed request; exported for tests and tools. */
export async function signRequest(
  accessKey: string,
  request: { method: string; url: string; body: string; date?: Date },
): Promise<Record<string, string>> {
  const url = new URL(request.url);
  const date = (request.date ?? new Date()).toUTCString();
  const hash = await sha256Base64(request.body);
  const signature = await hmacSha256Base64(
    accessKey,
    `${request.method.toUpperCase()}\n${url.pathname}${url.search}\n${date};${url.host};${hash}`,
  );
  return {
    'x-ms-date': date,
    'x-ms-content-sha256': hash,
    authorization: `HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${signature}`,
  };
}

/** Compares two secrets in time that depends on their length only. */
export const timingSafeEqual = (a: string, b: string) => {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    diff |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  }
  return diff === 0;
};

export async function verifyHmac(
  request: Request,
  url: URL,
  body: string,
  accessKey: string,
  now: number,
): Promise<void> {
  const authorization = request.headers.get('authorization') ?? '';
  const match = /^HMAC-SHA256\s+SignedHeaders=([^&]+)&Signature=(.+)$/i.exec(authorization.trim());
  if (match === null) throw unauthorized('Missing or malformed HMAC-SHA256 authorization.');
  const signedHeaders = match[1]!.split(';').map((name) => name.trim().toLowerCase());
  for (const required of ['host', 'x-ms-content-sha256']) {
    if (!signedHeaders.includes(required)) {
      throw unauthorized(`The signature must cover '${required}'.`);
    }
  }
  // The time may travel in x-ms-date or date; only a signed one says when the request was made,
  // so every signed one must be fresh and an unsigned one proves nothing (a replay could add it).
  const signedDates = ['x-ms-date', 'date'].filter((name) => signedHeaders.includes(name));
  if (signedDates.length === 0) throw unauthorized("The signature must cover 'x-ms-date'.");
  for (const name of signedDates) {
    const value = request.headers.get(name);
    const date = value === null ? NaN : Date.parse(value);
    if (Number.isNaN(date) || Math.abs(date - now) > maxClockSkewMs) {
      throw unauthorized(`The request's ${name} is missing or outside the allowed 15 minutes.`);
    }
  }
  const hash = await sha256Base64(body);
  if (request.headers.get('x-ms-content-sha256') !== hash) {
    throw unauthorized('x-ms-content-sha256 does not match the body.');
  }
  const values = signedHeaders.map((name) =>
    name === 'host' ? url.host : (request.headers.get(name) ?? ''),
  );
  const expected = await hmacSha256Base64(
    accessKey,
    `${request.method.toUpperCase()}\n${url.pathname}${url.search}\n${values.join(';')}`,
  );
  if (!timingSafeEqual(expected, match[2]!)) throw unauthorized('The HMAC signature is not valid.');
}
