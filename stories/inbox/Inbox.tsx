// The Inbox screen: the signed-in user's threads (useChatThreads, infinite and virtualised), the
// create form (useCreateChatThread) and optimistic delete (useDeleteChatThread): a deleted thread
// leaves the list at once; if the service refuses, it comes back where it was, marked, with an alert.
import { useIsMutating } from '@tanstack/react-query';
import { useRef, useState, type ReactNode } from 'react';
import {
  chatKeys,
  useChatScope,
  useChatThreads,
  useDeleteChatThread,
  useUnreadChatCount,
  type ChatThreadItem,
} from '../../src/react/index.ts';
import { ConnectionBadge } from '../support/ConnectionBadge.tsx';
import { useDemo } from '../support/demo-chat.tsx';
import { CreateThreadForm } from './CreateThreadForm.tsx';
import { ThreadList } from './ThreadList.tsx';

export interface InboxProps {
  /** Threads per page. Default 20. */
  pageSize?: number;
  /** No create form and no Delete buttons (the shared 10,000-thread inbox). */
  readOnly?: boolean;
  /** Unread badges and previews (two requests per row rendered). Default: unless readOnly. */
  summaries?: boolean;
  /** Summaries wait until the list stops scrolling (rows scrolled past fetch nothing). */
  holdSummariesWhileScrolling?: boolean;
  onOpen?: (thread: ChatThreadItem) => void;
  selectedId?: string | undefined;
}

type Notice = { kind: 'info' | 'error'; text: string };

export function Inbox(props: InboxProps): ReactNode {
  const { pageSize = 20, readOnly, onOpen, selectedId, summaries = !readOnly } = props;
  const { session } = useDemo();
  // Threads the user left stay listed, marked (their summary answers 403).
  const threads = useChatThreads({ pageSize, includeRemoved: true });
  const unread = useUnreadChatCount();
  const deleteThread = useDeleteChatThread();
  const deleting = useIsMutating({
    mutationKey: chatKeys(useChatScope()).mutations.deleteThread(),
  });
  const [notice, setNotice] = useState<Notice>();
  const [highlight, setHighlight] = useState<{ id: string; kind: 'created' | 'restored' }>();
  const scrollToTop = useRef<(() => void) | null>(null);

  function remove(thread: ChatThreadItem) {
    setNotice(undefined);
    // mutateAsync settles per call, so concurrent deletes each report their own outcome.
    deleteThread.mutateAsync(thread.id).then(
      () => setNotice({ kind: 'info', text: `Deleted “${thread.topic}”.` }),
      (error: Error) => {
        setHighlight({ id: thread.id, kind: 'restored' });
        setNotice({
          kind: 'error',
          text: `Could not delete “${thread.topic}”: ${error.message} It is back in the list.`,
        });
      },
    );
  }

  function created(threadId: string) {
    setHighlight({ id: threadId, kind: 'created' });
    scrollToTop.current?.();
  }

  let body: ReactNode;
  if (threads.isPending) {
    body = (
      <div className="placeholder">
        <p role="status">Loading threads…</p>
        <div className="skeleton" aria-hidden />
        <div className="skeleton" aria-hidden />
        <div className="skeleton" aria-hidden />
      </div>
    );
  } else if (threads.data === undefined) {
    body = (
      <div role="alert" className="placeholder error">
        <p>Could not load your threads: {threads.error?.message}</p>
        <button type="button" className="button" onClick={() => void threads.refetch()}>
          Try again
        </button>
      </div>
    );
  } else if (threads.threads.length === 0) {
    body = (
      <p className="placeholder" role="status">
        No threads yet. Start one with the form.
      </p>
    );
  } else {
    body = (
      <ThreadList
        threads={threads.threads}
        hasNextPage={threads.hasNextPage}
        isFetchingNextPage={threads.isFetchingNextPage}
        fetchNextPage={threads.fetchNextPage}
        onDelete={readOnly ? undefined : remove}
        onOpen={onOpen}
        selectedId={selectedId}
        highlight={highlight}
        scrollToTop={scrollToTop}
        summaries={summaries}
        holdSummariesWhileScrolling={props.holdSummariesWhileScrolling}
      />
    );
  }

  const loaded = threads.threads.length;
  return (
    <section className="inbox" aria-labelledby="inbox-title">
      <header className="inbox__header">
        <h1 id="inbox-title">Inbox</h1>
        {summaries && unread > 0 && (
          <span className="unread" aria-label="Unread in all">
            {unread} unread
          </span>
        )}
        <ConnectionBadge />
        <p className="signed-in">
          Signed in as <strong>{session.user.displayName}</strong>
          {session.mode === 'emulator' ? ' · local emulator' : ' · Azure Communication Services'}
        </p>
      </header>
      <div className={`inbox__body${readOnly ? ' inbox__body--list-only' : ''}`}>
        {!readOnly && <CreateThreadForm onCreated={created} />}
        <div className="inbox__list">
          {notice && (
            <div
              role={notice.kind === 'error' ? 'alert' : 'status'}
              className={`notice notice--${notice.kind}`}
            >
              {notice.text}
              <button
                type="button"
                className="button button--quiet"
                aria-label="Dismiss"
                onClick={() => setNotice(undefined)}
              >
                ×
              </button>
            </div>
          )}
          {body}
          {threads.isSuccess && loaded > 0 && (
            <p className="list-status" role="status" aria-label="List status">
              {`${loaded} ${loaded === 1 ? 'thread' : 'threads'} loaded`}
              {threads.isFetchingNextPage
                ? ' · loading more…'
                : threads.hasNextPage
                  ? ' · scroll for more'
                  : ' · that is all'}
              {deleting > 0 ? ` · deleting ${deleting}…` : ''}
              {threads.isFetching && !threads.isFetchingNextPage ? ' · refreshing…' : ''}
            </p>
          )}
          {threads.isRefetchError && (
            <div role="alert" className="notice notice--error">
              Could not refresh the list: {threads.error.message}
            </div>
          )}
          {threads.isFetchNextPageError && (
            <div role="alert" className="notice notice--error">
              Could not load more threads: {threads.error?.message}
              <button
                type="button"
                className="button button--quiet"
                onClick={() => void threads.fetchNextPage()}
              >
                Retry
              </button>
            </div>
          )}
        </div>
      </div>
    </section>
  );
}
