// The Conversation screen: a thread's messages (older pages on scroll-up; live with a real-time
// source, else polling for new ones), optimistic send, edit and delete, who is typing, read
// receipts ("Seen by") and the participants panel.
import { useState, type ReactNode } from 'react';
import {
  getIdentifierRawId,
  useChatParticipants,
  useChatThread,
  useMarkChatThreadRead,
  useReadReceipts,
  useTypingIndicators,
} from '../../src/react/index.ts';
import { useDemo } from '../support/demo-chat.tsx';
import { ConnectionBadge } from '../support/ConnectionBadge.tsx';
import { Composer } from './Composer.tsx';
import { MessageList } from './MessageList.tsx';
import { ParticipantsPanel } from './ParticipantsPanel.tsx';

export function Conversation(props: {
  threadId: string;
  /** Whether the participants panel starts open. Default true. */
  people?: boolean;
}): ReactNode {
  const { threadId, people = true } = props;
  const { session } = useDemo();
  const thread = useChatThread(threadId);
  const participants = useChatParticipants(threadId);
  const receipts = useReadReceipts(threadId, { refetchInterval: 5000 });
  const [showPeople, setShowPeople] = useState(people);
  const typing = useTypingIndicators(threadId);
  // Tells the others (and the inbox's badge) that we have read what is on screen.
  useMarkChatThreadRead(threadId);

  const nameOf = (rawId: string) =>
    participants.data?.find((p) => getIdentifierRawId(p.id) === rawId)?.displayName ?? rawId;
  // Message ids are epoch milliseconds: a receipt for a later message covers this one too.
  const seenBy = (messageId: string) =>
    (receipts.data ?? [])
      .filter((r) => getIdentifierRawId(r.sender) !== session.user.userId)
      .filter((r) => Number(r.chatMessageId) >= Number(messageId))
      .map((r) => nameOf(getIdentifierRawId(r.sender)));

  return (
    <div className={`conversation${showPeople ? ' conversation--people' : ''}`}>
      <section className="conversation__main" aria-labelledby="conversation-title">
        <header className="conversation__header">
          <h1 id="conversation-title">
            {thread.data?.topic ?? (thread.isError ? 'Thread unavailable' : 'Loading…')}
          </h1>
          <ConnectionBadge />
          <button
            type="button"
            className="button button--quiet"
            aria-expanded={showPeople}
            aria-controls="participants-panel"
            onClick={() => setShowPeople((shown) => !shown)}
          >
            {showPeople ? 'Hide participants' : 'Show participants'}
          </button>
        </header>
        <MessageList threadId={threadId} seenBy={seenBy} />
        <p className="hint" role="status" aria-label="Who is typing">
          {typing.length === 0
            ? ''
            : `${typing.map((t) => t.senderDisplayName ?? nameOf(getIdentifierRawId(t.sender))).join(', ')} ${typing.length === 1 ? 'is' : 'are'} typing…`}
        </p>
        <Composer threadId={threadId} />
      </section>
      {showPeople && <ParticipantsPanel threadId={threadId} id="participants-panel" />}
    </div>
  );
}
