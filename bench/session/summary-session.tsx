// The summary session (run by ./main.ts): an inbox that loads 50 threads and renders the first 20
// rows with their summaries, as the demo's rows do (useChatThreadSummary, the preview and the
// badge), in jsdom against the emulator over loopback HTTP. The emulator's request log gives the
// summary requests per thread: for the rows rendered, for the threads loaded but never rendered,
// and when the inbox is unmounted and mounted again.
import { render, waitFor } from '@testing-library/react/pure';
import type { ReactNode } from 'react';
import { useChatThreadSummary, useChatThreads } from '../../src/react/index.ts';
import {
  ThreadSummaryLine,
  UnreadBadge,
  unreadLabel,
} from '../../stories/inbox/ThreadSummaryLine.tsx';
import { countSummaryRequests, summaryCost, type SummaryCost } from '../summary-requests.ts';
import { openHarness } from './harness.tsx';

export interface SummaryReport {
  staleTimeMs: number;
  threadsLoaded: number;
  rowsShown: number;
  /** Opening the inbox: the rows' summaries, and every request (the list's page included). */
  open: SummaryCost & { allRequests: number };
  /** Unmounting the inbox and mounting it again with the same QueryClient. */
  remount: { summaryRequests: number; allRequests: number };
}

const threadsLoaded = 50;
const rowsShown = 20;

function SummaryRow({ threadId }: { threadId: string }): ReactNode {
  const { data, error } = useChatThreadSummary(threadId);
  return (
    <li data-thread-id={threadId} data-ready={data !== undefined || error !== null}>
      <ThreadSummaryLine summary={data} error={error} />
      <UnreadBadge label={unreadLabel(data)} />
    </li>
  );
}

function Inbox(): ReactNode {
  const list = useChatThreads({ pageSize: threadsLoaded });
  return (
    <ul data-loaded={list.threads.length}>
      {list.threads.slice(0, rowsShown).map((thread) => (
        <SummaryRow key={thread.id} threadId={thread.id} />
      ))}
    </ul>
  );
}

export async function summarySession(staleTimeMs: number): Promise<SummaryReport> {
  // Two users in every thread, taking turns: each thread has messages from the other to count.
  const harness = await openHarness(staleTimeMs, {
    users: 2,
    threads: threadsLoaded,
    messagesPerThread: 3,
  });
  const App = ({ inbox }: { inbox: boolean }) => (
    <harness.App>{inbox ? <Inbox /> : null}</harness.App>
  );
  const shown = () =>
    waitFor(
      () => {
        const list = document.querySelector('ul');
        if (list?.dataset.loaded !== String(threadsLoaded)) throw new Error('page not loaded');
        if (list.querySelectorAll('li[data-ready="true"]').length !== rowsShown)
          throw new Error('summaries not shown');
      },
      { timeout: 10_000 },
    );
  let view: ReturnType<typeof render> | undefined;
  const opened = await harness.requestsOf(async () => {
    view = render(<App inbox />);
    await shown();
  });
  const renderedIds = new Set(
    [...document.querySelectorAll('li[data-thread-id]')].map((li) =>
      li.getAttribute('data-thread-id')!,
    ),
  );
  const openCost = summaryCost(countSummaryRequests(opened), renderedIds);
  const remounted = await harness.requestsOf(async () => {
    view!.rerender(<App inbox={false} />);
    view!.rerender(<App inbox />);
    await shown();
  });
  const summaryRequests = summaryCost(countSummaryRequests(remounted), renderedIds).requests;
  view!.unmount();
  await harness.close();
  return {
    staleTimeMs,
    threadsLoaded,
    rowsShown,
    open: { ...openCost, allRequests: opened.length },
    remount: { summaryRequests, allRequests: remounted.length },
  };
}
