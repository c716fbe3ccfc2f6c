// CORS on every response, errors and 401s included, so a browser app on another origin (Storybook,
// a Vite app) can call the emulator and read what the service's clients read: retry hints,
// Location, correlation ids.
import { empty } from './responses.ts';

const allowedMethods = 'GET, POST, PUT, PATCH, DELETE, OPTIONS';
const allowedHeaders = [
  'authorization',
  'content-type',
  'accept',
  'repeatability-request-id',
  'repeatability-first-sent',
  'x-ms-client-request-id',
  'x-ms-return-client-request-id',
  'x-ms-date',
  'x-ms-content-sha256',
  'x-ms-useragent',
  'traceparent',
  'x-emulator-key',
  // The real-time channel's allocation, handshake and registrar calls carry the token here.
  'x-skypetoken',
];
const exposedHeaders = [
  'retry-after',
  'retry-after-ms',
  'x-ms-retry-after-ms',
  'location',
  'ms-cv',
  'x-ms-request-id',
  'x-ms-client-request-id',
  'repeatability-result',
  'api-supported-versions',
  'www-authenticate',
].join(', ');

export function isPreflight(request: Request): boolean {
  return request.method === 'OPTIONS' && request.headers.has('access-control-request-method');
}

export function preflight(request: Request): Response {
  // Allow the fixed list plus any x-ms-* header the browser asks about.
  const requested = (request.headers.get('access-control-request-headers') ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name.startsWith('x-ms-') && !allowedHeaders.includes(name));
  return empty(204, {
    'access-control-allow-methods': allowedMethods,
    'access-control-allow-headers': [...allowedHeaders, ...requested].join(', '),
    'access-control-max-age': '600',
  });
}

/** Adds the CORS headers to a response (in place) for the request's origin. */
export function withCors(request: Request, headers: Headers): void {
  const origin = request.headers.get('origin');
  headers.set('access-control-allow-origin', origin ?? '*');
  if (origin !== null) headers.append('vary', 'Origin');
  headers.set('access-control-expose-headers', exposedHeaders);
}
