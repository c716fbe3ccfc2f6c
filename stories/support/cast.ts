// Who is who in the demo. The dev server seeds the emulator when it starts (.storybook/demo-data.ts)
// and hands the cast to the browser as a virtual module, so the stories know whom to sign in as
// without an extra endpoint.
import cast from 'virtual:react-acs-chat-demo-cast';
export interface DemoPerson {
  userId: string;
  displayName: string;
}

export interface DemoCast {
  /** The signed-in demo user. */
  me: DemoPerson;
  /** Everyone else, to add to threads. */
  people: DemoPerson[];
  /** A user with 10,000 threads, for the virtualised inbox. */
  bulk: DemoPerson;
  /** The newest of `me`'s seeded threads: a long conversation with everyone. */
  conversationThreadId: string;
}

/** The seeded cast (the emulator is mounted even when the stories point at a real ACS resource). */
export const demoCast: DemoCast = cast;
