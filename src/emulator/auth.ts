// Bearer authentication for chat calls: a token this emulator signed, not expired, for a user that
// exists, with the `chat` scope (other scopes are a 403, as for the service).
import { forbidden, unauthorized } from './errors.ts';
import type { EmulatorServices } from './services.ts';
import type { VerifiedToken } from './tokens.ts';

export async function authenticate(request: Request, services: EmulatorServices): Promise<string> {
  const header = request.headers.get('authorization');
  if (header === null || header.trim() === '') {
    throw unauthorized('The Authorization header is missing.');
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (match === null) throw unauthorized('The Authorization header must carry a Bearer token.');
  return authenticateToken(match[1]!, services);
}

/** The user a raw access token is for, by the same rules, wherever the token was carried. */
export async function authenticateToken(raw: string, services: EmulatorServices): Promise<string> {
  return (await authenticatedToken(raw, services)).userId;
}

/** The checked token itself: its user, and when it expires (a socket lives no longer). */
export async function authenticatedToken(
  raw: string,
  services: EmulatorServices,
): Promise<VerifiedToken> {
  const token = await services.tokens.verify(raw);
  if (!services.store.users.has(token.userId)) {
    throw unauthorized("The access token's user does not exist.");
  }
  if (!token.scopes.includes('chat')) {
    throw forbidden('The access token does not grant the chat scope.');
  }
  return token;
}
