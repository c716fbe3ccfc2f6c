// The thread list: virtualised with @tanstack/react-virtual (only the rows in view, plus a few, are
// in the DOM, so 10,000 threads scroll as smoothly as 20) and infinite (reaching the last row fetches
// the next page). A list with aria-setsize/aria-posinset, so assistive tech knows where a row is.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type CSSProperties, type ReactNode, type RefObject } from 'react';
import { useChatThreadSummary, type ChatThreadItem } from '../../src/react/index.ts';
import { ThreadSummaryLine, UnreadBadge, unreadLabel } from './ThreadSummaryLine.tsx';

export interface ThreadListProps {
  threads: ChatThreadItem[];
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
  /** Deletes a thread; without it, rows have no Delete button. */
  onDelete?: ((thread: ChatThreadItem) => void) | undefined;
  /** Opens a thread; without it, topics are plain text. */
  onOpen?: (thread: ChatThreadItem) => void;
  selectedId?: string | undefined;
  /** Rows to draw attention to: a new thread, or one a failed delete put back. */
  highlight?: { id: string; kind: 'created' | 'restored' } | undefined;
  /** Lets the parent scroll the list, e.g. to the top after a create. */
  scrollToTop?: RefObject<(() => void) | null>;
  /** Unread badges and last-message previews, fetched for the rows rendered. */
  summaries?: boolean;
  /**
   * Rows ask for their summary only once the list stops scrolling, so rows that fly past while
   * scrolling fast cost nothing (they show a summary already cached).
   */
  holdSummariesWhileScrolling?: boolean | undefined;
}

const rowHeight = 64;
const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function ThreadList(props: ThreadListProps): ReactNode {
  const { threads, hasNextPage, isFetchingNextPage, fetchNextPage, highlight } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const count = threads.length + (hasNextPage ? 1 : 0);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is meant to be read during render
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 8,
    getItemKey: (index) => threads[index]?.id ?? 'next-page',
  });
  const rows = virtualizer.getVirtualItems();
  // The last row actually in view (overscan rows are drawn but not seen).
  const lastIndex = virtualizer.range?.endIndex ?? -1;

  // The loader row came into view: fetch the next page (once; TanStack ignores repeats in flight).
  useEffect(() => {
    if (lastIndex >= threads.length && hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [lastIndex, threads.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  useEffect(() => {
    if (props.scrollToTop === undefined) return;
    props.scrollToTop.current = () => virtualizer.scrollToOffset(0);
  }, [props.scrollToTop, virtualizer]);

  return (
    <div className="thread-scroller" ref={scroller} tabIndex={0} aria-label="Threads, scrollable">
      <ul
        aria-label="Threads"
        aria-busy={isFetchingNextPage}
        className="thread-list"
        style={{ height: virtualizer.getTotalSize() }}
      >
        {rows.map((row) => {
          const thread = threads[row.index];
          const style = { height: row.size, transform: `translateY(${row.start}px)` };
          if (thread === undefined) {
            return (
              <li key={row.key} className="thread-row thread-row--loader" style={style} aria-hidden>
                Loading more threads…
              </li>
            );
          }
          const mark = highlight?.id === thread.id ? ` thread-row--${highlight.kind}` : '';
          const shown = { ...props, thread, className: mark, style, index: row.index };
          return props.summaries ? (
            <SummaryRow
              key={row.key}
              {...shown}
              hold={props.holdSummariesWhileScrolling === true && virtualizer.isScrolling}
            />
          ) : (
            <Row key={row.key} {...shown} />
          );
        })}
      </ul>
    </div>
  );
}

/** A row that knows what is new in its thread: bold when unread, a badge and a preview. */
function SummaryRow({ hold, ...props }: RowProps & { hold: boolean }): ReactNode {
  const { data, error } = useChatThreadSummary(props.thread.id, { enabled: !hold });
  const unread = unreadLabel(data);
  return (
    <Row
      {...props}
      className={`${props.className}${unread ? ' thread-row--unread' : ''}`}
      aside={<UnreadBadge label={unread} />}
    >
      <ThreadSummaryLine summary={data} error={error} />
    </Row>
  );
}

interface RowProps extends ThreadListProps {
  thread: ChatThreadItem;
  className: string;
  style: CSSProperties;
  index: number;
  /** Under the text: the preview. */
  children?: ReactNode;
  /** Beside the text, before Delete: the unread badge. */
  aside?: ReactNode;
}

function Row(props: RowProps): ReactNode {
  const { thread, highlight, hasNextPage, threads, index } = props;
  const selected = props.selectedId === thread.id ? ' thread-row--selected' : '';
  return (
    <li
      className={`thread-row${props.className}${selected}`}
      style={props.style}
      data-thread-id={thread.id}
      aria-posinset={index + 1}
      aria-setsize={hasNextPage ? -1 : threads.length}
      aria-current={props.selectedId === thread.id ? 'true' : undefined}
    >
      <div className="thread-row__text">
        {props.onOpen ? (
          <button
            type="button"
            className="thread-row__topic link"
            onClick={() => props.onOpen?.(thread)}
          >
            {thread.topic}
          </button>
        ) : (
          <span className="thread-row__topic">{thread.topic}</span>
        )}
        <span className="thread-row__meta">
          {thread.lastMessageReceivedOn
            ? `Last activity ${timeFormat.format(thread.lastMessageReceivedOn)}`
            : 'No messages yet'}
          {highlight?.id === thread.id && highlight.kind === 'restored'
            ? ' · delete refused, restored'
            : ''}
        </span>
        {props.children}
      </div>
      {props.aside}
      {props.onDelete && (
        <button
          type="button"
          className="button button--quiet"
          aria-label={`Delete ${thread.topic}`}
          onClick={() => props.onDelete?.(thread)}
        >
          Delete
        </button>
      )}
    </li>
  );
}
