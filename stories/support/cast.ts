// Who is who in a story visit. Every visit gets an emulator of its own, seeded for the story
// (.storybook/demo-visits.ts): the dev server answers `POST /acs/visits` with where that emulator
// is served and who is in it, so whatever one visit changes, the next starts from the seed.
export interface DemoPerson {
  userId: string;
  displayName: string;
}

/** What a visit's emulator was seeded with. */
export interface DemoWorld {
  /** The user the story signs in as. */
  user: DemoPerson;
  /** Everyone else, to add to threads. */
  people: DemoPerson[];
  /** The demo user's long conversation (the newest seeded thread), when seeded. */
  conversationThreadId?: string;
}

/** The dev server's answer to `POST /acs/visits`. */
export interface DemoVisit extends DemoWorld {
  /** The visit's emulator, below the page's origin, e.g. `/acs/visits/7`. */
  path: string;
}
