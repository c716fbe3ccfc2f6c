// Named people for a dev setup: users made the first time they are asked for, and for each person
// after the first a thread shared with the first one, holding a greeting. An app that signs in as
// the first person opens on an inbox with something in it, and has people to start threads with.
// The threads are made through the emulator's own handler, so they carry the system messages a
// real create does.
import { latestChatApiVersion } from './api-version.ts';
import { badRequest } from './errors.ts';

export interface EmulatorPerson {
  displayName: string;
  userId: string;
}

/** At most this many people: each one costs a user, a token and a thread. */
export const maxPeople = 50;

/** Checks the `people` option: distinct, non-empty display names, at most `maxPeople`. */
export function checkPeople(value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > maxPeople) {
    throw badRequest(`'people' must be an array of at most ${maxPeople} display names.`, 'people');
  }
  const names = value.map((name) => (typeof name === 'string' ? name.trim() : ''));
  if (names.some((name) => name === '' || name.length > 256)) {
    throw badRequest("Each of 'people' must be a display name of 1 to 256 characters.", 'people');
  }
  if (new Set(names).size !== names.length) {
    throw badRequest("'people' must not name anyone twice.", 'people');
  }
  return names;
}

interface PeopleServices {
  createUser(): Promise<{ userId: string; token: string }>;
  handle(request: Request): Promise<Response>;
}

async function createThread(
  handle: PeopleServices['handle'],
  creator: { userId: string; token: string; displayName: string },
  other: { userId: string; token: string; displayName: string },
): Promise<void> {
  const call = async (path: string, body: unknown, token: string) => {
    const response = await handle(
      new Request(`http://127.0.0.1${path}?api-version=${latestChatApiVersion}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    );
    if (!response.ok) throw new Error(`Seeding people: POST ${path} answered ${response.status}.`);
    return (await response.json()) as { chatThread?: { id: string } };
  };
  const member = (person: typeof creator) => ({
    communicationIdentifier: { communicationUser: { id: person.userId } },
    displayName: person.displayName,
  });
  const { chatThread } = await call(
    '/chat/threads',
    {
      topic: `${creator.displayName} and ${other.displayName}`,
      participants: [member(creator), member(other)],
    },
    creator.token,
  );
  const firstName = creator.displayName.split(' ')[0];
  await call(
    `/chat/threads/${encodeURIComponent(chatThread!.id)}/messages`,
    {
      content: `Hi ${firstName}, this is ${other.displayName}.`,
      senderDisplayName: other.displayName,
      type: 'text',
    },
    other.token,
  );
}

/** Where a kept emulator finds the people it made before. */
export interface PeopleStore {
  load(): EmulatorPerson[] | undefined;
  save(people: EmulatorPerson[]): void;
  /** The user still exists (a reset forgets users). */
  has(userId: string): boolean;
}

/**
 * `list()` makes the people (once) and returns them in the order named; `forget()` after a reset.
 * With a store, the people it kept are used again when they are the ones named.
 */
export function peopleOf(names: string[], services: PeopleServices, store?: PeopleStore) {
  let made: Promise<EmulatorPerson[]> | undefined;
  const make = async () => {
    const kept = store?.load();
    if (
      kept !== undefined &&
      kept.length === names.length &&
      kept.every((person, i) => person.displayName === names[i] && store!.has(person.userId))
    ) {
      return kept;
    }
    const people = await makeNew();
    store?.save(people);
    return people;
  };
  const makeNew = async () => {
    const users = [];
    for (const displayName of names) users.push({ displayName, ...(await services.createUser()) });
    const [first, ...others] = users;
    for (const other of others) await createThread(services.handle, first!, other);
    return users.map(({ displayName, userId }) => ({ displayName, userId }));
  };
  return {
    list: () => (made ??= make()),
    forget: () => {
      made = undefined;
    },
  };
}
