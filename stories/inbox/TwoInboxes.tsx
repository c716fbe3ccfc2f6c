// Two people's inboxes side by side, each with the conversation they open beside it: the signed-in
// demo user and Grace Hopper, each with her own provider and real-time source. Unread badges are
// each reader's own: opening a thread clears its badge for the one who opened it, not the other's.
import { useState, type ReactNode } from 'react';
import { Conversation } from '../conversation/Conversation.tsx';
import { SideBySide } from '../conversation/TwoPeople.tsx';
import type { ChatSession } from '../support/session.ts';
import { Inbox } from './Inbox.tsx';

function InboxAndConversation(): ReactNode {
  const [open, setOpen] = useState<string>();
  return (
    <div className="inbox-and-conversation">
      <Inbox
        pageSize={20}
        readOnly
        summaries
        onOpen={(thread) => setOpen(thread.id)}
        selectedId={open}
      />
      {open === undefined ? (
        <p className="placeholder">Open a thread to read it.</p>
      ) : (
        <Conversation threadId={open} people={false} />
      )}
    </div>
  );
}

export function TwoInboxes({ session }: { session: ChatSession }): ReactNode {
  return (
    <SideBySide session={session} other="Grace Hopper">
      <InboxAndConversation />
    </SideBySide>
  );
}
