// Two people in one conversation, side by side: the signed-in demo user (the story's provider) and
// Grace Hopper, signed in on the same visit's emulator with a provider and a real-time source of
// her own. What one does reaches the other through ACS's real-time channel, not a poll.
import { useEffect, useState, type ReactNode } from 'react';
import { DemoChat } from '../support/demo-chat.tsx';
import { sessionAs, type ChatSession } from '../support/session.ts';
import { Conversation } from './Conversation.tsx';

export function TwoPeople(props: { session: ChatSession; threadId: string }): ReactNode {
  const { session, threadId } = props;
  const [other, setOther] = useState<ChatSession>();
  const [error, setError] = useState<string>();
  const grace = session.people.find((p) => p.displayName === 'Grace Hopper');
  useEffect(() => {
    if (grace === undefined) return;
    let current = true;
    sessionAs(session, grace).then(
      (opened) => current && setOther(opened),
      (e: unknown) => current && setError(String(e)),
    );
    return () => {
      current = false;
    };
  }, [session, grace]);
  return (
    <div className="two-people">
      <section aria-label={session.user.displayName}>
        <h2>{session.user.displayName}</h2>
        <Conversation threadId={threadId} />
      </section>
      <section aria-label={other?.user.displayName ?? 'Grace Hopper'}>
        <h2>{other?.user.displayName ?? 'Grace Hopper'}</h2>
        {(error ?? (grace ? undefined : 'Grace Hopper is not in this visit.')) && (
          <p role="alert">{error ?? 'Grace Hopper is not in this visit.'}</p>
        )}
        {other && (
          <DemoChat session={other} devtools={false} realtime>
            <Conversation threadId={threadId} />
          </DemoChat>
        )}
      </section>
    </div>
  );
}
