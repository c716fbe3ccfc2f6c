// What is new in a thread, for its inbox row: the last message ("Grace: See you at 3"), and the
// unread count as a badge (99+ beyond the bound). Only rendered rows ask for it (useChatThreadSummary,
// at most two requests a thread); a thread the user left answers 403 and says so.
import type { ReactNode } from 'react';
import { useChatThreadSummary } from '../../src/react/index.ts';

export function useUnread(threadId: string): string {
  const { data } = useChatThreadSummary(threadId);
  if (!data || data.unreadCount === 0) return '';
  return data.unreadCapped ? '99+' : String(data.unreadCount);
}

export function ThreadSummaryLine({ threadId }: { threadId: string }): ReactNode {
  const { data, error } = useChatThreadSummary(threadId);
  if (error?.statusCode === 403)
    return <span className="thread-row__preview">You left this thread</span>;
  const last = data?.lastMessage;
  if (!last) return null;
  const who = last.senderDisplayName ? `${last.senderDisplayName.split(' ')[0]}: ` : '';
  return (
    <span className="thread-row__preview" title={last.preview}>
      {who}
      {last.preview}
    </span>
  );
}

export function UnreadBadge({ threadId }: { threadId: string }): ReactNode {
  const unread = useUnread(threadId);
  return unread === '' ? null : (
    <span className="unread" aria-label={`${unread} unread`}>
      {unread}
    </span>
  );
}
