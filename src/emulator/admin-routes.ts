// Control routes under /__emulator (not part of the service's API, never under /chat): fault rules,
// seeding and reset, and tokens of any lifetime, so a browser story or test can drive the emulator
// over HTTP. Who may call them is decided before they run (route-guard.ts); seeds over HTTP are
// bounded (httpSeedLimits).
import { badRequest, notFound, ServiceError } from './errors.ts';
import type { FaultController, FaultRule } from './faults.ts';
import { checkScopes } from './identity-routes.ts';
import type { EmulatorPerson } from './people.ts';
import { jsonObject } from './request-body.ts';
import { empty, json } from './responses.ts';
import type { Route } from './routing.ts';
import { checkSeedOptions, httpSeedLimits, type SeedOptions, type SeedResult } from './seed.ts';
import type { TokenLifetime } from './token-lifetime.ts';

export interface AdminActions {
  faults: FaultController;
  seed(options: SeedOptions): Promise<SeedResult>;
  reset(): void;
  people(): Promise<EmulatorPerson[]>;
  hasUser(userId: string): boolean;
  issueToken(
    userId: string,
    options: TokenLifetime & { scopes: string[] },
  ): Promise<{ token: string; expiresOn: Date }>;
}

const faultsPath = /^\/__emulator\/faults$/;

function seedOf(body: Record<string, unknown>): number | undefined {
  if (body.seed === undefined || body.seed === null) return undefined;
  if (typeof body.seed !== 'number' || !Number.isInteger(body.seed)) {
    throw badRequest("'seed' must be an integer.", 'seed');
  }
  return body.seed;
}

/** The lifetime fields of a token request, as given; tokenExpiry checks their values. */
function lifetimeOf(body: Record<string, unknown>): TokenLifetime {
  const lifetime: TokenLifetime = {};
  if (body.expiresInMinutes != null) lifetime.expiresInMinutes = body.expiresInMinutes as number;
  if (body.expiresInSeconds != null) lifetime.expiresInSeconds = body.expiresInSeconds as number;
  if (body.expiresOn != null) {
    if (typeof body.expiresOn !== 'string') {
      throw badRequest("'expiresOn' must be an ISO 8601 date string.", 'expiresOn');
    }
    lifetime.expiresOn = new Date(body.expiresOn);
  }
  return lifetime;
}

export function adminRoutes(actions: AdminActions): Route[] {
  const { faults } = actions;
  const list = () => json(200, { rules: faults.list() });
  return [
    { method: 'GET', pattern: faultsPath, handle: async () => list() },
    {
      // Replace every rule: { rules: FaultRule[], seed?: number }.
      method: 'PUT',
      pattern: faultsPath,
      async handle(context) {
        const body = jsonObject(context);
        if (!Array.isArray(body.rules)) throw badRequest("'rules' must be an array.", 'rules');
        faults.set(body.rules as FaultRule[]);
        if ('seed' in body) faults.seed(seedOf(body));
        return list();
      },
    },
    {
      // Add one rule: a FaultRule.
      method: 'POST',
      pattern: faultsPath,
      async handle(context) {
        const body = jsonObject(context);
        return json(201, faults.add(body as FaultRule));
      },
    },
    {
      method: 'DELETE',
      pattern: faultsPath,
      async handle() {
        faults.clear();
        return empty(204);
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/__emulator\/faults\/([^/]+)$/,
      async handle(context) {
        if (!faults.remove(context.params[0]!)) throw notFound('No such fault rule.', 'id');
        return empty(204);
      },
    },
    {
      method: 'POST',
      pattern: /^\/__emulator\/seed$/,
      async handle(context) {
        const body = jsonObject(context, { optional: true });
        return json(201, await actions.seed(checkSeedOptions(body, httpSeedLimits)));
      },
    },
    {
      // The `people` option's users, for a dev app to sign in as (tokens: the Identity API).
      method: 'GET',
      pattern: /^\/__emulator\/people$/,
      handle: async () => json(200, { value: await actions.people() }),
    },
    {
      // A token for an existing user with any lifetime, properly signed (tests of expiry):
      // { userId, scopes?, expiresInMinutes? | expiresInSeconds? | expiresOn? } -> { token, expiresOn }.
      method: 'POST',
      pattern: /^\/__emulator\/tokens$/,
      async handle(context) {
        const body = jsonObject(context);
        const { userId } = body;
        if (typeof userId !== 'string' || userId === '') {
          throw badRequest("'userId' must be the id of a user of this emulator.", 'userId');
        }
        const scopes = body.scopes == null ? ['chat'] : checkScopes(body.scopes, 'scopes', false);
        const lifetime = lifetimeOf(body);
        if (!actions.hasUser(userId)) {
          throw new ServiceError(404, 'IdentityNotFound', 'The identity does not exist.', {
            target: 'userId',
          });
        }
        const { token, expiresOn } = await actions.issueToken(userId, { ...lifetime, scopes });
        return json(200, { token, expiresOn: expiresOn.toISOString() });
      },
    },
    {
      method: 'POST',
      pattern: /^\/__emulator\/reset$/,
      async handle() {
        actions.reset();
        return empty(204);
      },
    },
  ];
}
