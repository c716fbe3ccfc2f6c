// Two people in one conversation, side by side: the signed-in demo user (the story's provider) and
// Grace Hopper, signed in on the same visit's emulator with a provider and a real-time source of
// her own. What one does reaches the other through ACS's real-time channel, not a poll.
import type { ReactNode } from 'react';
import { DemoChat, type ChatStoryRealtime } from '../support/demo-chat.tsx';
import type { ChatSession } from '../support/session.ts';
import { usePersonSession } from '../support/use-person-session.ts';
import { Conversation } from './Conversation.tsx';

export function TwoPeople(props: {
  session: ChatSession;
  threadId: string;
  /** Grace's source, as the story's own: our client (true) or the official one. */
  realtime?: ChatStoryRealtime;
}): ReactNode {
  const { session, threadId, realtime } = props;
  return (
    <SideBySide session={session} other="Grace Hopper" realtime={realtime}>
      <Conversation threadId={threadId} />
    </SideBySide>
  );
}

/** The signed-in user's screen on the left, the same screen as `other` on the right. */
export function SideBySide(props: {
  session: ChatSession;
  other: string;
  realtime?: ChatStoryRealtime;
  children: ReactNode;
}): ReactNode {
  const { session, other, realtime = true, children } = props;
  const person = usePersonSession(session, other);
  return (
    <div className="two-people">
      <section aria-label={session.user.displayName}>
        <h2>{session.user.displayName}</h2>
        {children}
      </section>
      <section aria-label={other}>
        <h2>{other}</h2>
        {person.error !== undefined && <p role="alert">{person.error}</p>}
        {person.session && (
          <DemoChat session={person.session} devtools={false} realtime={realtime}>
            {children}
          </DemoChat>
        )}
      </section>
    </div>
  );
}
