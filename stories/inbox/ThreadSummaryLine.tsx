// What is new in a thread, for its inbox row: the last message ("Grace: See you at 3"), and the
// unread count as a badge (99+ beyond the bound). The row asks for the summary once
// (useChatThreadSummary, at most two requests a thread) and hands it to these; a thread the user
// left answers 403 and says so.
import type { ReactNode } from 'react';
import type { ChatError, ChatThreadSummary } from '../../src/react/index.ts';

/** The badge's text: '' when nothing is unread (or not known yet), '99+' beyond the bound. */
export function unreadLabel(summary: ChatThreadSummary | undefined): string {
  if (!summary || summary.unreadCount === 0) return '';
  return summary.unreadCapped ? '99+' : String(summary.unreadCount);
}

export function ThreadSummaryLine(props: {
  summary: ChatThreadSummary | undefined;
  error: ChatError | null;
}): ReactNode {
  if (props.error?.statusCode === 403)
    return <span className="thread-row__preview">You left this thread</span>;
  const last = props.summary?.lastMessage;
  if (!last) return null;
  const who = last.senderDisplayName ? `${last.senderDisplayName.split(' ')[0]}: ` : '';
  return (
    <span className="thread-row__preview" title={last.preview}>
      {who}
      {last.preview}
    </span>
  );
}

export function UnreadBadge({ label }: { label: string }): ReactNode {
  return label === '' ? null : (
    <span className="unread" aria-label={`${label} unread`}>
      {label}
    </span>
  );
}
