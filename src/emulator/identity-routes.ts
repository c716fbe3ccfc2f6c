// The slice of the Identity API (2023-10-01) that hands out users and tokens: create a user (with a
// token when scopes are given) and issue a token for a user. HMAC-authenticated with the access key,
// as the service does, unless the emulator runs with identityAuth 'open' (demos).
import { identityApiVersion } from './api-version.ts';
import { badRequest, ServiceError } from './errors.ts';
import { verifyHmac } from './hmac.ts';
import { jsonObject } from './request-body.ts';
import { json } from './responses.ts';
import type { RequestContext, Route } from './routing.ts';
import type { EmulatorServices } from './services.ts';
import { defaultTokenMinutes } from './tokens.ts';

export const tokenScopes = ['chat', 'voip', 'chat.join', 'chat.join.limited', 'voip.join'];

/** Token lifetimes the service accepts: one hour to one day. */
export function checkTokenMinutes(minutes: unknown): number {
  if (minutes === undefined || minutes === null) return defaultTokenMinutes;
  if (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes < 60 || minutes > 1440) {
    throw badRequest("'expiresInMinutes' must be an integer from 60 to 1440.", 'expiresInMinutes');
  }
  return minutes;
}

/** Scopes as the Identity API takes them: known names only; `required` also refuses none. */
export function checkScopes(value: unknown, target: string, required: boolean): string[] {
  if (value === undefined || value === null) {
    if (required) throw badRequest(`'${target}' is required.`, target);
    return [];
  }
  if (!Array.isArray(value) || value.some((scope) => typeof scope !== 'string')) {
    throw badRequest(`'${target}' must be an array of strings.`, target);
  }
  const unknown = value.find((scope) => !tokenScopes.includes(scope as string));
  if (unknown !== undefined) throw badRequest(`Unknown scope '${String(unknown)}'.`, target);
  if (required && value.length === 0) throw badRequest(`'${target}' must not be empty.`, target);
  return value as string[];
}

export async function issueToken(
  services: EmulatorServices,
  userId: string,
  scopes: string[],
  expiresOnMs: number,
  issuedAtMs: number,
): Promise<{ token: string; expiresOn: Date }> {
  // The JWT carries whole seconds; expiresOn says exactly what `exp` says.
  const expiresOn = new Date(Math.floor(expiresOnMs / 1000) * 1000);
  const token = await services.tokens.issue(userId, scopes, expiresOn.getTime(), issuedAtMs);
  return { token, expiresOn };
}

async function authorize(context: RequestContext, services: EmulatorServices): Promise<void> {
  identityApiVersion(context.url);
  if (services.identityAuth === 'open') return;
  await verifyHmac(
    context.request,
    context.url,
    context.body.text,
    services.accessKey,
    context.now,
  );
}

export function identityRoutes(services: EmulatorServices): Route[] {
  return [
    {
      method: 'POST',
      pattern: /^\/identities$/,
      async handle(context) {
        await authorize(context, services);
        const body = jsonObject(context, { optional: true });
        const scopes = checkScopes(body.createTokenWithScopes, 'createTokenWithScopes', false);
        const minutes = checkTokenMinutes(body.expiresInMinutes);
        const user = services.store.createUser(context.now);
        const result: Record<string, unknown> = { identity: { id: user.id } };
        if (scopes.length > 0) {
          const { token, expiresOn } = await issueToken(
            services,
            user.id,
            scopes,
            context.now + minutes * 60_000,
            context.now,
          );
          result.accessToken = { token, expiresOn: expiresOn.toISOString() };
        }
        return json(201, result);
      },
    },
    {
      method: 'POST',
      pattern: /^\/identities\/([^/]+)\/:issueAccessToken$/,
      async handle(context) {
        await authorize(context, services);
        const userId = context.params[0]!;
        const body = jsonObject(context);
        const scopes = checkScopes(body.scopes, 'scopes', true);
        const minutes = checkTokenMinutes(body.expiresInMinutes);
        if (!services.store.users.has(userId)) {
          throw new ServiceError(404, 'IdentityNotFound', 'The identity does not exist.', {
            target: 'id',
          });
        }
        const { token, expiresOn } = await issueToken(
          services,
          userId,
          scopes,
          context.now + minutes * 60_000,
          context.now,
        );
        return json(200, { token, expiresOn: expiresOn.toISOString() });
      },
    },
  ];
}
