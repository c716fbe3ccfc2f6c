// After a short gap in the events (the first connection, made just after the first fetches; a
// connection back within seconds) the inbox catches up lightly: one request for the threads with
// activity since the newest listed, not a refetch of every loaded page, and a summary fetched
// again only when its thread changed. After a long gap, everything loaded is fetched again.
import { act, render, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EmulatorUser } from '../../src/emulator/index.ts';
import {
  ChatProvider,
  useChatThreads,
  useChatThreadSummary,
  type ChatThreadItem,
} from '../../src/react/index.ts';
import { useRealtime } from '../../src/react/chat-provider.tsx';
import { shortGapMs } from '../../src/react/realtime/resync.ts';
import { startEmulator, type TestEmulator } from '../support/emulator.ts';
import { ScriptedRealtime } from '../support/scripted-realtime.ts';
import { newQueryClient, openClient } from './helpers.tsx';

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());
afterEach(() => vi.restoreAllMocks());

const pageSize = 10;
// Rows that show a summary: the first page's.
const summarised = pageSize;

function Row({ thread }: { thread: ChatThreadItem }): ReactNode {
  const summary = useChatThreadSummary(thread.id);
  return (
    <li>
      {thread.topic}: {summary.data?.lastMessage?.preview ?? '…'}
    </li>
  );
}

/** Ann's inbox, three pages loaded with the first page's summaries, not connected yet. */
async function inbox() {
  const { users, threadIds } = await emu.emulator.seed({
    users: 2,
    threads: 3 * pageSize,
    messagesPerThread: 1,
    topic: 'Thread',
  });
  const [ann, bob] = users as [EmulatorUser, EmulatorUser];
  const source = new ScriptedRealtime();
  const queryClient = newQueryClient();
  const seenRef: { current?: { list: ReturnType<typeof useChatThreads>; live?: unknown } } = {};
  function useInbox() {
    return { list: useChatThreads({ pageSize }), live: useRealtime('Inbox').live };
  }
  const seen = (value: ReturnType<typeof useInbox>) => void (seenRef.current = value);
  function Inbox({ onRender }: { onRender: typeof seen }) {
    const inbox = useInbox();
    onRender(inbox);
    const { list } = inbox;
    return (
      <ul>
        {list.threads.slice(0, summarised).map((t) => (
          <Row key={t.id} thread={t} />
        ))}
      </ul>
    );
  }
  const view = render(
    <ChatProvider
      client={openClient(emu, ann)}
      userId={ann.userId}
      queryClient={queryClient}
      realtime={source}
    >
      <Inbox onRender={seen} />
    </ChatProvider>,
  );
  const list = () => seenRef.current!.list;
  await waitFor(() => expect(list().threads).toHaveLength(pageSize));
  for (const pages of [2, 3]) {
    await act(() => list().fetchNextPage());
    await waitFor(() => expect(list().threads).toHaveLength(pages * pageSize));
  }
  await waitFor(() => expect(view.container.textContent).not.toContain('…'));
  await waitFor(() => expect(seenRef.current?.live).toBeDefined());
  const settled = () =>
    waitFor(() => {
      const live = seenRef.current?.live as { pending: { resyncs: number } };
      expect(live.pending.resyncs).toBe(0);
      expect(queryClient.isFetching()).toBe(0);
    });
  await settled();
  const bobClient = openClient(emu, bob);
  const newestFirst = [...threadIds].reverse();
  return { ann, bob, bobClient, source, list, view, settled, newestFirst };
}

const threadRequests = () =>
  emu.emulator.requests
    .filter((r) => r.method === 'GET')
    .map((r) => new URL(r.url))
    .filter((url) => url.pathname === '/chat/threads');
const summaryRequests = () =>
  emu.emulator.requests.filter(
    (r) =>
      r.method === 'GET' &&
      /\/chat\/threads\/[^/]+\/(messages|readReceipts)$/.test(new URL(r.url).pathname),
  );

describe('catching up after a gap', () => {
  it('is one list request and the changed thread’s summary after a short gap', async () => {
    const { ann, bobClient, source, list, view, settled, newestFirst } = await inbox();
    // In the gap: a message in the fifth thread, and a new thread.
    const fifth = newestFirst[4]!;
    await bobClient.getChatThreadClient(fifth).sendMessage({ content: 'in the gap' });
    const created = await bobClient.createChatThread(
      { topic: 'New in the gap' },
      { participants: [{ id: { communicationUserId: ann.userId } }] },
    );
    emu.emulator.clearRequests();
    act(() => source.emit('realTimeNotificationConnected'));
    await settled();
    await waitFor(() => expect(view.container.textContent).toContain('in the gap'));
    const ids = list().threads.map((t) => t.id);
    expect(ids.slice(0, 2).sort()).toEqual([created.chatThread!.id, fifth].sort());
    expect(ids).toHaveLength(3 * pageSize + 1);
    const lists = threadRequests();
    expect(lists).toHaveLength(1);
    expect(lists[0]!.searchParams.has('startTime')).toBe(true);
    // The fifth thread's summary (its receipt, its messages), and the new thread's first fetch.
    const fetched = new Set(summaryRequests().map((r) => decodeURIComponent(r.url)));
    expect([...fetched].filter((url) => url.includes(fifth))).not.toHaveLength(0);

    for (const id of newestFirst.slice(0, summarised).filter((id) => id !== fifth))
      expect([...fetched].filter((url) => url.includes(id))).toEqual([]);
  });

  it(`fetches every loaded page and summary again after a gap longer than ${shortGapMs / 1000} s`, async () => {
    const { source, settled } = await inbox();
    emu.emulator.clearRequests();
    const now = Date.now();
    vi.spyOn(Date, 'now').mockImplementation(() => now + shortGapMs + 1000);
    act(() => source.emit('realTimeNotificationConnected'));
    await settled();
    expect(threadRequests()).toHaveLength(3);
    expect(summaryRequests().length).toBeGreaterThanOrEqual(summarised);
  });
});
