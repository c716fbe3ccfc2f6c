// The scripted inbox session (run by ./main.ts in its own Node process): our hooks in jsdom against
// the emulator over loopback HTTP, counting the requests the emulator receives in each step.
// Scrolling is what an inbox does at the end of its list: it calls fetchNextPage.
import { act, render, waitFor } from '@testing-library/react/pure';
import type { ReactNode } from 'react';
import { useRealtime } from '../../src/react/chat-provider.tsx';
import {
  useChatConnection,
  useChatThreads,
  useCreateChatThread,
  useDeleteChatThread,
} from '../../src/react/index.ts';
import { openHarness } from './harness.tsx';

export interface SessionStep {
  name: string;
  /** The chat API's requests (data), the real-time channel's left out: see `channel`. */
  requests: number;
  /** Requests of the real-time connection: its configuration, allocation, socket, registration. */
  channel: number;
  /** The fewest requests that step could make: only what is not already in the cache. */
  minimum: number;
  /** Method and path of each request, for the notes. */
  calls: string[];
}

export interface SessionReport {
  staleTimeMs: number;
  steps: SessionStep[];
}

const pageSize = 20;

// The real-time channel's requests: its configuration (on the chat API's host), and the rest on
// the channel's own hosts (the emulator serves them too).
const isChannel = (path: string) =>
  path === '/chat/config/realTimeNotifications' || /^\/(trouter|socket\.io|registrar)\//.test(path);

interface InboxApi {
  threadIds: string[];
  /** Connected, and caught up. */
  live: boolean;
  fetchNextPage(): Promise<unknown>;
  create(topic: string): Promise<string>;
  remove(threadId: string): Promise<void>;
}

let api: InboxApi | undefined;

function Inbox(): ReactNode {
  const list = useChatThreads({ pageSize });
  const create = useCreateChatThread();
  const remove = useDeleteChatThread();
  const connection = useChatConnection();
  const { live } = useRealtime('Inbox');
  api = {
    threadIds: list.threads.map((t) => t.id),
    get live() {
      return connection === 'connected' && live?.pending.resyncs === 0;
    },
    fetchNextPage: () => list.fetchNextPage(),
    create: async (topic) => (await create.mutateAsync({ topic })).chatThread!.id,
    remove: (threadId) => remove.mutateAsync(threadId),
  };
  return (
    <ul>
      {list.threads.map((thread) => (
        <li key={thread.id}>{thread.topic}</li>
      ))}
    </ul>
  );
}

export async function session(staleTimeMs: number): Promise<SessionReport> {
  const harness = await openHarness(staleTimeMs, { users: 1, threads: 200 });
  const App = ({ inbox }: { inbox: boolean }) => (
    <harness.App>{inbox ? <Inbox /> : null}</harness.App>
  );
  const steps: SessionStep[] = [];
  const step = async (name: string, minimum: number, action: () => Promise<void>) => {
    const records = await harness.requestsOf(action);
    const calls = records.map((r) => {
      const url = new URL(r.url);
      const kind = url.searchParams.has('syncState')
        ? ' (next page)'
        : url.searchParams.has('startTime')
          ? ' (catch-up)'
          : '';
      return `${r.method} ${url.pathname}${kind}`;
    });
    const channel = records.filter((r) => isChannel(new URL(r.url).pathname)).length;
    steps.push({ name, requests: calls.length - channel, channel, minimum, calls });
  };

  let view: ReturnType<typeof render> | undefined;
  // The first page, and one catch-up once connected: the service replays nothing, so what came
  // between that page and the connection is asked for (one request, whatever was loaded).
  await step('open the inbox (first page, then the catch-up on connecting)', 2, async () => {
    view = render(<App inbox />);
    await waitFor(
      () => {
        if (api?.threadIds.length !== pageSize) throw new Error('first page not shown');
        if (!api.live) throw new Error('not connected and caught up');
      },
      { timeout: 10_000 },
    );
  });
  await step('scroll 3 pages', 3, async () => {
    for (let page = 2; page <= 4; page++) {
      await act(() => api!.fetchNextPage());
      await waitFor(() => {
        if (api!.threadIds.length !== page * pageSize) throw new Error(`page ${page} not shown`);
      });
    }
  });
  await step('remount the inbox', 0, async () => {
    view!.rerender(<App inbox={false} />);
    view!.rerender(<App inbox />);
  });
  let created = '';
  await step('create a thread', 1, async () => {
    created = await act(() => api!.create('New thread'));
    await waitFor(() => {
      if (api!.threadIds[0] !== created) throw new Error('created thread not first');
    });
  });
  await step('delete it', 1, async () => {
    await act(() => api!.remove(created));
    await waitFor(() => {
      if (api!.threadIds.includes(created)) throw new Error('deleted thread still shown');
    });
  });
  await step('close and reopen the inbox (new provider)', 0, async () => {
    view!.unmount();
    api = undefined;
    view = render(<App inbox />);
    await waitFor(() => {
      // Four pages, less the deleted thread (still listed by the service, with deletedOn; hidden).
      if ((api?.threadIds.length ?? 0) < 4 * pageSize - 1) throw new Error('inbox not back');
    });
  });
  view!.unmount();
  await harness.close();
  return { staleTimeMs, steps };
}
