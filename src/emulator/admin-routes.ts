// Control routes under /__emulator (not part of the service's API, never under /chat): fault rules,
// seeding and reset, so a browser story can drive the emulator over HTTP. Who may call them is
// decided before they run (route-guard.ts); seeds over HTTP are bounded (httpSeedLimits).
import { badRequest, notFound } from './errors.ts';
import type { FaultController, FaultRule } from './faults.ts';
import type { EmulatorPerson } from './people.ts';
import { jsonObject } from './request-body.ts';
import { empty, json } from './responses.ts';
import type { Route } from './routing.ts';
import { checkSeedOptions, httpSeedLimits, type SeedOptions, type SeedResult } from './seed.ts';

export interface AdminActions {
  faults: FaultController;
  seed(options: SeedOptions): Promise<SeedResult>;
  reset(): void;
  people(): Promise<EmulatorPerson[]>;
}

const faultsPath = /^\/__emulator\/faults$/;

function seedOf(body: Record<string, unknown>): number | undefined {
  if (body.seed === undefined || body.seed === null) return undefined;
  if (typeof body.seed !== 'number' || !Number.isInteger(body.seed)) {
    throw badRequest("'seed' must be an integer.", 'seed');
  }
  return body.seed;
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
      method: 'POST',
      pattern: /^\/__emulator\/reset$/,
      async handle() {
        actions.reset();
        return empty(204);
      },
    },
  ];
}
