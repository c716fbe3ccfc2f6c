// Thread summaries over the demo's seed (.storybook/demo-data.ts), as the Inbox computes them: Ada's
// threads with 0, 1, 5 and 150 unread messages and the thread she was removed from, over HTTP to
// the emulator, counting the requests each summary costs.
import { QueryClient } from '@tanstack/react-query';
import { act, render, waitFor } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { demoClock, seedDemo } from '../../.storybook/demo-data.ts';
import type { EmulatorUser } from '../../src/emulator/index.ts';
import {
  applyChatEvent,
  maxCountedUnread,
  useChatThreads,
  useChatThreadSummary,
  useUnreadChatCount,
  type ChatThreadItem,
} from '../../src/react/index.ts';
import type { DemoWorld } from '../../stories/support/cast.ts';
import { refusedTopic, unreadByTopic } from '../../stories/support/demo-constants.ts';
import { startEmulator, type TestEmulator } from '../support/emulator.ts';
import { harness, renderChatHook } from './helpers.tsx';

let emu: TestEmulator;
let world: DemoWorld;
let ada: EmulatorUser;
let threads: ChatThreadItem[];

beforeAll(async () => {
  const clock = demoClock();
  emu = await startEmulator({ now: clock.now });
  world = await seedDemo(emu.emulator, clock);
  ada = { userId: world.user.userId, ...(await emu.emulator.issueToken(world.user.userId)) };
  const client = harness(emu, ada).client;
  threads = [];
  for await (const thread of client.listChatThreads({ maxPageSize: 100 })) threads.push(thread);
}, 60_000);
afterAll(() => emu.close());

const threadWith = (topic: string) => threads.find((t) => t.topic === topic)!;

/** The requests Ada's client made to one thread since the log was cleared, as `METHOD /path`. */
function requestsFor(threadId: string): string[] {
  return emu.emulator.requests
    .filter((r) => r.headers.authorization === `Bearer ${ada.token}`)
    .map((r) => `${r.method} ${decodeURIComponent(new URL(r.url).pathname)}`)
    .filter((line) => line.includes(`/chat/threads/${threadId}`))
    .map((line) => line.replace(`/chat/threads/${threadId}`, ''));
}

describe('useChatThreadSummary over the demo seed', () => {
  it('counts 0, 1, 5 and 150 (capped: 99+) unread with two requests per thread', async () => {
    const h = harness(emu, ada);
    emu.emulator.clearRequests();
    for (const [topic, unread] of Object.entries(unreadByTopic)) {
      const { id } = threadWith(topic);
      const { result } = renderChatHook(h, () => useChatThreadSummary(id));
      await waitFor(() => expect(result.current.isSuccess).toBe(true));
      const summary = result.current.data!;
      expect({ topic, count: summary.unreadCount, capped: summary.unreadCapped }).toEqual({
        topic,
        count: Math.min(unread, maxCountedUnread),
        capped: unread >= maxCountedUnread,
      });
      expect(summary.unreadMessageIds).toHaveLength(summary.unreadCount);
      // Her own receipt, then the messages since its message: one page each.
      expect(requestsFor(id)).toEqual(['GET /readReceipts', 'GET /messages']);
      // The preview is the newest message, as the service lists it.
      const [newest] = (await h.client.getChatThreadClient(id).listMessages().page()).items;
      expect(summary.lastMessage).toEqual({
        id: newest!.id,
        type: 'text',
        sender: newest!.sender,
        senderDisplayName: newest!.senderDisplayName,
        preview: newest!.content!.message,
        createdOn: newest!.createdOn,
        version: newest!.version,
      });
      // Read up to her receipt (sent after the two messages before the unread ones).
      expect(summary.lastReadOn).toBeInstanceOf(Date);
      emu.emulator.clearRequests();
    }
    // The total over the summaries loaded: 0 + 1 + 5 + 100.
    const total = renderChatHook(h, () => useUnreadChatCount());
    expect(total.result.current).toBe(1 + 5 + maxCountedUnread);

    // Reading the 50th newest of the 150 (on another device) reads every older one, counted or not.
    const busy = threadWith('Harbor on-call handover').id;
    const key = h.keys.threadSummary(busy);
    const { unreadMessageIds } = h.queryClient.getQueryData(key)!;
    const receipt = (chatMessageId: string) =>
      act(() =>
        applyChatEvent(h.queryClient, h.scope, {
          type: 'readReceiptReceived',
          threadId: busy,
          receipt: {
            sender: { kind: 'unknown', id: ada.userId },
            chatMessageId,
            readOn: new Date(),
          },
        }),
      );
    // A receipt older than every counted message leaves the count a lower bound.
    receipt(String(Number(unreadMessageIds.at(-1)!) - 1));
    expect(h.queryClient.getQueryData(key)).toMatchObject({ unreadCount: 100, unreadCapped: true });
    receipt(unreadMessageIds[50]!);
    expect(h.queryClient.getQueryData(key)).toMatchObject({ unreadCount: 50, unreadCapped: false });
    await waitFor(() => expect(total.result.current).toBe(1 + 5 + 50));
  });

  it('fetches summaries only for the rows rendered', async () => {
    const h = harness(emu, ada);
    emu.emulator.clearRequests();
    const rendered = new Set<string>();
    function Row({ id }: { id: string }) {
      rendered.add(id);
      const summary = useChatThreadSummary(id);
      return <li>{summary.data?.unreadCount ?? '…'}</li>;
    }
    function Inbox() {
      const { threads: listed } = useChatThreads({ pageSize: 20 });
      // A window of the first three rows, as a virtualised list renders what is on screen.
      return (
        <ul>
          {listed.slice(0, 3).map((t) => (
            <Row key={t.id} id={t.id} />
          ))}
        </ul>
      );
    }
    render(<Inbox />, { wrapper: h.wrapper });
    // The thread she was removed from is among the first three: its summary's 403 hides it, and
    // the next thread moves into the window.
    expect(threads.slice(0, 3).map((t) => t.topic)).toContain(refusedTopic);
    await waitFor(() => expect(rendered.size).toBe(4));
    await waitFor(() =>
      expect(h.queryClient.isFetching({ queryKey: [...h.keys.all, 'thread'] })).toBe(0),
    );
    const fetched = summaryRequests().map((r) => r.threadId);
    expect(new Set(fetched)).toEqual(new Set(threads.slice(0, 4).map((t) => t.id)));
    expect(rendered).toEqual(new Set(fetched));
    // Two each, but one for the refused thread.
    expect(fetched).toHaveLength(7);
  });
});

describe('useChatThreads({ includeRemoved })', () => {
  it('hides the thread she was removed from once its summary answers 403, unless asked', async () => {
    const left = threadWith(refusedTopic);
    // Hooks that read every summary are told of a change after the render that made it (as
    // TanStack's own are): React warns of an update "while rendering a different component".
    const errors = vi.spyOn(console, 'error');
    for (const includeRemoved of [false, true]) {
      const h = harness(emu, ada);
      emu.emulator.clearRequests();
      const { result } = renderChatHook(h, () => ({
        list: useChatThreads({ pageSize: 100, includeRemoved }),
        summary: useChatThreadSummary(left.id),
      }));
      await waitFor(() => expect(result.current.summary.isError).toBe(true));
      expect(result.current.summary.error?.statusCode).toBe(403);
      const ids = result.current.list.threads.map((t) => t.id);
      expect({ includeRemoved, listed: ids.includes(left.id) }).toEqual({
        includeRemoved,
        listed: includeRemoved,
      });
      expect(ids).toHaveLength(threads.length - (includeRemoved ? 0 : 1));
      // Nothing beyond the summary's first request, which the service refused.
      expect(requestsFor(left.id)).toEqual(['GET /readReceipts']);
    }
    const during = errors.mock.calls.filter((call) => String(call[0]).includes('while rendering'));
    errors.mockRestore();
    expect(during).toEqual([]);
  });
  it('keeps the thread hidden once its row is gone, though nothing else shows its summary', async () => {
    // gcTime 0: a query no one observes is dropped at once, so a hidden thread whose 403 were
    // forgotten would be listed again, its row would ask again, and so on.
    const queryClient = new QueryClient({
      defaultOptions: { queries: { retry: false, gcTime: 0 } },
    });
    const h = harness(emu, ada, { queryClient });
    const left = threadWith(refusedTopic);
    emu.emulator.clearRequests();
    const rendered: string[] = [];
    function Row({ id }: { id: string }) {
      rendered.push(id);
      useChatThreadSummary(id);
      return null;
    }
    function Inbox() {
      const { threads: listed } = useChatThreads({ pageSize: 100 });
      return listed.map((t) => <Row key={t.id} id={t.id} />);
    }
    const view = render(<Inbox />, { wrapper: h.wrapper });
    const summary = () => queryClient.getQueryState(h.keys.threadSummary(left.id));
    await waitFor(() => expect(summary()?.error?.statusCode).toBe(403));
    await waitFor(() => expect(queryClient.isFetching()).toBe(0));
    // A macrotask for TanStack's gc timers (gcTime 0) to run.
    await act(() => new Promise((resolve) => setTimeout(resolve, 0)));
    expect(summary()?.error?.statusCode).toBe(403);
    expect(rendered.filter((id) => id === left.id)).toHaveLength(1);
    expect(requestsFor(left.id)).toEqual(['GET /readReceipts']);
    view.unmount();
  });
});

/** Summary requests since the log was cleared, with the thread each was for. */
function summaryRequests() {
  return emu.emulator.requests
    .map((r) => ({ r, path: decodeURIComponent(new URL(r.url).pathname) }))
    .filter(({ r, path }) => r.method === 'GET' && /\/(readReceipts|messages)$/.test(path))
    .map(({ path }) => ({ threadId: path.split('/')[3]!, path }));
}
