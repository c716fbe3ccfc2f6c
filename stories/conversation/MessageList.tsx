// The messages of a thread, oldest at the top. Scrolling to the top (or the "Load older messages"
// button, for keyboards) fetches the next older page and keeps the view where it was; new messages
// scroll into view when you are at the bottom, and a message you send always does. Your messages
// can be edited and deleted; one being sent says so, and one that failed offers Retry and Discard.
import {
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import {
  getIdentifierRawId,
  useChatMessages,
  useDeleteChatMessage,
  useSendChatMessage,
  useUpdateChatMessage,
  type ChatMessageItem,
} from '../../src/react/index.ts';
import { useDemo } from '../support/demo-chat.tsx';
import { messageText } from '../support/message-text.ts';

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });

const senderOf = (message: ChatMessageItem) =>
  message.sender ? getIdentifierRawId(message.sender) : undefined;

export interface MessageListProps {
  threadId: string;
  /** Ids of my messages, newest first, with who has read up to them. */
  seenBy: (messageId: string) => string[];
}

export function MessageList({ threadId, seenBy }: MessageListProps): ReactNode {
  const { session } = useDemo();
  const me = session.user.userId;
  const list = useChatMessages(threadId, { pageSize: 20, refetchInterval: 3000 });
  const send = useSendChatMessage(threadId);
  const update = useUpdateChatMessage(threadId);
  const remove = useDeleteChatMessage(threadId);
  const [editing, setEditing] = useState<{ id: string; text: string }>();
  const scroller = useRef<HTMLDivElement>(null);
  const anchor = useRef<{ height: number; top: number } | undefined>(undefined);
  const stickToBottom = useRef(true);

  // Oldest first on screen; the hook gives newest first.
  const messages = [...list.messages].reverse();
  const oldestId = messages[0]?.id;
  const newestId = messages.at(-1)?.id;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;

  function loadOlder() {
    const el = scroller.current;
    if (el === null || !hasNextPage || isFetchingNextPage) return;
    anchor.current = { height: el.scrollHeight, top: el.scrollTop };
    void fetchNextPage();
  }

  // Older messages were added above: keep what the reader was looking at in place.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el === null || anchor.current === undefined) return;
    el.scrollTop = el.scrollHeight - anchor.current.height + anchor.current.top;
    anchor.current = undefined;
  }, [oldestId]);

  // A newer message: follow it while at the bottom; one you just sent, wherever you were reading.
  const newestIsMine = messages.at(-1)?.status === 'pending';
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el === null) return;
    if (newestIsMine) stickToBottom.current = true;
    if (stickToBottom.current) el.scrollTop = el.scrollHeight;
  }, [newestId, newestIsMine]);

  function onScroll() {
    const el = scroller.current;
    if (el === null) return;
    stickToBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
    if (el.scrollTop < 60) loadOlder();
  }

  // If the first pages do not fill the pane, there is nothing to scroll: load more until they do.
  useEffect(() => {
    const el = scroller.current;
    if (el !== null && list.isSuccess && el.scrollHeight <= el.clientHeight && hasNextPage) {
      void fetchNextPage();
    }
  }, [list.isSuccess, messages.length, hasNextPage, fetchNextPage]);

  function save() {
    if (editing === undefined) return;
    update.mutate({ messageId: editing.id, content: editing.text });
    setEditing(undefined);
  }

  function onEditKey(event: KeyboardEvent) {
    if (event.key === 'Enter') save();
    if (event.key === 'Escape') setEditing(undefined);
  }

  if (list.isPending) return <p role="status">Loading messages…</p>;
  if (list.data === undefined) {
    return (
      <div role="alert" className="placeholder error">
        Could not load the messages: {list.error?.message}{' '}
        <button type="button" className="button" onClick={() => void list.refetch()}>
          Try again
        </button>
      </div>
    );
  }

  const lastMine = [...messages].reverse().find((m) => senderOf(m) === me && !m.status);
  return (
    <div
      className="messages"
      ref={scroller}
      onScroll={onScroll}
      role="log"
      aria-label="Messages"
      tabIndex={0}
    >
      <div className="messages__top">
        {hasNextPage ? (
          <button
            type="button"
            className="button button--quiet"
            onClick={loadOlder}
            disabled={isFetchingNextPage}
          >
            {isFetchingNextPage ? 'Loading older messages…' : 'Load older messages'}
          </button>
        ) : (
          <span className="hint">The beginning of the conversation</span>
        )}
      </div>
      <ol className="message-list">
        {messages.map((message) => {
          if (message.type !== 'text' && message.type !== 'html') {
            return (
              <li key={message.id} className="message message--system">
                {messageText(message)}
              </li>
            );
          }
          const mine = senderOf(message) === me;
          const text = message.content?.message ?? '';
          const readers = message.id === lastMine?.id ? seenBy(message.id) : [];
          return (
            <li key={message.id} className={`message${mine ? ' message--mine' : ''}`}>
              <div className="message__head">
                <strong>{mine ? 'You' : (message.senderDisplayName ?? 'Someone')}</strong>
                <time dateTime={message.createdOn.toISOString()}>
                  {timeFormat.format(message.createdOn)}
                </time>
                {message.editedOn && <span className="hint">(edited)</span>}
              </div>
              {editing?.id === message.id ? (
                <div className="message__edit">
                  <label className="visually-hidden" htmlFor={`edit-${message.id}`}>
                    Edit message
                  </label>
                  <input
                    id={`edit-${message.id}`}
                    value={editing.text}
                    autoFocus
                    onChange={(event) => setEditing({ id: message.id, text: event.target.value })}
                    onKeyDown={onEditKey}
                  />
                  <button type="button" className="button" onClick={save}>
                    Save
                  </button>
                  <button
                    type="button"
                    className="button button--quiet"
                    onClick={() => setEditing(undefined)}
                  >
                    Cancel
                  </button>
                </div>
              ) : (
                <p className="message__text">{text}</p>
              )}
              {message.status === 'pending' && <span className="hint">Sending…</span>}
              {message.status === 'failed' && (
                <span role="alert" className="error">
                  Not sent: {message.error?.message}{' '}
                  <button
                    type="button"
                    className="button button--quiet"
                    onClick={() => send.retry(message)}
                  >
                    Retry
                  </button>
                  <button
                    type="button"
                    className="button button--quiet"
                    onClick={() => send.discard(message)}
                  >
                    Discard
                  </button>
                </span>
              )}
              {mine && !message.status && editing?.id !== message.id && (
                <span className="message__actions">
                  <button
                    type="button"
                    className="button button--quiet"
                    aria-label={`Edit “${text}”`}
                    onClick={() => setEditing({ id: message.id, text })}
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    className="button button--quiet"
                    aria-label={`Delete “${text}”`}
                    onClick={() => remove.mutate(message.id)}
                  >
                    Delete
                  </button>
                </span>
              )}
              {readers.length > 0 && (
                <span className="hint seen">Seen by {readers.join(', ')}</span>
              )}
            </li>
          );
        })}
      </ol>
      {update.isError && (
        <p role="alert" className="error">
          Could not edit the message: {update.error.message}
        </p>
      )}
      {remove.isError && (
        <p role="alert" className="error">
          Could not delete the message: {remove.error.message} It is back.
        </p>
      )}
    </div>
  );
}
