// Another seeded person of the visit (e.g. Grace Hopper), signed in on the same emulator: the
// stories that show two people side by side give each one a provider of their own.
import { useEffect, useState } from 'react';
import { sessionAs, type ChatSession } from './session.ts';

export interface PersonSession {
  session?: ChatSession;
  /** Why there is no session: the person is not in this visit, or signing in failed. */
  error?: string;
}

export function usePersonSession(session: ChatSession, displayName: string): PersonSession {
  const person = session.people.find((p) => p.displayName === displayName);
  const [opened, setOpened] = useState<PersonSession>({});
  useEffect(() => {
    if (person === undefined) return;
    let current = true;
    sessionAs(session, person).then(
      (other) => current && setOpened({ session: other }),
      (e: unknown) => current && setOpened({ error: String(e) }),
    );
    return () => {
      current = false;
    };
  }, [session, person]);
  return person === undefined ? { error: `${displayName} is not in this visit.` } : opened;
}
