// The HTTP side of the real-time channel, as the official client walks it: the configuration on the
// chat endpoint (Bearer token), then allocation, the socket.io handshake and the registrar (token
// in X-Skypetoken). All of it points back at this emulator: the trouter and registrar services
// live under the endpoint, the socket at the root of its origin, where the client looks for
// /socket.io/1/ whatever the URL's path (and where it sends allocations when it reconnects).
import { authenticate, authenticatedToken } from '../auth.ts';
import { badRequest, unauthorized } from '../errors.ts';
import { newGuid } from '../ids.ts';
import { jsonObject } from '../request-body.ts';
import { empty, json } from '../responses.ts';
import type { RequestContext, Route } from '../routing.ts';
import type { EmulatorServices } from '../services.ts';
import { heartbeatSeconds, type RealtimeChannel } from './channel.ts';

/** Below the endpoint: where the configuration says the two services are. */
export const trouterServicePath = '/trouter';
export const registrarServicePath = '/registrar';

/** Paths served at the root of the origin, whatever the endpoint's mount prefix. */
export const rootRealtimePath = /^\/(socket\.io\/1\/|v4\/a$)/;

/** The connection's lifetime as allocation reports it, in seconds. */
const allocationTtlSeconds = 86_400;

async function skypeToken(context: RequestContext, services: EmulatorServices) {
  const token = context.request.headers.get('x-skypetoken');
  if (token === null || token.trim() === '')
    throw unauthorized('The X-Skypetoken header is missing.');
  return authenticatedToken(token.trim(), services);
}

export function realtimeRoutes(services: EmulatorServices, channel: RealtimeChannel): Route[] {
  const allocate: Route['handle'] = async (context) => {
    await skypeToken(context, services);
    const origin = context.url.origin;
    const connectionId = newGuid();
    const expiresAt = services.now() + allocationTtlSeconds * 1000;
    return json(200, {
      id: connectionId,
      // Must be the origin's root, with the slash: the client appends `v4/a` to reconnect.
      socketio: `${origin}/`,
      url: `${origin}/v4/f/${connectionId}/`,
      surl: `${origin}/v4/f/${connectionId}/`,
      ccid: connectionId.replace(/-/g, ''),
      // Plain alphanumerics: the client splits the socket query on '&' and '='. `se` is the
      // expiry in epoch milliseconds, which decides when the client stops reusing these.
      connectparams: { se: String(expiresAt) },
      ttl: String(allocationTtlSeconds),
    });
  };
  return [
    {
      method: 'GET',
      pattern: /^\/chat\/config\/realTimeNotifications$/,
      async handle(context) {
        await authenticate(context.request, services);
        return json(200, {
          trouterServiceUrl: `${context.base}${trouterServicePath}`,
          registrarServiceUrl: `${context.base}${registrarServicePath}`,
          cloudType: 'Public',
        });
      },
    },
    { method: 'POST', pattern: /^\/trouter\/v4\/a$/, handle: allocate },
    { method: 'POST', pattern: /^\/v4\/a$/, handle: allocate },
    {
      method: 'GET',
      pattern: /^\/socket\.io\/1\/$/,
      async handle(context) {
        // The socket this handshake opens is closed when the token expires.
        const { userId, expiresOnMs } = await skypeToken(context, services);
        const sid = channel.handshake(userId, expiresOnMs);
        return new Response(`${sid}:${heartbeatSeconds}:${heartbeatSeconds}:websocket`, {
          status: 200,
          headers: { 'content-type': 'text/plain' },
        });
      },
    },
    {
      method: 'POST',
      pattern: /^\/registrar\/v3\/registrations$/,
      async handle(context) {
        await skypeToken(context, services);
        jsonObject(context);
        // Delivery follows the open sockets, so a registration changes nothing here.
        return empty(202);
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/registrar\/v3\/registrations\/([^/]+)$/,
      async handle(context) {
        await skypeToken(context, services);
        return empty(200);
      },
    },
  ];
}

/** `POST /__emulator/realtime/drop` with an optional `{ userId }`: closes sockets, to force a reconnect. */
export function realtimeAdminRoutes(channel: RealtimeChannel): Route[] {
  return [
    {
      method: 'POST',
      pattern: /^\/__emulator\/realtime\/drop$/,
      async handle(context) {
        const body = jsonObject(context, { optional: true });
        const userId = body.userId ?? undefined;
        if (userId !== undefined && typeof userId !== 'string') {
          throw badRequest("'userId' must be a string.", 'userId');
        }
        return json(200, { dropped: channel.drop(userId) });
      },
    },
    {
      method: 'GET',
      pattern: /^\/__emulator\/realtime$/,
      handle: async (context) => {
        const userId = context.url.searchParams.get('userId') ?? undefined;
        return json(200, { connections: channel.connectionCount(userId) });
      },
    },
  ];
}
