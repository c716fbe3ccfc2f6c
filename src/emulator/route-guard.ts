// Who may use the Identity API and the admin routes (/__emulator/*). The chat routes take anyone
// with a token, from any origin, as the service does. These two mint tokens (the default access
// key is public) and rewrite the emulator, so a page on another origin must not reach them, not
// even with a CORS-simple POST whose answer it cannot read: the request is refused, not just left
// without CORS headers. Browsers say where a request comes from in Origin (every cross-origin
// request and every same-origin one but GET/HEAD) and Sec-Fetch-Site; a caller that sends neither
// is not a browser (Node, curl, a token server) and passes. And the admin routes answer another
// machine only with the emulator's admin key.
import { ServiceError } from './errors.ts';
import { timingSafeEqual } from './hmac.ts';

/** Exact origins ('http://localhost:5173'), '*' for any, or a predicate. */
export type AllowedOrigins = readonly string[] | ((origin: string) => boolean);

/** What the server knows about the connection a request arrived on. */
export interface EmulatorConnection {
  /** The client's IP address, as the socket reports it. */
  remoteAddress?: string | undefined;
}

/** The header that carries the admin key. */
export const adminKeyHeader = 'x-emulator-key';

export const isAdminPath = (path: string) => path.startsWith('/__emulator/');

export const isGuardedPath = (path: string) =>
  isAdminPath(path) || path === '/identities' || path.startsWith('/identities/');

const forbidden = (message: string) => new ServiceError(403, 'Forbidden', message);

function isAllowed(origin: string, allowed: AllowedOrigins | undefined): boolean {
  if (allowed === undefined) return false;
  if (typeof allowed === 'function') return allowed(origin);
  return allowed.includes('*') || allowed.includes(origin);
}

/**
 * A name no DNS answer can point elsewhere: localhost (and *.localhost, which browsers keep on
 * loopback) or an IP literal. A page that is same-origin under any other name may be a DNS
 * rebinding attack (evil.example re-resolved to 127.0.0.1), so it has to be listed.
 */
function isPinnedHost(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    hostname.startsWith('[') ||
    /^\d{1,3}(\.\d{1,3}){3}$/.test(hostname)
  );
}

/** Throws a 403 unless the request comes from no browser, a same-origin page or an allowed one. */
export function checkBrowserCaller(
  request: Request,
  url: URL,
  allowed: AllowedOrigins | undefined,
): void {
  const origin = request.headers.get('origin');
  const site = request.headers.get('sec-fetch-site');
  if (origin === null && site === null) return; // not a browser
  if (origin !== null && isAllowed(origin, allowed)) return;
  // 'none': the user opened the URL themselves.
  const sameSite = site === null || site === 'same-origin' || site === 'none';
  const sameOrigin = (origin === null || origin === url.origin) && sameSite;
  if (sameOrigin && isPinnedHost(url.hostname)) return;
  throw forbidden(
    `The Identity API and the emulator's admin routes refuse pages on other origins (${origin ?? `Sec-Fetch-Site: ${site}`}). ` +
      "List the page's origin in the emulator's allowedOrigins option to let it in.",
  );
}

/** A loopback address or host name (127.0.0.0/8, ::1, localhost): this machine only. */
export const isLoopback = (address: string) =>
  address === 'localhost' ||
  /^127\./.test(address) ||
  address === '::1' ||
  /^::ffff:127\./i.test(address);

/**
 * Throws unless the admin key is given (when the emulator has one) or the request came from this
 * machine (when it has none). A call of the handler without connection details is in-process.
 */
export function checkAdminKey(
  request: Request,
  adminKey: string | undefined,
  connection: EmulatorConnection | undefined,
): void {
  if (adminKey === undefined) {
    const address = connection === undefined ? '127.0.0.1' : (connection.remoteAddress ?? '');
    if (isLoopback(address)) return;
    throw forbidden(
      'The admin routes answer other machines only with a key: start the emulator with adminKey ' +
        `and send it in ${adminKeyHeader}.`,
    );
  }
  const given = request.headers.get(adminKeyHeader);
  if (given === null || !timingSafeEqual(given, adminKey)) {
    throw new ServiceError(
      401,
      'Unauthorized',
      `The admin routes need the admin key in ${adminKeyHeader}.`,
    );
  }
}
